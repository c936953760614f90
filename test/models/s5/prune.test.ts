// Magnitude pruning: exact per-matrix counts, smallest-first with index tie-break, complex pairs, untouched parameters.
import { describe, expect, it } from 'vitest';
import { isLoomError } from '../../../isa/diagnostics/index.ts';
import { createS5Network } from '../../../models/s5/init.ts';
import { cloneNetwork } from '../../../models/s5/network.ts';
import { magnitudePrune, prunableMatrices, pruneCount, weightSparsity } from '../../../models/s5/prune.ts';
import type { S5Network } from '../../../models/s5/types.ts';

const base = createS5Network({ width: 0.125, seed: 17 });

function zeroCount(re: Float64Array, im?: Float64Array): number {
  let z = 0;
  for (let i = 0; i < re.length; i++) if (re[i] === 0 && (im === undefined || im[i] === 0)) z++;
  return z;
}

/** Arrays pruning must never touch. */
function unprunedArrays(net: S5Network): Float64Array[] {
  const out = [net.encoder.bias, net.decoder.bias];
  for (const b of net.blocks) {
    out.push(b.lambdaRe, b.lambdaIm, b.logStep, b.d, b.glu.bias);
    out.push(b.norm.gamma, b.norm.beta, b.norm.runningMean, b.norm.runningVar);
  }
  return out;
}

describe('pruneCount', () => {
  it('rounds half to even like PyTorch', () => {
    expect(pruneCount(5, 0.5)).toBe(2);
    expect(pruneCount(7, 0.5)).toBe(4);
    expect(pruneCount(10, 0.9)).toBe(9);
    expect(pruneCount(100, 0.29)).toBe(29);
    expect(pruneCount(3084, 0.9)).toBe(2776);
    expect(pruneCount(12, 0)).toBe(0);
    expect(pruneCount(12, 1)).toBe(12);
  });
});

describe('magnitudePrune', () => {
  const sparsity = 0.9;
  const pruned = magnitudePrune(base, sparsity);
  const before = prunableMatrices(base);
  const after = prunableMatrices(pruned);

  it('lists encoder, per-block GLU, B̃ and C̃, and decoder', () => {
    expect(after.map((m) => m.name)).toEqual([
      'encoder.weight',
      ...[0, 1, 2].flatMap((i) => [`blocks.${i}.glu.weight`, `blocks.${i}.B`, `blocks.${i}.C`]),
      'decoder.weight',
    ]);
    expect(after[2].re.length).toBe(16 * 24);
  });

  it('zeroes exactly round(sparsity·size) entries of every matrix', () => {
    after.forEach((m, i) => {
      expect(zeroCount(before[i].re, before[i].im), m.name).toBe(0);
      expect(zeroCount(m.re, m.im), m.name).toBe(pruneCount(m.re.length, sparsity));
    });
  });

  it('zeroes the smallest magnitudes and keeps every other value bit for bit', () => {
    after.forEach((m, i) => {
      const src = before[i];
      const mag = (k: number): number => Math.hypot(src.re[k], src.im ? src.im[k] : 0);
      let maxPruned = 0;
      let minKept = Infinity;
      for (let k = 0; k < m.re.length; k++) {
        const zero = m.re[k] === 0 && (!m.im || m.im[k] === 0);
        if (zero) maxPruned = Math.max(maxPruned, mag(k));
        else {
          minKept = Math.min(minKept, mag(k));
          expect(m.re[k]).toBe(src.re[k]);
          if (m.im && src.im) expect(m.im[k]).toBe(src.im[k]);
        }
      }
      expect(maxPruned, m.name).toBeLessThanOrEqual(minKept);
    });
  });

  it('zeroes complex entries of B̃ and C̃ as whole pairs', () => {
    for (const m of after.filter((x) => x.im)) {
      for (let k = 0; k < m.re.length; k++) expect(m.re[k] === 0, `${m.name}[${k}]`).toBe(m.im![k] === 0);
    }
  });

  it('never touches biases, D, Λ, log Δ or BatchNorm, and leaves the input network unchanged', () => {
    const a = unprunedArrays(base);
    unprunedArrays(pruned).forEach((arr, i) => {
      expect(arr).not.toBe(a[i]);
      expect([...arr]).toEqual([...a[i]]);
    });
    expect(weightSparsity(base)).toBe(0);
    expect(pruned.hyper).toEqual(base.hyper);
  });

  it('weightSparsity counts zeros over the pruned matrices, complex entries once', () => {
    let zeros = 0;
    let total = 0;
    for (const m of after) {
      zeros += pruneCount(m.re.length, sparsity);
      total += m.re.length;
    }
    expect(weightSparsity(pruned)).toBe(zeros / total);
    expect(weightSparsity(pruned)).toBeCloseTo(0.9, 3);
    // Zeroing only the real part of a complex entry does not make it zero.
    const half = cloneNetwork(base);
    half.blocks[0].bRe[0] = 0;
    expect(weightSparsity(half)).toBe(0);
    half.blocks[0].bIm[0] = 0;
    expect(weightSparsity(half)).toBe(1 / total);
  });

  it('sparsity 0 keeps everything and 1 zeroes every prunable entry', () => {
    expect(weightSparsity(magnitudePrune(base, 0))).toBe(0);
    const all = magnitudePrune(base, 1);
    expect(weightSparsity(all)).toBe(1);
    expect([...all.blocks[1].d]).toEqual([...base.blocks[1].d]);
  });

  it('breaks ties in magnitude by index', () => {
    const net = cloneNetwork(base);
    const w = net.encoder.weight;
    for (let k = 0; k < w.length; k++) w[k] = k % 2 === 0 ? 0.5 : -0.5;
    const b = net.blocks[0];
    // Unit-modulus entries in four directions: all tie.
    const dirs = [
      [1, 0],
      [0, 1],
      [-1, 0],
      [0, -1],
    ];
    for (let k = 0; k < b.bRe.length; k++) [b.bRe[k], b.bIm[k]] = dirs[k % 4];
    const p = magnitudePrune(net, 0.25);
    const nW = pruneCount(w.length, 0.25);
    for (let k = 0; k < w.length; k++) expect(p.encoder.weight[k] === 0).toBe(k < nW);
    const nB = pruneCount(b.bRe.length, 0.25);
    for (let k = 0; k < b.bRe.length; k++) {
      expect(p.blocks[0].bRe[k] === 0 && p.blocks[0].bIm[k] === 0).toBe(k < nB);
    }
  });

  it('rejects a fraction outside [0, 1] with L150', () => {
    for (const bad of [-0.1, 1.5, Number.NaN]) {
      try {
        magnitudePrune(base, bad);
        expect.fail('expected a LoomError');
      } catch (e) {
        expect(isLoomError(e) && e.code).toBe(150);
        expect((e as Error).message).toContain('sparsity');
      }
    }
  });
});
