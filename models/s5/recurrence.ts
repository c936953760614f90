// The conj-sym linear recurrence of an S5 block: state update x ← Λ̄ ⊙ x + B̄ u and readout y = 2·Re(C̃ h) + D ⊙ u.
import type { DiscreteSsm } from './types.ts';

/**
 * One state update in place: x ← Λ̄ ⊙ x + B̄ u, with N = Λ̄'s length complex states and H = u.length
 * real inputs (B̄ is N × H).
 */
export function stepState(ssm: DiscreteSsm, u: Float64Array, xRe: Float64Array, xIm: Float64Array): void {
  const n = ssm.lambdaBarRe.length;
  const h = u.length;
  const { lambdaBarRe, lambdaBarIm, bBarRe, bBarIm } = ssm;
  for (let i = 0; i < n; i++) {
    let accRe = lambdaBarRe[i] * xRe[i] - lambdaBarIm[i] * xIm[i];
    let accIm = lambdaBarRe[i] * xIm[i] + lambdaBarIm[i] * xRe[i];
    const row = i * h;
    for (let k = 0; k < h; k++) {
      accRe += bBarRe[row + k] * u[k];
      accIm += bBarIm[row + k] * u[k];
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
  const n = hRe.length;
  for (let k = 0; k < y.length; k++) {
    let acc = 0;
    const row = k * n;
    for (let i = 0; i < n; i++) acc += cRe[row + i] * hRe[i] - cIm[row + i] * hIm[i];
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
  for (let t = 0; t < steps; t++) {
    const ut = u.subarray(t * h, (t + 1) * h);
    stepState(ssm, ut, xRe, xIm);
    readout(cRe, cIm, d, xRe, xIm, ut, trace.y.subarray(t * h, (t + 1) * h));
    trace.xRe.set(xRe, t * n);
    trace.xIm.set(xIm, t * n);
  }
  return trace;
}
