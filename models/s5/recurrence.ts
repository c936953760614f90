// The conj-sym linear recurrence of an S5 block: state update x ← Λ̄ ⊙ x + B̄ u and readout y = 2·Re(C̃ h) + D ⊙ u.
import { sparseRows, type SparseRows } from './sparse-rows.ts';
import type { DiscreteSsm } from './types.ts';

/**
 * One state update in place: x ← Λ̄ ⊙ x + B̄ u, with N = Λ̄'s length complex states and H = u.length
 * real inputs (B̄ is N × H).
 */
export function stepState(ssm: DiscreteSsm, u: Float64Array, xRe: Float64Array, xIm: Float64Array): void {
  stepStateRows(ssm.lambdaBarRe, ssm.lambdaBarIm, inputMatrixRows(ssm), u, xRe, xIm);
}

/** B̄ (N × H, planes re and im) with its zeros left out, for `stepStateRows`. */
export function inputMatrixRows(ssm: DiscreteSsm): SparseRows {
  return sparseRows(ssm.lambdaBarRe.length, ssm.bBarRe.length / ssm.lambdaBarRe.length, [ssm.bBarRe, ssm.bBarIm]);
}

/** `stepState` with B̄ as compressed rows: the same sums in the same order, zero terms skipped. */
export function stepStateRows(
  lambdaBarRe: Float64Array,
  lambdaBarIm: Float64Array,
  b: SparseRows,
  u: Float64Array,
  xRe: Float64Array,
  xIm: Float64Array,
): void {
  const [bRe, bIm] = b.planes;
  const { rowStart, columns } = b;
  for (let i = 0; i < b.rows; i++) {
    let accRe = lambdaBarRe[i] * xRe[i] - lambdaBarIm[i] * xIm[i];
    let accIm = lambdaBarRe[i] * xIm[i] + lambdaBarIm[i] * xRe[i];
    const end = rowStart[i + 1];
    if (columns === undefined) {
      for (let k = rowStart[i], c = 0; k < end; k++, c++) {
        accRe += bRe[k] * u[c];
        accIm += bIm[k] * u[c];
      }
    } else {
      for (let k = rowStart[i]; k < end; k++) {
        const uc = u[columns[k]];
        accRe += bRe[k] * uc;
        accIm += bIm[k] * uc;
      }
    }
    xRe[i] = accRe;
    xIm[i] = accIm;
  }
}

/**
 * Readout into y: y = 2·Re(C̃ h) + D ⊙ u, C̃ being H × N complex (H = y.length, N = hRe.length).
 * The factor 2 restores the conjugate half of the state that conj-sym drops.
 */
export function readout(
  cRe: Float64Array,
  cIm: Float64Array,
  d: Float64Array,
  hRe: Float64Array,
  hIm: Float64Array,
  u: Float64Array,
  y: Float64Array,
): void {
  readoutRows(sparseRows(y.length, hRe.length, [cRe, cIm]), d, hRe, hIm, u, y);
}

/** `readout` with C̃ as compressed rows (planes re and im): the same sums in the same order, zero terms skipped. */
export function readoutRows(c: SparseRows, d: Float64Array, hRe: Float64Array, hIm: Float64Array, u: Float64Array, y: Float64Array): void {
  const [cRe, cIm] = c.planes;
  const { rowStart, columns } = c;
  for (let k = 0; k < c.rows; k++) {
    let acc = 0;
    const end = rowStart[k + 1];
    if (columns === undefined) {
      for (let j = rowStart[k], i = 0; j < end; j++, i++) acc += cRe[j] * hRe[i] - cIm[j] * hIm[i];
    } else {
      for (let j = rowStart[k]; j < end; j++) acc += cRe[j] * hRe[columns[j]] - cIm[j] * hIm[columns[j]];
    }
    y[k] = 2 * acc + d[k] * u[k];
  }
}

/** States and outputs of a whole sequence: x [T × N] complex, y [T × H]. */
export interface RecurrenceTrace {
  readonly xRe: Float64Array;
  readonly xIm: Float64Array;
  readonly y: Float64Array;
}

/**
 * Runs the linear recurrence (no activation) from x₀ = 0 over `steps` inputs u ([T × H], row-major):
 * x_t = Λ̄ ⊙ x_{t−1} + B̄ u_t, y_t = 2·Re(C̃ x_t) + D ⊙ u_t.
 */
export function runLinearRecurrence(
  ssm: DiscreteSsm,
  cRe: Float64Array,
  cIm: Float64Array,
  d: Float64Array,
  u: Float64Array,
  steps: number,
): RecurrenceTrace {
  const n = ssm.lambdaBarRe.length;
  const h = d.length;
  const xRe = new Float64Array(n);
  const xIm = new Float64Array(n);
  const trace = { xRe: new Float64Array(steps * n), xIm: new Float64Array(steps * n), y: new Float64Array(steps * h) };
  const b = inputMatrixRows(ssm);
  const c = sparseRows(h, n, [cRe, cIm]);
  for (let t = 0; t < steps; t++) {
    const ut = u.subarray(t * h, (t + 1) * h);
    stepStateRows(ssm.lambdaBarRe, ssm.lambdaBarIm, b, ut, xRe, xIm);
    readoutRows(c, d, xRe, xIm, ut, trace.y.subarray(t * h, (t + 1) * h));
    trace.xRe.set(xRe, t * n);
    trace.xIm.set(xIm, t * n);
  }
  return trace;
}
