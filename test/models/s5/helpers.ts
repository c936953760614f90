// Shared helpers for the float S5 tests: the golden file, tolerance checks and complex-array unpacking.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** A complex number as the golden file stores it: [re, im]. */
export type GoldenComplex = [number, number];

export interface S5FloatGolden {
  readonly hippo: Record<string, number[][]>;
  readonly dplr: Record<string, { lambda: GoldenComplex[] }>;
  readonly discretize: {
    lambda: GoldenComplex[];
    b_tilde: GoldenComplex[][];
    delta: number[];
    zoh: { lambda_bar: GoldenComplex[]; b_bar: GoldenComplex[][] };
    bilinear: { lambda_bar: GoldenComplex[]; b_bar: GoldenComplex[][] };
  };
  readonly recurrence: {
    lambda_bar: GoldenComplex[];
    b_bar: GoldenComplex[][];
    c_tilde: GoldenComplex[][];
    d: number[];
    u: number[][];
    x: GoldenComplex[][];
    y: number[][];
  };
}

export const golden: S5FloatGolden = JSON.parse(
  readFileSync(new URL('../../fixtures/golden/s5_float.json', import.meta.url), 'utf8'),
) as S5FloatGolden;

/** |actual − expected| ≤ tol · max(1, |expected|) for every element (relative, or absolute near zero). */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-9, what = 'value'): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    // NaN fails too: it is not ≤ tol.
    if (!(err <= tol)) {
      expect.fail(`${what}: element ${i} is ${actual[i]}, expected ${expected[i]} (error ${err} > ${tol})`);
    }
  }
}

/** Split nested [re, im] pairs (any nesting depth, row-major) into flat re and im arrays. */
export function splitComplex(nested: unknown): { re: Float64Array; im: Float64Array } {
  const re: number[] = [];
  const im: number[] = [];
  const walk = (x: unknown): void => {
    const arr = x as unknown[];
    if (arr.length === 2 && typeof arr[0] === 'number' && typeof arr[1] === 'number') {
      re.push(arr[0]);
      im.push(arr[1]);
    } else {
      arr.forEach(walk);
    }
  };
  walk(nested);
  return { re: Float64Array.from(re), im: Float64Array.from(im) };
}

export function flat(nested: number[] | number[][]): Float64Array {
  return Float64Array.from((nested as unknown[]).flat() as number[]);
}
