// Reference interpreter: bit-exact against an independent BigInt implementation, deterministic, with correct counts.
import { describe, expect, it } from 'vitest';
import { LoomError } from '../../../isa/diagnostics/index.ts';
import { Rng } from '../../../models/random.ts';
import { ReferenceInterpreter, runReference } from '../../../models/reference/interpreter.ts';
import { randomQGraph } from '../qgraph/random-qgraph.ts';
import { NaiveInterpreter } from './naive.ts';

function randomInputs(seed: number, frames: number, size: number, sparsity = 0.3): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: frames }, () =>
    Array.from({ length: size }, () => (rng.next() < sparsity ? 0 : Math.round(rng.uniform(-20000, 32767)))),
  );
}

describe('reference interpreter', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`matches the naive BigInt semantics bit for bit (seed ${seed})`, () => {
      const g = randomQGraph({ seed, layers: 1 + (seed % 3), hidden: 5 + seed, states: 3 + seed, density: 0.3 + 0.15 * seed });
      const interp = new ReferenceInterpreter(g);
      const naive = new NaiveInterpreter(g);
      for (const frame of randomInputs(seed, 40, g.hyper.inputSize)) {
        expect([...interp.stepQuantized(frame)]).toEqual(naive.step(frame));
      }
      const layers = interp.report();
      expect(layers.some((l) => l.saturations > 0)).toBe(true); // the random ranges do drive saturation
    });
  }

  it('quantizes float frames at the input exponent with the offset removed', () => {
    const g = randomQGraph();
    const a = new ReferenceInterpreter(g);
    const b = new ReferenceInterpreter(g);
    const frame = Array.from({ length: g.hyper.inputSize }, (_, i) => 0.25 + i / 256); // offset 0.25, exp 8 → q = i
    expect([...a.step(frame)]).toEqual([...b.stepQuantized(frame.map((_, i) => i))]);
  });

  it('is deterministic and reset restores the initial state', () => {
    const g = randomQGraph({ seed: 7 });
    const frames = randomInputs(7, 30, g.hyper.inputSize);
    const interp = new ReferenceInterpreter(g);
    const first = frames.map((f) => [...interp.stepQuantized(f)]);
    interp.reset();
    const second = frames.map((f) => [...interp.stepQuantized(f)]);
    expect(second).toEqual(first);
  });

  it('counts synaptic ops as non-zero weight × non-zero input, and messages as non-zero outputs', () => {
    const g = randomQGraph({ seed: 5, layers: 1 });
    const interp = new ReferenceInterpreter(g);
    const frame = randomInputs(5, 1, g.hyper.inputSize)[0];
    interp.stepQuantized(frame);
    const enc = interp.report()[0];
    const w = g.tensors.get('encoder.weight')!;
    let expected = 0;
    for (let i = 0; i < w.shape[0]; i++) for (let j = 0; j < w.shape[1]; j++) if (w.data[i * w.shape[1] + j] !== 0 && frame[j] !== 0) expected++;
    expect(enc.synapticOps).toBe(expected);
    expect(enc.neuronUpdates).toBe(g.hyper.hidden);
    const state = interp.report()[1];
    expect(state.neuronUpdates).toBe(g.hyper.stateSize / 2);
    expect(state.activationSparsity).toBeGreaterThanOrEqual(0);
    expect(state.activationSparsity).toBeLessThanOrEqual(1);
  });

  it('runReference stacks outputs frame-major and rejects a frame of the wrong width', () => {
    const g = randomQGraph({ seed: 3 });
    const frames = Array.from({ length: 5 }, (_, t) => Array.from({ length: g.hyper.inputSize }, (_, i) => (t * i) / 64));
    const run = runReference(g, frames);
    const interp = new ReferenceInterpreter(g);
    expect([...run.outputs.subarray(4 * run.outputSize)]).toEqual(frames.map((f) => [...interp.step(f)])[4]);
    expect(() => runReference(g, [[1, 2, 3]])).toThrow(LoomError);
    try {
      runReference(g, [[1, 2, 3]]);
    } catch (e) {
      expect((e as LoomError).code).toBe(210);
    }
  });
});
