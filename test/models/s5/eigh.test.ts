// The Jacobi symmetric eigensolver and the Hermitian solver built on it, on known and random matrices.
import { describe, expect, it } from 'vitest';
import { eighHermitian, eighSymmetric } from '../../../models/s5/eigh.ts';
import { Rng } from '../../../models/random.ts';
import { expectAllClose } from './helpers.ts';

/** ‖M v_j − λ_j v_j‖ for every column, and the Gram matrix VᴴV. */
function hermitianResiduals(n: number, re: Float64Array, im: Float64Array, e: ReturnType<typeof eighHermitian>) {
  const residuals: number[] = [];
  const gram: number[] = [];
  for (let j = 0; j < n; j++) {
    let r2 = 0;
    for (let i = 0; i < n; i++) {
      let sr = -e.values[j] * e.vectorsRe[i * n + j];
      let si = -e.values[j] * e.vectorsIm[i * n + j];
      for (let k = 0; k < n; k++) {
        const [mr, mi] = [re[i * n + k], im[i * n + k]];
        const [vr, vi] = [e.vectorsRe[k * n + j], e.vectorsIm[k * n + j]];
        sr += mr * vr - mi * vi;
        si += mr * vi + mi * vr;
      }
      r2 += sr * sr + si * si;
    }
    residuals.push(Math.sqrt(r2));
    for (let k = 0; k < n; k++) {
      let gr = 0;
      let gi = 0;
      for (let i = 0; i < n; i++) {
        const [ar, ai] = [e.vectorsRe[i * n + j], -e.vectorsIm[i * n + j]];
        const [br, bi] = [e.vectorsRe[i * n + k], e.vectorsIm[i * n + k]];
        gr += ar * br - ai * bi;
        gi += ar * bi + ai * br;
      }
      gram.push(gr, gi);
    }
  }
  const eye: number[] = [];
  for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) eye.push(j === k ? 1 : 0, 0);
  return { residuals, gram, eye };
}

function randomHermitian(n: number, seed: number): { re: Float64Array; im: Float64Array } {
  const rng = new Rng(seed);
  const re = new Float64Array(n * n);
  const im = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    re[i * n + i] = rng.normal();
    for (let k = 0; k < i; k++) {
      re[i * n + k] = re[k * n + i] = rng.normal();
      im[i * n + k] = rng.normal();
      im[k * n + i] = -im[i * n + k];
    }
  }
  return { re, im };
}

describe('eighSymmetric', () => {
  it('solves the 3×3 second-difference matrix exactly', () => {
    const e = eighSymmetric(3, Float64Array.from([2, -1, 0, -1, 2, -1, 0, -1, 2]));
    expectAllClose(e.values, [2 - Math.SQRT2, 2, 2 + Math.SQRT2], 1e-14, 'eigenvalues');
    // Eigenvector of 2: (1, 0, −1)/√2 up to sign.
    const v = [e.vectors[1], e.vectors[4], e.vectors[7]];
    expectAllClose(v.map((x) => Math.abs(x)), [Math.SQRT1_2, 0, Math.SQRT1_2], 1e-14, 'middle vector');
    expect(v[0] * v[2]).toBeLessThan(0);
  });

  it('leaves its input unmodified and handles a diagonal matrix', () => {
    const m = Float64Array.from([3, 0, 0, 1]);
    const e = eighSymmetric(2, m);
    expect([...m]).toEqual([3, 0, 0, 1]);
    expect([...e.values]).toEqual([1, 3]);
    expect([...e.vectors].map(Math.abs)).toEqual([0, 1, 1, 0]);
  });
});

describe('eighHermitian', () => {
  for (const n of [1, 2, 5, 12]) {
    it(`diagonalises a random ${n}×${n} Hermitian matrix`, () => {
      const { re, im } = randomHermitian(n, 100 + n);
      const e = eighHermitian(n, re, im);
      const { residuals, gram, eye } = hermitianResiduals(n, re, im, e);
      expectAllClose(residuals, new Array(n).fill(0), 1e-12, 'residual');
      expectAllClose(gram, eye, 1e-12, 'VᴴV');
      let trace = 0;
      for (let i = 0; i < n; i++) trace += re[i * n + i];
      expect(e.values.reduce((s, x) => s + x, 0)).toBeCloseTo(trace, 10);
      for (let j = 1; j < n; j++) expect(e.values[j]).toBeGreaterThanOrEqual(e.values[j - 1]);
      for (let j = 0; j < n; j++) {
        expect(e.vectorsIm[j]).toBe(0);
        expect(e.vectorsRe[j]).toBeGreaterThan(0);
      }
    });
  }

  it('reads only the lower triangle and ignores the diagonal imaginary part', () => {
    const n = 5;
    const { re, im } = randomHermitian(n, 7);
    const e = eighHermitian(n, re, im);
    const re2 = re.slice();
    const im2 = im.slice();
    for (let i = 0; i < n; i++) {
      im2[i * n + i] = 42;
      for (let k = i + 1; k < n; k++) {
        re2[i * n + k] = 1000 + i;
        im2[i * n + k] = -77;
      }
    }
    const e2 = eighHermitian(n, re2, im2);
    expect([...e2.values]).toEqual([...e.values]);
    expect([...e2.vectorsRe]).toEqual([...e.vectorsRe]);
    expect([...e2.vectorsIm]).toEqual([...e.vectorsIm]);
  });

  it('returns an orthonormal basis for repeated eigenvalues', () => {
    // blockdiag([[2, i], [−i, 2]], [1], [3]) has eigenvalues 1, 1, 3, 3.
    const n = 4;
    const re = new Float64Array(n * n);
    const im = new Float64Array(n * n);
    re[0] = 2;
    re[5] = 2;
    im[1] = 1;
    im[4] = -1;
    re[10] = 1;
    re[15] = 3;
    const e = eighHermitian(n, re, im);
    expectAllClose(e.values, [1, 1, 3, 3], 1e-14, 'eigenvalues');
    const { residuals, gram, eye } = hermitianResiduals(n, re, im, e);
    expectAllClose(residuals, [0, 0, 0, 0], 1e-13, 'residual');
    expectAllClose(gram, eye, 1e-13, 'VᴴV');
  });
});
