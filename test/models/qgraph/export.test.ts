// Export float → QGraph: fidelity (fixed vs float SNR), pruned zeros kept, BatchNorm folding, calibrated ranges not saturating.
import { describe, expect, it } from 'vitest';
import { quantizePow2, quantizePow2MinError } from '../../../isa/arith.ts';
import { createModel } from '../../../models/commands/model.ts';
import { exportNetwork } from '../../../models/commands/export.ts';
import { syntheticFrames } from '../../../models/data/synthetic-frames.ts';
import { decodeQGraph, encodeQGraph } from '../../../models/qgraph/format.ts';
import { fixedVsFloat } from '../../../models/qgraph/fidelity.ts';
import { exportQGraph } from '../../../models/qgraph/export.ts';
import { ReferenceInterpreter } from '../../../models/reference/interpreter.ts';
import { Rng } from '../../../models/random.ts';
import type { S5Network } from '../../../models/s5/types.ts';

const sparse = createModel({ width: 0.5, sparsity: 0.9, seed: 3 });
const dense = createModel({ width: 0.5, sparsity: 0, seed: 3 });

describe('export fidelity (width 0.5, 200 frames)', () => {
  it('90 % sparse: fixed point follows float above 35 dB SNR', () => {
    const { fidelity } = exportNetwork(sparse, { seed: 5, fidelityFrames: 200 });
    console.log(`width 0.5 sparse: fixed vs float SNR ${fidelity!.snrDb.toFixed(2)} dB`);
    expect(fidelity!.snrDb).toBeGreaterThan(35);
  });
  it('dense: fixed point follows float above 28 dB SNR', () => {
    const { fidelity } = exportNetwork(dense, { seed: 5, fidelityFrames: 200 });
    console.log(`width 0.5 dense: fixed vs float SNR ${fidelity!.snrDb.toFixed(2)} dB`);
    expect(fidelity!.snrDb).toBeGreaterThan(28);
  });
});

describe('export structure', () => {
  const { graph } = exportNetwork(sparse, { seed: 5, fidelityFrames: 0 });

  it('keeps every magnitude-pruned weight exactly zero', () => {
    const pairs: [Float64Array, string][] = [
      [sparse.encoder.weight, 'encoder.weight'],
      [sparse.decoder.weight, 'decoder.weight'],
      ...sparse.blocks.flatMap((b, i): [Float64Array, string][] => [
        [b.glu.weight, `blocks.${i}.glu.weight`],
        [b.bRe, `blocks.${i}.B_re`],
        [b.bIm, `blocks.${i}.B_im`],
        [b.cRe, `blocks.${i}.C_re`],
        [b.cIm, `blocks.${i}.C_im`],
      ]),
    ];
    for (const [float, name] of pairs) {
      const q = graph.tensors.get(name)!.data;
      let zeros = 0;
      for (let i = 0; i < float.length; i++) {
        if (float[i] !== 0) continue;
        zeros++;
        expect(q[i]).toBe(0);
      }
      expect(zeros).toBeGreaterThan(0);
    }
    expect(graph.hyper.weightSparsity).toBeGreaterThanOrEqual(0.9);
  });

  it('uses W8A16: weights 8-bit, Λ̄ and biases 16-bit, one exponent per complex pair', () => {
    for (const [name, t] of graph.tensors) {
      const expectedBits = /weight|\.B_|\.C_|\.D$/.test(name) ? 8 : 16;
      expect(t.format.bits, name).toBe(expectedBits);
    }
    expect(graph.spec.tensors['blocks.1.lambda_re'].exp).toBe(graph.spec.tensors['blocks.1.lambda_im'].exp);
    expect(graph.spec.tensors['blocks.1.C_re'].exp).toBe(graph.spec.tensors['blocks.1.C_im'].exp);
  });

  it('chooses activation exponents so the calibration clip itself never saturates', () => {
    const interp = new ReferenceInterpreter(graph);
    for (const f of syntheticFrames({ count: 256, seed: 5 })) interp.step(f);
    expect(interp.report().map((l) => l.saturations)).toEqual(graph.spec.ops.slice(1).map(() => 0));
    expect(interp.inputSaturation.count).toBe(0);
  });

  it('is deterministic: same model and seed give identical bytes', () => {
    const again = exportNetwork(sparse, { seed: 5, fidelityFrames: 0 }).graph;
    expect(encodeQGraph(again)).toEqual(encodeQGraph(graph));
    expect(encodeQGraph(decodeQGraph(encodeQGraph(graph), 'mem'))).toEqual(encodeQGraph(graph));
  });
});

describe('BatchNorm folding', () => {
  it('a network with non-trivial BatchNorm statistics exports as faithfully as one without', () => {
    const rng = new Rng(11);
    const withNorm: S5Network = {
      ...sparse,
      blocks: sparse.blocks.map((b) => ({
        ...b,
        norm: {
          gamma: b.norm.gamma.map(() => rng.uniform(0.5, 1.5)),
          beta: b.norm.beta.map(() => rng.uniform(-0.2, 0.2)),
          runningMean: b.norm.runningMean.map(() => rng.uniform(-0.1, 0.3)),
          runningVar: b.norm.runningVar.map(() => rng.uniform(0.5, 2)),
        },
      })),
    };
    const { graph } = exportQGraph(withNorm, { calibrationFrames: syntheticFrames({ count: 256, seed: 5 }) });
    const fidelity = fixedVsFloat(withNorm, graph, syntheticFrames({ count: 200, seed: 6 }));
    expect(fidelity.snrDb).toBeGreaterThan(30);
    // the BatchNorm shift reaches the chip as per-state and per-channel biases
    const stateBias = graph.tensors.get('blocks.0.state_bias_re')!.data;
    expect(stateBias.some((v) => v !== 0)).toBe(true);
    expect(graph.tensors.get('blocks.0.out_bias')!.data.some((v) => v !== 0)).toBe(true);
  });
});

describe('weight scale choice', () => {
  it('never does worse than the golden round(log2) rule and stops clipping flat ranges', () => {
    const rng = new Rng(2);
    const flat = Float64Array.from({ length: 4096 }, () => rng.uniform(-0.0722, 0.0722));
    const err = (q: { q: Int32Array; exp: number }) => flat.reduce((s, x, i) => s + (x - q.q[i] * 2 ** -q.exp) ** 2, 0);
    const golden = quantizePow2(flat, 8);
    const best = quantizePow2MinError(flat, 8);
    expect(golden.saturated).toBeGreaterThan(400);
    expect(best.saturated).toBe(0);
    expect(err(best)).toBeLessThan(err(golden));
    expect(Math.abs(best.exp - golden.exp)).toBe(1);
  });
});
