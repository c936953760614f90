// The robust log-space fit: recovers known costs from consistent rows, keeps unconstrained parameters at their priors, respects bounds, and is not dragged by one wild row.
import { describe, expect, it } from 'vitest';
import { huber, robustLogFit } from '../../../simulator/calibrate/fit.ts';

// Two "costs" a and b; each row is counts · (a, b).
const COUNTS = [[1000, 10], [500, 200], [100, 900], [800, 800]];
const predict = (v: readonly number[]) => COUNTS.map(([x, y]) => x * v[0] + y * v[1]);
const rowsFor = (a: number, b: number) => predict([a, b]).map((measured, i) => ({ name: `r${i}`, measured, sigma: 0.1 }));
const wide = (name: string, prior: number) => ({ name, prior, min: prior / 100, max: prior * 100 });

describe('robustLogFit', () => {
  it('recovers the costs that produced consistent measurements (the weak priors, 2.5 × and 2.5 × off, pull them by under 8 %)', () => {
    const fit = robustLogFit([wide('a', 1), wide('b', 1)], rowsFor(2.5, 0.4), predict);
    expect(Math.abs(fit.values[0] / 2.5 - 1)).toBeLessThan(0.08);
    expect(Math.abs(fit.values[1] / 0.4 - 1)).toBeLessThan(0.08);
    for (const r of fit.residuals) expect(Math.abs(r)).toBeLessThan(0.08);
    const atTruth = robustLogFit([wide('a', 2.5), wide('b', 0.4)], rowsFor(2.5, 0.4), predict);
    expect(atTruth.values[0]).toBeCloseTo(2.5, 4);
    expect(atTruth.values[1]).toBeCloseTo(0.4, 4);
  });

  it('leaves a parameter no row depends on at its prior, and never leaves [min, max]', () => {
    const fit = robustLogFit([wide('a', 1), wide('b', 1), { name: 'unused', prior: 7, min: 1, max: 50 }], rowsFor(2.5, 0.4), predict);
    expect(fit.values[2]).toBeCloseTo(7, 6);
    const bounded = robustLogFit([{ name: 'a', prior: 1, min: 0.5, max: 1.5 }, wide('b', 1)], rowsFor(2.5, 0.4), predict);
    expect(bounded.values[0]).toBeLessThanOrEqual(1.5);
    expect(bounded.values[0]).toBeGreaterThan(1.4);
  });

  it('one row off by 10 × moves the fit far less than it would a least-squares fit', () => {
    const rows = rowsFor(2.5, 0.4);
    const wild = rows.map((r, i) => (i === 0 ? { ...r, measured: r.measured * 10 } : r));
    const fit = robustLogFit([wide('a', 1), wide('b', 1)], wild, predict);
    expect(Math.abs(Math.log(fit.values[0] / 2.5))).toBeLessThan(Math.log(2));
    // the other rows stay close
    for (const r of fit.residuals.slice(1)) expect(Math.abs(r)).toBeLessThan(0.5);
  });

  it('huber is quadratic near zero and linear far out', () => {
    expect(huber(0.5)).toBeCloseTo(0.125, 12);
    expect(huber(10) - huber(9)).toBeCloseTo(huber(20) - huber(19), 12);
  });
});
