// Discretisation of an S5 block's continuous-time diagonal SSM (ZOH or bilinear) into Λ̄ and B̄.
import type { DiscreteSsm, S5BlockParams, S5Hyper } from './types.ts';

export type Discretization = S5Hyper['discretization'];

/** clip_eigs: Re Λ is capped here so every mode decays. */
export const MAX_LAMBDA_RE = -1e-4;

/**
 * Λ̄ and B̄ of one block with step Δ = exp(log_step). With `clipEigs` (the default, as in S5),
 * Re Λ is first clipped to at most −1e−4.
 */
export function discretize(block: S5BlockParams, method: Discretization, clipEigs = true): DiscreteSsm {
  const n = block.lambdaRe.length;
  const lambdaRe = clipEigs ? block.lambdaRe.map((x) => Math.min(x, MAX_LAMBDA_RE)) : block.lambdaRe;
  const delta = new Float64Array(n);
  for (let i = 0; i < n; i++) delta[i] = Math.exp(block.logStep[i]);
  const h = block.d.length;
  const run = method === 'zoh' ? discretizeZoh : discretizeBilinear;
  return run(lambdaRe, block.lambdaIm, delta, block.bRe, block.bIm, h);
}

/**
 * Zero-order hold: Λ̄ = exp(ΛΔ), B̄ = ((Λ̄ − 1)/Λ) B̃, each row n of B̃ ([N × H]) scaled by its state's
 * complex factor. Λ must be non-zero (clip_eigs guarantees it).
 */
export function discretizeZoh(
  lambdaRe: Float64Array,
  lambdaIm: Float64Array,
  delta: Float64Array,
  bRe: Float64Array,
  bIm: Float64Array,
  h: number,
): DiscreteSsm {
  const n = lambdaRe.length;
  const lambdaBarRe = new Float64Array(n);
  const lambdaBarIm = new Float64Array(n);
  const scaleRe = new Float64Array(n);
  const scaleIm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const mag = Math.exp(lambdaRe[i] * delta[i]);
    const angle = lambdaIm[i] * delta[i];
    lambdaBarRe[i] = mag * Math.cos(angle);
    lambdaBarIm[i] = mag * Math.sin(angle);
    // (Λ̄ − 1) / Λ
    const nr = lambdaBarRe[i] - 1;
    const ni = lambdaBarIm[i];
    const den = lambdaRe[i] * lambdaRe[i] + lambdaIm[i] * lambdaIm[i];
    scaleRe[i] = (nr * lambdaRe[i] + ni * lambdaIm[i]) / den;
    scaleIm[i] = (ni * lambdaRe[i] - nr * lambdaIm[i]) / den;
  }
  return { lambdaBarRe, lambdaBarIm, ...scaleRows(scaleRe, scaleIm, bRe, bIm, h) };
}

/** Bilinear (Tustin): BL = 1/(1 − Δ/2·Λ), Λ̄ = BL·(1 + Δ/2·Λ), B̄ = BL·Δ·B̃. */
export function discretizeBilinear(
  lambdaRe: Float64Array,
  lambdaIm: Float64Array,
  delta: Float64Array,
  bRe: Float64Array,
  bIm: Float64Array,
  h: number,
): DiscreteSsm {
  const n = lambdaRe.length;
  const lambdaBarRe = new Float64Array(n);
  const lambdaBarIm = new Float64Array(n);
  const scaleRe = new Float64Array(n);
  const scaleIm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const hr = (delta[i] / 2) * lambdaRe[i];
    const hi = (delta[i] / 2) * lambdaIm[i];
    // BL = 1 / (1 − hr − i·hi)
    const dr = 1 - hr;
    const den = dr * dr + hi * hi;
    const blRe = dr / den;
    const blIm = hi / den;
    // Λ̄ = BL · (1 + hr + i·hi)
    lambdaBarRe[i] = blRe * (1 + hr) - blIm * hi;
    lambdaBarIm[i] = blRe * hi + blIm * (1 + hr);
    scaleRe[i] = blRe * delta[i];
    scaleIm[i] = blIm * delta[i];
  }
  return { lambdaBarRe, lambdaBarIm, ...scaleRows(scaleRe, scaleIm, bRe, bIm, h) };
}

/** B̄[n][k] = s_n · B̃[n][k] (complex). */
function scaleRows(
  sRe: Float64Array,
  sIm: Float64Array,
  bRe: Float64Array,
  bIm: Float64Array,
  h: number,
): Pick<DiscreteSsm, 'bBarRe' | 'bBarIm'> {
  const n = sRe.length;
  if (bRe.length !== n * h || bIm.length !== n * h) {
    throw new Error(`discretize: B̃ has ${bRe.length}/${bIm.length} elements, expected ${n} × ${h}`);
  }
  const bBarRe = new Float64Array(n * h);
  const bBarIm = new Float64Array(n * h);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < h; k++) {
      const r = bRe[i * h + k];
      const m = bIm[i * h + k];
      bBarRe[i * h + k] = sRe[i] * r - sIm[i] * m;
      bBarIm[i * h + k] = sRe[i] * m + sIm[i] * r;
    }
  }
  return { bBarRe, bBarIm };
}
