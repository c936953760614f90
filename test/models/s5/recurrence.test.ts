// The conj-sym linear recurrence (x and y) against the golden file, and its in-place building blocks.
import { describe, expect, it } from 'vitest';
import { readout, runLinearRecurrence, stepState } from '../../../models/s5/recurrence.ts';
import type { DiscreteSsm } from '../../../models/s5/types.ts';
import { expectAllClose, flat, golden, splitComplex } from './helpers.ts';

const g = golden.recurrence;

function goldenSsm(): DiscreteSsm {
  const lambdaBar = splitComplex(g.lambda_bar);
  const bBar = splitComplex(g.b_bar);
  return { lambdaBarRe: lambdaBar.re, lambdaBarIm: lambdaBar.im, bBarRe: bBar.re, bBarIm: bBar.im };
}

describe('runLinearRecurrence', () => {
  it('matches golden x and y over every step', () => {
    const c = splitComplex(g.c_tilde);
    const trace = runLinearRecurrence(goldenSsm(), c.re, c.im, Float64Array.from(g.d), flat(g.u), g.u.length);
    const x = splitComplex(g.x);
    expectAllClose(trace.xRe, x.re, 1e-9, 'x re');
    expectAllClose(trace.xIm, x.im, 1e-9, 'x im');
    expectAllClose(trace.y, flat(g.y), 1e-9, 'y');
  });
});

describe('stepState and readout', () => {
  it('x ← Λ̄x + B̄u on one state by hand', () => {
    // Λ̄ = i, B̄ = [1 + i, 2], x = 1 + 2i, u = [1, 3]: i(1 + 2i) + (1 + i) + 6 = 5 + 2i.
    const ssm: DiscreteSsm = { lambdaBarRe: Float64Array.of(0), lambdaBarIm: Float64Array.of(1), bBarRe: Float64Array.of(1, 2), bBarIm: Float64Array.of(1, 0) };
    const xRe = Float64Array.of(1);
    const xIm = Float64Array.of(2);
    stepState(ssm, Float64Array.of(1, 3), xRe, xIm);
    expect([xRe[0], xIm[0]]).toEqual([5, 2]);
  });

  it('y = 2·Re(C̃h) + D⊙u by hand', () => {
    // C̃ = [[1 + 2i, 3i]], h = [2 − i, 1 + 1i]: Re = (2 + 2) + (−3) = 1 → y = 2 + 0.5·4 = 4.
    const y = new Float64Array(1);
    readout(Float64Array.of(1, 0), Float64Array.of(2, 3), Float64Array.of(0.5), Float64Array.of(2, 1), Float64Array.of(-1, 1), Float64Array.of(4), y);
    expect(y[0]).toBe(4);
  });
});
