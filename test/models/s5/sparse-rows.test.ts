// Compressed rows: the kernels equal the plain dense loops bit for bit at any sparsity, and the layout is the one documented.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readoutRows, stepStateRows } from '../../../models/s5/recurrence.ts';
import { multiplyRows, sparseRows } from '../../../models/s5/sparse-rows.ts';

/** A matrix plane where each entry is zero with probability `zeros` (drawn from the same seeded stream). */
function plane(rows: number, cols: number, zeros: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  return Float64Array.from({ length: rows * cols }, () => (next() < zeros ? 0 : next() * 2 - 1));
}

function vector(length: number, seed: number): Float64Array {
  return plane(1, length, 0, seed);
}

/** Indices where two arrays differ as numbers (=== semantics). */
function mismatches(a: Float64Array, b: Float64Array): number[] {
  return Array.from(a, (v, i) => (v === b[i] ? -1 : i)).filter((i) => i >= 0);
}

const shape = fc.record({
  rows: fc.integer({ min: 1, max: 24 }),
  cols: fc.integer({ min: 1, max: 40 }),
  zeros: fc.constantFrom(0, 0.3, 0.6, 0.9, 1),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

describe('sparseRows', () => {
  it('keeps an entry where any plane is non-zero, in row-major order, and stays dense above 80 % full', () => {
    const re = Float64Array.of(0, 2, 0, 0, /* row 1 */ 0, 0, 0, 5);
    const im = Float64Array.of(0, 0, 3, 0, /* row 1 */ 0, 0, 0, 0);
    const m = sparseRows(2, 4, [re, im]);
    expect([...m.rowStart]).toEqual([0, 2, 3]);
    expect([...m.columns!]).toEqual([1, 2, 3]);
    expect([...m.planes[0]]).toEqual([2, 0, 5]);
    expect([...m.planes[1]]).toEqual([0, 3, 0]);
    const full = sparseRows(2, 3, [Float64Array.of(1, 0, 3, 4, 5, 6)]);
    expect(full.columns).toBeUndefined();
    expect([...full.rowStart]).toEqual([0, 3, 6]);
    expect(sparseRows(2, 2, [Float64Array.of(1, 0, 3, 4)]).columns).toEqual(Int32Array.of(0, 0, 1));
  });

  it('refuses a plane of the wrong size', () => {
    expect(() => sparseRows(2, 3, [new Float64Array(5)])).toThrow(/5 values, expected 2 × 3/);
  });

  it('multiplyRows equals the dense loop exactly', () => {
    fc.assert(
      fc.property(shape, ({ rows, cols, zeros, seed }) => {
        const w = plane(rows, cols, zeros, seed);
        const bias = vector(rows, seed + 1);
        const x = vector(cols, seed + 2);
        const want = new Float64Array(rows);
        for (let r = 0; r < rows; r++) {
          let acc = bias[r];
          for (let c = 0; c < cols; c++) acc += w[r * cols + c] * x[c];
          want[r] = acc;
        }
        const got = new Float64Array(rows);
        multiplyRows(sparseRows(rows, cols, [w]), bias, x, got);
        expect(mismatches(got, want)).toEqual([]);
      }),
    );
  });

  it('the complex state update and readout equal their dense loops exactly', () => {
    fc.assert(
      fc.property(shape, ({ rows: n, cols: h, zeros, seed }) => {
        const [bRe, bIm] = [plane(n, h, zeros, seed), plane(n, h, zeros, seed + 1)];
        const [lRe, lIm] = [vector(n, seed + 2), vector(n, seed + 3)];
        const u = vector(h, seed + 4);
        const x0Re = vector(n, seed + 5);
        const x0Im = vector(n, seed + 6);
        const wantRe = new Float64Array(n);
        const wantIm = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          let re = lRe[i] * x0Re[i] - lIm[i] * x0Im[i];
          let im = lRe[i] * x0Im[i] + lIm[i] * x0Re[i];
          for (let k = 0; k < h; k++) {
            re += bRe[i * h + k] * u[k];
            im += bIm[i * h + k] * u[k];
          }
          wantRe[i] = re;
          wantIm[i] = im;
        }
        const [xRe, xIm] = [x0Re.slice(), x0Im.slice()];
        stepStateRows(lRe, lIm, sparseRows(n, h, [bRe, bIm]), u, xRe, xIm);
        expect(mismatches(xRe, wantRe)).toEqual([]);
        expect(mismatches(xIm, wantIm)).toEqual([]);

        // Readout: C̃ is H × N, here h rows over the n states just computed.
        const [cRe, cIm] = [plane(h, n, zeros, seed + 7), plane(h, n, zeros, seed + 8)];
        const d = vector(h, seed + 9);
        const wantY = new Float64Array(h);
        for (let k = 0; k < h; k++) {
          let acc = 0;
          for (let i = 0; i < n; i++) acc += cRe[k * n + i] * xRe[i] - cIm[k * n + i] * xIm[i];
          wantY[k] = 2 * acc + d[k] * u[k];
        }
        const y = new Float64Array(h);
        readoutRows(sparseRows(h, n, [cRe, cIm]), d, xRe, xIm, u, y);
        expect(mismatches(y, wantY)).toEqual([]);
      }),
    );
  });
});
