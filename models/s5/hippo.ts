// The HiPPO-LegS matrix, its normal-plus-low-rank parts and the diagonal (DPLR) form S5 initialises Λ and V from.
import { eighHermitian } from './eigh.ts';

/**
 * HiPPO-LegS A (n × n, row-major): A[i][k] = −√((2i+1)(2k+1)) for i > k, −(i+1) on the diagonal,
 * 0 above. Computed as the S5 reference does, −(tril(p pᵀ) − diag(0, 1, …, n−1)) with p_i = √(2i+1),
 * so the diagonal carries the same rounding as the golden values.
 */
export function hippoLegS(n: number): Float64Array {
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = Math.sqrt(1 + 2 * i);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) a[i * n + k] = -(p[i] * p[k]);
    a[i * n + i] = -(p[i] * p[i] - i);
  }
  return a;
}

/** HiPPO-LegS in normal-plus-low-rank form: A + P Pᵀ is normal. `b` is the HiPPO input vector √(2i+1). */
export interface NplrHippo {
  readonly n: number;
  readonly a: Float64Array;
  readonly p: Float64Array;
  readonly b: Float64Array;
}

export function nplrHippo(n: number): NplrHippo {
  const p = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    p[i] = Math.sqrt(i + 0.5);
    b[i] = Math.sqrt(2 * i + 1);
  }
  return { n, a: hippoLegS(n), p, b };
}

/**
 * Diagonal form of the normal part S = A + P Pᵀ = V Λ Vᴴ: Λ ([n], ascending by imaginary part) and
 * the unitary V (n × n row-major, column j the eigenvector of Λ_j), complex as re/im arrays.
 */
export interface DplrHippo {
  readonly n: number;
  readonly lambdaRe: Float64Array;
  readonly lambdaIm: Float64Array;
  readonly vRe: Float64Array;
  readonly vIm: Float64Array;
}

/**
 * Λ_re = mean(diag S) (= −0.5 for LegS); Λ_im and V from the Hermitian eigendecomposition of −i·S.
 * As with numpy's `eigh`, only the lower triangle of −i·S is read and the imaginary part of its
 * diagonal is ignored, so this decomposes −i·S_skew, S_skew being the skew-symmetric part of S.
 * V's columns are phased so their first component is real and positive (numpy: real, either sign).
 */
export function dplrHippo(n: number): DplrHippo {
  const { a, p } = nplrHippo(n);
  const s = new Float64Array(n * n);
  let diagSum = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) s[i * n + k] = a[i * n + k] + p[i] * p[k];
    diagSum += s[i * n + i];
  }
  // −i·S has real part 0 and imaginary part −S.
  const hermRe = new Float64Array(n * n);
  const hermIm = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) hermIm[i] = -s[i];
  const eig = eighHermitian(n, hermRe, hermIm);
  return {
    n,
    lambdaRe: new Float64Array(n).fill(diagSum / n),
    lambdaIm: eig.values,
    vRe: eig.vectorsRe,
    vIm: eig.vectorsIm,
  };
}
