// ZOH and bilinear discretisation against the golden file, and discretize()'s clip_eigs and method dispatch.
import { describe, expect, it } from 'vitest';
import { discretize, discretizeBilinear, discretizeZoh, MAX_LAMBDA_RE } from '../../../models/s5/discretize.ts';
import type { S5BlockParams } from '../../../models/s5/types.ts';
import { expectAllClose, golden, splitComplex } from './helpers.ts';

const g = golden.discretize;
const lambda = splitComplex(g.lambda);
const bTilde = splitComplex(g.b_tilde);
const delta = Float64Array.from(g.delta);
const H = g.b_tilde[0].length;

describe('golden discretisation', () => {
  for (const [method, run] of [
    ['zoh', discretizeZoh],
    ['bilinear', discretizeBilinear],
  ] as const) {
    it(`${method}: Λ̄ and B̄ match the golden values`, () => {
      const ssm = run(lambda.re, lambda.im, delta, bTilde.re, bTilde.im, H);
      const wantLambda = splitComplex(g[method].lambda_bar);
      const wantB = splitComplex(g[method].b_bar);
      expectAllClose(ssm.lambdaBarRe, wantLambda.re, 1e-9, 'Λ̄ re');
      expectAllClose(ssm.lambdaBarIm, wantLambda.im, 1e-9, 'Λ̄ im');
      expectAllClose(ssm.bBarRe, wantB.re, 1e-9, 'B̄ re');
      expectAllClose(ssm.bBarIm, wantB.im, 1e-9, 'B̄ im');
    });
  }

  it('ZOH of Λ = −1 with Δ = ln 2 halves the state and scales B̃ by 1/2', () => {
    const ssm = discretizeZoh(Float64Array.of(-1), Float64Array.of(0), Float64Array.of(Math.LN2), Float64Array.of(3), Float64Array.of(-2), 1);
    expect(ssm.lambdaBarRe[0]).toBeCloseTo(0.5, 15);
    expect(ssm.lambdaBarIm[0]).toBe(0);
    expect(ssm.bBarRe[0]).toBeCloseTo(1.5, 15);
    expect(ssm.bBarIm[0]).toBeCloseTo(-1, 15);
  });
});

/** A one-state, one-input block with the given Λ and log Δ (other fields irrelevant to discretisation). */
function block(lambdaRe: number, lambdaIm: number, logStep: number): S5BlockParams {
  const one = (x: number): Float64Array => Float64Array.of(x);
  return {
    lambdaRe: one(lambdaRe),
    lambdaIm: one(lambdaIm),
    logStep: one(logStep),
    bRe: one(0.7),
    bIm: one(-0.2),
    cRe: one(0),
    cIm: one(0),
    d: one(0),
    norm: { gamma: one(1), beta: one(0), runningMean: one(0), runningVar: one(1) },
    glu: { inSize: 1, outSize: 1, weight: one(0), bias: one(0) },
  };
}

describe('discretize(block)', () => {
  it('uses Δ = exp(log_step) and dispatches on the method', () => {
    const b = block(-0.5, 3, Math.log(0.05));
    const d = Float64Array.of(0.05);
    for (const [method, run] of [
      ['zoh', discretizeZoh],
      ['bilinear', discretizeBilinear],
    ] as const) {
      const got = discretize(b, method);
      const want = run(b.lambdaRe, b.lambdaIm, d, b.bRe, b.bIm, 1);
      expectAllClose([got.lambdaBarRe[0], got.lambdaBarIm[0], got.bBarRe[0], got.bBarIm[0]], [want.lambdaBarRe[0], want.lambdaBarIm[0], want.bBarRe[0], want.bBarIm[0]], 1e-14, method);
    }
    // ZOH and bilinear differ at second order in Δ, so they must not coincide.
    expect(discretize(b, 'zoh').lambdaBarIm[0]).not.toBeCloseTo(discretize(b, 'bilinear').lambdaBarIm[0], 6);
  });

  it('clip_eigs caps Re Λ at −1e−4 by default, and only when asked', () => {
    const b = block(0.3, 1, Math.log(0.1));
    const clipped = discretize(b, 'zoh');
    const ref = discretizeZoh(Float64Array.of(MAX_LAMBDA_RE), b.lambdaIm, Float64Array.of(0.1), b.bRe, b.bIm, 1);
    expect(clipped.lambdaBarRe[0]).toBe(ref.lambdaBarRe[0]);
    expect(Math.hypot(clipped.lambdaBarRe[0], clipped.lambdaBarIm[0])).toBeLessThan(1);
    const raw = discretize(b, 'zoh', false);
    expect(Math.hypot(raw.lambdaBarRe[0], raw.lambdaBarIm[0])).toBeCloseTo(Math.exp(0.03), 14);
    // A stable Λ is left alone by the clip.
    const stable = block(-0.5, 1, Math.log(0.1));
    expect(discretize(stable, 'zoh').lambdaBarRe[0]).toBe(discretize(stable, 'zoh', false).lambdaBarRe[0]);
  });

  it('does not modify the block', () => {
    const b = block(0.3, 1, Math.log(0.1));
    discretize(b, 'bilinear');
    expect(b.lambdaRe[0]).toBe(0.3);
  });
});
