// The bundled models, compiled for one Loihi 2 chip and for the multi-chip `tiny` system, simulated in both modes over 200 frames:
// bit-exact with the reference interpreter, pipelined = fall-through delayed by the depth, every step above its max-affine bound,
// energy = Σ counts × the chip spec's table, and the throughput/latency order of the two modes.
import { beforeAll, describe, expect, it } from 'vitest';
import { compileQGraph } from '../../compiler/compile.ts';
import { IrExecutor } from '../../compiler/ir/execute.ts';
import { loadChipSpec } from '../../isa/chip/load.ts';
import type { ChipSpec } from '../../isa/chip/schema.ts';
import { BUNDLED_MODELS } from '../../models/bundled/index.ts';
import { syntheticFrames } from '../../models/data/synthetic-frames.ts';
import { readQGraphFile } from '../../models/qgraph/format.ts';
import type { InputOp, QGraph } from '../../models/qgraph/types.ts';
import { runReference } from '../../models/reference/interpreter.ts';
import { ACTION_COUNT } from '../../simulator/actions.ts';
import { loadImage, type LoadedImage } from '../../simulator/load.ts';
import type { StepView } from '../../simulator/machine.ts';
import type { SimulationResult } from '../../simulator/result.ts';
import { simulate } from '../../simulator/simulate.ts';
import { randomQGraph } from '../models/qgraph/random-qgraph.ts';

const FRAMES = 200;
const frames = syntheticFrames({ count: FRAMES, seed: 5 });

/** Busy time of one core's row of action counts, from the spec's timing table directly (not simulator/actions.ts): integration and neuron work add on a shared core and overlap on separate units. */
function coreNs(spec: ChipSpec, counts: Float64Array, row: number): number {
  const t = spec.timing;
  const c = (i: number) => counts[row * ACTION_COUNT + i];
  const i = t.instructionNs;
  const synaptic = c(0) * t.synOpNs + c(8) * t.messageReceiveNs;
  const neuron = c(1) * t.neuronUpdateNs + c(2) * i.alu + c(3) * i.mul + c(4) * i.lut + c(5) * i.mem + c(6) * i.emit + c(7) * t.messageSendNs;
  return t.synapticUnit === 'separate' ? Math.max(synaptic, neuron) : synaptic + neuron;
}

/** Energy of a run's token window from the spec's energy table directly. */
function energyPj(spec: ChipSpec, r: SimulationResult): { dynamic: number; static: number } {
  const e = spec.energy;
  const prices = [e.synOpPj, e.neuronUpdatePj, e.instructionPj.alu, e.instructionPj.mul, e.instructionPj.lut, e.instructionPj.mem, e.instructionPj.emit, e.messageSendPj, e.messageReceivePj, e.hopPj.eastWest, e.hopPj.northSouth, e.chipCrossingPj];
  let dynamic = 0;
  r.totals.actions.forEach((n, k) => (dynamic += n * prices[k % ACTION_COUNT]));
  dynamic += e.activeWattsPerChip * r.chipsUsed * r.simulatedNs * 1e3;
  return { dynamic, static: e.staticWattsPerChip * r.chipsUsed * r.simulatedNs * 1e3 };
}

interface Run {
  readonly result: SimulationResult;
  /** Steps whose time fell below the max-affine bound (should stay empty). */
  readonly belowBound: string[];
}

function run(img: LoadedImage, q: QGraph, mode: 'fall-through' | 'pipelined', input = frames): Run {
  const op = q.spec.ops[0] as InputOp;
  const belowBound: string[] = [];
  const onStep = (v: StepView) => {
    let bound = 0;
    for (let c = 0; c < img.cores.count; c++) bound = Math.max(bound, coreNs(img.spec, v.coreActions, c));
    for (let l = 0; l < v.linkPackets.length; l++) bound = Math.max(bound, v.linkPackets[l] * img.network.links.occupancyNs[l]);
    bound += v.machine.barrierNs;
    if (v.endNs - v.startNs < bound - 1e-6) belowBound.push(`step ${v.step}: ${v.endNs - v.startNs} < ${bound}`);
  };
  return { result: simulate(img, { mode, input: { exp: op.exp, offset: op.offset }, frames: input, onStep }), belowBound };
}

const cases = [
  ...BUNDLED_MODELS.map((m) => ({ preset: 'loihi2', model: m })),
  ...BUNDLED_MODELS.map((m) => ({ preset: 'tiny', model: m })),
];

for (const { preset, model } of cases) {
  describe(`${model.name} on ${preset}`, () => {
    let q: QGraph;
    let reference: Int32Array;
    let fallThrough: Run;
    let pipelined: Run;
    let spec: ChipSpec;
    beforeAll(() => {
      spec = loadChipSpec(preset);
      q = readQGraphFile(model.file);
      const img = loadImage(compileQGraph(q, { chip: spec, mode: 'both', seed: 0 }).image, spec);
      reference = runReference(q, frames).outputs;
      fallThrough = run(img, q, 'fall-through');
      pipelined = run(img, q, 'pipelined');
    });

    it('is bit-exact with the reference interpreter in both modes', () => {
      expect(fallThrough.result.outputs).toEqual(reference);
      expect(pipelined.result.outputs).toEqual(reference);
      if (preset === 'tiny') expect(fallThrough.result.chipsUsed).toBeGreaterThan(1);
    });

    it('pipelined emits fall-through\'s outputs delayed by the pipeline depth', () => {
      const depth = pipelined.result.pipelineDepth;
      const w = pipelined.result.outputCount;
      expect(depth).toBe(1 + 3 * q.hyper.layers);
      expect(pipelined.result.stepOutputs.subarray(depth * w, (depth + FRAMES) * w)).toEqual(fallThrough.result.stepOutputs);
      expect(pipelined.result.stepOutputs.subarray(0, depth * w).every((v) => v === 0)).toBe(true);
    });

    it('takes at least the max-affine lower bound in every step', () => {
      expect(fallThrough.belowBound).toEqual([]);
      expect(pipelined.belowBound).toEqual([]);
    });

    it('pipelined has at least fall-through\'s throughput, fall-through at most pipelined\'s latency', () => {
      expect(pipelined.result.throughputTokensPerS).toBeGreaterThanOrEqual(fallThrough.result.throughputTokensPerS);
      expect(fallThrough.result.latencyNs).toBeLessThanOrEqual(pipelined.result.latencyNs);
    });

    it('charges energy = Σ counts × the energy table + (active + static) power × time, and the breakdowns add up', () => {
      for (const r of [fallThrough.result, pipelined.result]) {
        const e = energyPj(spec, r);
        expect(r.energy.dynamicPj).toBeCloseTo(e.dynamic, 3);
        expect(r.energy.staticPj).toBeCloseTo(e.static, 3);
        expect(r.energy.totalPj).toBeCloseTo(e.dynamic + e.static, 3);
        const byOp = Object.values(r.energy.byOpPj).reduce((a, b) => a + b, 0);
        expect(byOp).toBeCloseTo(r.energy.totalPj, 3);
        expect(r.energy.byCorePj.reduce((a, b) => a + b, 0) + r.energy.byOpPj.active).toBeCloseTo(r.energy.dynamicPj, 3);
        expect(r.energy.byChip.reduce((a, c) => a + c.dynamicPj + c.staticPj, 0)).toBeCloseTo(r.energy.totalPj, 3);
      }
    });

    it('counts the synaptic work and neuron updates of the compiler\'s functional executor', () => {
      const input = frames.slice(0, 20);
      const compiled = compileQGraph(q, { chip: spec, mode: 'fall-through', seed: 0 });
      const executor = new IrExecutor(compiled.state.ir!, 'fall-through');
      for (const f of input) executor.step(f);
      const r = run(loadImage(compiled.image, spec), q, 'fall-through', input).result;
      expect(r.outputs).toEqual(runReference(q, input).outputs);
      expect(r.synops).toBe(executor.synapticOps);
      const neurons = compiled.image.cores.reduce((n, c) => n + c.neuronCount, 0);
      expect(r.neuronUpdates).toBe(neurons * input.length);
    });
  });
}

describe('random QGraphs with biases and saturating ranges', () => {
  it('match the reference in both modes (pipeline fill keeps biased state groups idle until their start step)', () => {
    for (const [seed, preset] of [[1, 'loihi2'], [2, 'tiny'], [3, 'tiny']] as const) {
      const q = randomQGraph({ seed, layers: seed, hidden: 7, states: 5 });
      const spec = loadChipSpec(preset);
      const input = Array.from({ length: 30 }, (_, t) => Array.from({ length: q.hyper.inputSize }, (_, i) => ((t * 7 + i * 13) % 50) / 3));
      const expected = runReference(q, input).outputs;
      const img = loadImage(compileQGraph(q, { chip: spec, mode: 'both', seed }).image, spec);
      const op = q.spec.ops[0] as InputOp;
      for (const mode of ['fall-through', 'pipelined'] as const) {
        expect(simulate(img, { mode, input: { exp: op.exp, offset: op.offset }, frames: input }).outputs).toEqual(expected);
      }
    }
  });
});
