// The lowered, fused and delay-balanced program, run by the IR's functional executor, equals the reference interpreter bit for bit.
import { describe, expect, it } from 'vitest';
import { loadChipSpec } from '../../isa/chip/load.ts';
import { IrExecutor } from '../../compiler/ir/execute.ts';
import { runPipeline } from '../../compiler/pipeline.ts';
import type { CompileMode } from '../../compiler/ir/types.ts';
import { BUNDLED_MODELS } from '../../models/bundled/index.ts';
import { syntheticFrames } from '../../models/data/synthetic-frames.ts';
import { readQGraphFile } from '../../models/qgraph/format.ts';
import { ReferenceInterpreter } from '../../models/reference/interpreter.ts';
import { randomQGraph } from '../models/qgraph/random-qgraph.ts';
import type { QGraph } from '../../models/qgraph/types.ts';

const chip = loadChipSpec('loihi2');

function lowered(qgraph: QGraph, mode: CompileMode) {
  return runPipeline({ qgraph }, { chip, mode, seed: 0 }, { stopAfter: 'balance-delays', verify: true }).state.ir!;
}

function compare(qgraph: QGraph, frames: Float64Array[] | number[][]) {
  const reference = new ReferenceInterpreter(qgraph);
  const expected = frames.map((f) => [...reference.step(f)]);
  const fallThrough = new IrExecutor(lowered(qgraph, 'fall-through'), 'fall-through');
  expect(frames.map((f) => [...fallThrough.step(f)])).toEqual(expected);
  const balanced = lowered(qgraph, 'both');
  const depth = balanced.pipelineDepth!;
  const pipelined = new IrExecutor(balanced, 'pipelined');
  const late = frames.map((f) => [...pipelined.step(f)]);
  expect(late.slice(depth)).toEqual(expected.slice(0, frames.length - depth));
  // fall-through also runs the relay-balanced program correctly (relays pass values within the step)
  const both = new IrExecutor(balanced, 'fall-through');
  expect(frames.map((f) => [...both.step(f)])).toEqual(expected);
  return { depth, balanced };
}

describe('functional execution of the lowered program', () => {
  for (const m of BUNDLED_MODELS) {
    it(`${m.name}: fall-through and pipelined match the reference over 200 frames`, () => {
      const q = readQGraphFile(m.file);
      const { depth, balanced } = compare(q, syntheticFrames({ count: 200, seed: 4 }));
      expect(depth).toBe(1 + 3 * q.hyper.layers);
      const groups = balanced.nodes.filter((n) => n.kind === 'neuronGroup');
      const relays = groups.filter((g) => g.kind === 'neuronGroup' && g.fn.kind === 'relay');
      expect(groups.length - relays.length).toBe(2 + 3 * q.hyper.layers); // encoder, decoder, 3 per block
      expect(relays.length).toBe(2 * q.hyper.layers); // u delayed 1 (D path) and 2 (residual path) per block
    });
  }
  it('random QGraphs with saturating ranges match too', () => {
    for (const seed of [1, 2, 3]) {
      const q = randomQGraph({ seed, layers: seed, hidden: 7, states: 5 });
      compare(q, Array.from({ length: 30 }, (_, t) => Array.from({ length: q.hyper.inputSize }, (_, i) => ((t * 7 + i * 13) % 50) / 3)));
    }
  });
});
