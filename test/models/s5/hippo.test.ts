// HiPPO-LegS, its NPLR parts and the DPLR diagonalisation against the golden file and numpy's eigh.
import { describe, expect, it } from 'vitest';
import { dplrHippo, hippoLegS, nplrHippo } from '../../../models/s5/hippo.ts';
import { expectAllClose, flat, golden, splitComplex } from './helpers.ts';

describe('hippoLegS', () => {
  for (const [size, rows] of Object.entries(golden.hippo)) {
    it(`matches golden hippo N=${size}`, () => {
      expectAllClose(hippoLegS(Number(size)), flat(rows), 1e-9, `hippo ${size}`);
    });
  }

  it('has −√((2n+1)(2k+1)) below, −(n+1) on and 0 above the diagonal', () => {
    const n = 6;
    const a = hippoLegS(n);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        const want = i > k ? -Math.sqrt((2 * i + 1) * (2 * k + 1)) : i === k ? -(i + 1) : 0;
        expect(a[i * n + k]).toBeCloseTo(want, 12);
      }
    }
  });
});

describe('nplrHippo', () => {
  it('P_n = √(n + 0.5), B_n = √(2n + 1), and A + P Pᵀ has constant diagonal −0.5', () => {
    const { a, p, b } = nplrHippo(5);
    for (let i = 0; i < 5; i++) {
      expect(p[i]).toBe(Math.sqrt(i + 0.5));
      expect(b[i]).toBe(Math.sqrt(2 * i + 1));
      expect(a[i * 5 + i] + p[i] * p[i]).toBeCloseTo(-0.5, 12);
    }
  });
});

describe('dplrHippo', () => {
  for (const [size, entry] of Object.entries(golden.dplr)) {
    it(`Λ matches golden dplr N=${size} (ascending by imaginary part)`, () => {
      const d = dplrHippo(Number(size));
      const want = splitComplex(entry.lambda);
      expectAllClose(d.lambdaRe, want.re, 1e-9, 'Λ re');
      expectAllClose(d.lambdaIm, want.im, 1e-9, 'Λ im');
    });
  }

  // numpy 2.4 `eigh(S * -1j)` for N = 4, each column multiplied by the sign of its (real) first entry.
  const numpyV4: [number, number][][] = [
    [[0.2870198600903751, 0], [0.6462349417307156, 0], [0.6462349417307153, 0], [0.28701986009037517, 0]],
    [[0.43350757774364856, -0.19525758092403367], [-0.19253877541636752, -0.4866975211480886], [-0.19253877541636702, 0.48669752114808884], [0.43350757774364856, 0.19525758092403378]],
    [[0.18655195878398534, -0.5357567900320488], [-0.08285549674297304, 0.41388161987202154], [-0.08285549674297368, -0.41388161987202177], [0.1865519587839855, 0.5357567900320485]],
    [[-0.44146250874382753, -0.4181377034258572], [0.19607189167991218, -0.30303057212171947], [0.19607189167991262, 0.30303057212171963], [-0.44146250874382764, 0.4181377034258569]],
  ];

  it('V for N=4 equals numpy eigh with the first row made real positive', () => {
    const d = dplrHippo(4);
    const want = splitComplex(numpyV4);
    expectAllClose(d.vRe, want.re, 1e-9, 'V re');
    expectAllClose(d.vIm, want.im, 1e-9, 'V im');
  });

  for (const n of [2, 4, 8, 16]) {
    it(`V is unitary and V Λ Vᴴ = A + P Pᵀ for N=${n}`, () => {
      const d = dplrHippo(n);
      const { a, p } = nplrHippo(n);
      const gotRe: number[] = [];
      const gotIm: number[] = [];
      const wantS: number[] = [];
      const eye: number[] = [];
      const gram: number[] = [];
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < n; k++) {
          let sr = 0;
          let si = 0;
          let gr = 0;
          for (let j = 0; j < n; j++) {
            // (V Λ Vᴴ)_ik = Σ_j V_ij Λ_j conj(V_kj)
            const [vr, vi] = [d.vRe[i * n + j], d.vIm[i * n + j]];
            const [wr, wi] = [d.vRe[k * n + j], -d.vIm[k * n + j]];
            const lr = vr * d.lambdaRe[j] - vi * d.lambdaIm[j];
            const li = vr * d.lambdaIm[j] + vi * d.lambdaRe[j];
            sr += lr * wr - li * wi;
            si += lr * wi + li * wr;
            // (Vᴴ V)_ik, real part
            gr += d.vRe[j * n + i] * d.vRe[j * n + k] + d.vIm[j * n + i] * d.vIm[j * n + k];
          }
          gotRe.push(sr);
          gotIm.push(si);
          wantS.push(a[i * n + k] + p[i] * p[k]);
          gram.push(gr);
          eye.push(i === k ? 1 : 0);
        }
      }
      expectAllClose(gotRe, wantS, 1e-9, 'Re V Λ Vᴴ');
      expectAllClose(gotIm, new Array(n * n).fill(0), 1e-9, 'Im V Λ Vᴴ');
      expectAllClose(gram, eye, 1e-12, 'Re VᴴV');
    });
  }

  it('eigenvalues come in ± pairs and every column starts real and positive', () => {
    const d = dplrHippo(16);
    for (let j = 0; j < 16; j++) {
      expect(d.lambdaIm[j]).toBeCloseTo(-d.lambdaIm[15 - j], 10);
      expect(d.vIm[j]).toBe(0);
      expect(d.vRe[j]).toBeGreaterThan(0);
    }
    for (let j = 1; j < 16; j++) expect(d.lambdaIm[j]).toBeGreaterThan(d.lambdaIm[j - 1]);
  });
});
