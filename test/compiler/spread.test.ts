// The split pass's `spread` option: off by default; on, no two neuron groups share a core, and the image stays bit-exact in both modes with a shorter pipelined step.
import { describe, expect, it } from 'vitest';
import { compileQGraph } from '../../compiler/compile.ts';
import { loadChipSpec } from '../../isa/chip/load.ts';
import { encodeImage } from '../../isa/image/index.ts';
import { DEFAULT_MODEL } from '../../models/bundled/index.ts';
import { syntheticFrames } from '../../models/data/synthetic-frames.ts';
import { readQGraphFile } from '../../models/qgraph/format.ts';
import type { InputOp } from '../../models/qgraph/types.ts';
import { runReference } from '../../models/reference/interpreter.ts';
import { loadImage } from '../../simulator/load.ts';
import { simulate } from '../../simulator/simulate.ts';

const graph = readQGraphFile(DEFAULT_MODEL.file);
const chip = loadChipSpec('loihi2');

describe('compile option spread', () => {
  const packed = compileQGraph(graph, { chip, mode: 'both', seed: 0 });
  const spread = compileQGraph(graph, { chip, mode: 'both', seed: 0, spread: true, verify: true });

  it('is off by default: spread: false gives the same image as no option', () => {
    const off = compileQGraph(graph, { chip, mode: 'both', seed: 0, spread: false });
    expect(Buffer.from(encodeImage(off.image)).equals(Buffer.from(encodeImage(packed.image)))).toBe(true);
  });

  it('gives every neuron group core(s) of its own', () => {
    const groups = spread.report.groups.length;
    expect(packed.report.coresUsed).toBeLessThan(groups); // packed shares cores between groups
    expect(spread.report.coresUsed).toBeGreaterThanOrEqual(groups);
    for (const core of spread.report.cores) expect(new Set(core.blocks.map((b) => b.group)).size).toBe(1);
    const groupsOnCores = new Set(spread.report.cores.flatMap((c) => c.blocks.map((b) => b.group)));
    expect(groupsOnCores.size).toBe(groups);
    expect(spread.report.pipelineDepth).toBe(packed.report.pipelineDepth);
  });

  it('stays bit-exact in both modes, and pipelining now shortens the step', () => {
    const op = graph.spec.ops[0] as InputOp;
    const frames = syntheticFrames({ count: 30, seed: 3 });
    const reference = runReference(graph, frames).outputs;
    const img = loadImage(spread.image, chip, 'spread');
    const f = simulate(img, { mode: 'fall-through', input: { exp: op.exp, offset: op.offset }, frames });
    const p = simulate(img, { mode: 'pipelined', input: { exp: op.exp, offset: op.offset }, frames });
    expect(Array.from(f.outputs)).toEqual(Array.from(reference));
    expect(Array.from(p.outputs)).toEqual(Array.from(reference));
    expect(p.stepTimeNs).toBeLessThan(0.5 * f.stepTimeNs);
    expect(p.latencyNs).toBeGreaterThan(f.latencyNs);
  });
});
