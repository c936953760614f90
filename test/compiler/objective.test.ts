// The split pass's mapping objectives: `cores` packs onto the fewest cores, `latency` and `throughput` give each group cores of its own and are never slower than `cores` in the mode they optimise; every objective stays bit-exact in both modes.
import { describe, expect, it } from 'vitest';
import { measureActivity } from '../../compiler/commands/compile.ts';
import { compileQGraph, type CompileResult } from '../../compiler/compile.ts';
import { MAPPING_OBJECTIVES, defaultObjective } from '../../compiler/cost/objective.ts';
import { balancedCuts } from '../../compiler/cost/allocate.ts';
import { loadChipSpec } from '../../isa/chip/load.ts';
import { DEFAULT_MODEL } from '../../models/bundled/index.ts';
import { syntheticFrames } from '../../models/data/synthetic-frames.ts';
import { readQGraphFile } from '../../models/qgraph/format.ts';
import type { InputOp } from '../../models/qgraph/types.ts';
import { runReference } from '../../models/reference/interpreter.ts';
import { loadImage } from '../../simulator/load.ts';
import { simulate } from '../../simulator/simulate.ts';
import type { SimulationResult } from '../../simulator/result.ts';

const graph = readQGraphFile(DEFAULT_MODEL.file);
const chip = loadChipSpec('loihi2');
const op = graph.spec.ops[0] as InputOp;
const frames = syntheticFrames({ count: 24, seed: 3 });
const reference = runReference(graph, frames).outputs;
const activity = measureActivity(graph, 50);

function run(result: CompileResult, mode: 'fall-through' | 'pipelined'): SimulationResult {
  return simulate(loadImage(result.image, chip, 'objective'), { mode, input: { exp: op.exp, offset: op.offset }, frames });
}

describe('compile --objective', () => {
  const compiled = Object.fromEntries(MAPPING_OBJECTIVES.map((objective) => [objective, compileQGraph(graph, { chip, mode: 'both', seed: 0, objective, activity, verify: true })]));
  const runs = Object.fromEntries(MAPPING_OBJECTIVES.map((o) => [o, { f: run(compiled[o], 'fall-through'), p: run(compiled[o], 'pipelined') }]));

  it('defaults to latency for fall-through images and throughput otherwise', () => {
    expect(defaultObjective('fall-through')).toBe('latency');
    expect(defaultObjective('pipelined')).toBe('throughput');
    expect(defaultObjective('both')).toBe('throughput');
    expect(compileQGraph(graph, { chip, mode: 'both', seed: 0 }).report.speed.objective).toBe('throughput');
  });

  it('cores uses the fewest cores; the speed objectives give every group cores of its own', () => {
    const groups = compiled.cores.report.groups.length;
    expect(compiled.cores.report.coresUsed).toBeLessThan(groups);
    for (const objective of ['latency', 'throughput'] as const) {
      const r = compiled[objective].report;
      expect(r.coresUsed).toBeGreaterThan(groups);
      expect(r.coresUsed).toBeLessThanOrEqual(chip.coresPerChip);
      for (const core of r.cores) expect(new Set(core.blocks.map((b) => b.group)).size).toBe(1);
    }
  });

  it('every objective is bit-exact with the reference in both modes', () => {
    for (const o of MAPPING_OBJECTIVES) {
      expect(Array.from(runs[o].f.outputs)).toEqual(Array.from(reference));
      expect(Array.from(runs[o].p.outputs)).toEqual(Array.from(reference));
    }
  });

  it('latency never simulates a slower fall-through step than cores, throughput never a slower pipelined step', () => {
    expect(runs.latency.f.stepTimeNs).toBeLessThanOrEqual(runs.cores.f.stepTimeNs);
    expect(runs.throughput.p.stepTimeNs).toBeLessThanOrEqual(runs.cores.p.stepTimeNs);
  });

  it('the report predicts both step times within 2× of the simulation and never below the max-affine bound', () => {
    for (const o of MAPPING_OBJECTIVES) {
      const s = compiled[o].report.speed;
      expect(s.pipelinedStepUs).toBeGreaterThanOrEqual(s.maxAffineBoundUs);
      expect(s.fallThroughStepUs).toBeGreaterThanOrEqual(s.maxAffineBoundUs);
      const ratioF = (s.fallThroughStepUs * 1e3) / runs[o].f.stepTimeNs;
      const ratioP = (s.pipelinedStepUs * 1e3) / runs[o].p.stepTimeNs;
      expect(ratioF).toBeGreaterThan(0.5);
      expect(ratioF).toBeLessThan(2);
      expect(ratioP).toBeGreaterThan(0.5);
      expect(ratioP).toBeLessThan(2);
    }
  });
});

describe('balancedCuts', () => {
  it('cuts a work prefix into slices of equal work, each at least one neuron', () => {
    const prefix = Float64Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8);
    expect(Array.from(balancedCuts(prefix, 4))).toEqual([0, 2, 4, 6, 8]);
    const skewed = Float64Array.of(0, 10, 11, 12, 13);
    expect(Array.from(balancedCuts(skewed, 2))).toEqual([0, 1, 4]);
    expect(Array.from(balancedCuts(prefix, 8))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
