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

/** Λ̄_n and the complex factor s_n that scales row n of B̃, for one state. */
type StateRule = (lre: number, lim: number, delta: number) => readonly [barRe: number, barIm: number, sRe: number, sIm: number];

/** Apply a per-state rule to every state, then scale B̃'s rows by the factors. */
function discretizeWith(rule: StateRule, lambdaRe: Float64Array, lambdaIm: Float64Array, delta: Float64Array, bRe: Float64Array, bIm: Float64Array, h: number): DiscreteSsm {
  const n = lambdaRe.length;
  const [lambdaBarRe, lambdaBarIm, scaleRe, scaleIm] = [0, 1, 2, 3].map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    [lambdaBarRe[i], lambdaBarIm[i], scaleRe[i], scaleIm[i]] = rule(lambdaRe[i], lambdaIm[i], delta[i]);
  }
  return { lambdaBarRe, lambdaBarIm, ...scaleRows(scaleRe, scaleIm, bRe, bIm, h) };
}

/** ZOH for one state: Λ̄ = exp(ΛΔ), s = (Λ̄ − 1)/Λ (Λ ≠ 0; clip_eigs guarantees it). */
const zohRule: StateRule = (lre, lim, delta) => {
  const mag = Math.exp(lre * delta);
  const barRe = mag * Math.cos(lim * delta);
  const barIm = mag * Math.sin(lim * delta);
  const nr = barRe - 1;
  const den = lre * lre + lim * lim;
  return [barRe, barIm, (nr * lre + barIm * lim) / den, (barIm * lre - nr * lim) / den];
};

/** Bilinear for one state: BL = 1/(1 − Δ/2·Λ), Λ̄ = BL·(1 + Δ/2·Λ), s = BL·Δ. */
const bilinearRule: StateRule = (lre, lim, delta) => {
  const hr = (delta / 2) * lre;
  const hi = (delta / 2) * lim;
  const dr = 1 - hr;
  const den = dr * dr + hi * hi;
  const blRe = dr / den;
  const blIm = hi / den;
  return [blRe * (1 + hr) - blIm * hi, blRe * hi + blIm * (1 + hr), blRe * delta, blIm * delta];
};

/** Zero-order hold: Λ̄ = exp(ΛΔ), B̄ = ((Λ̄ − 1)/Λ) B̃, each row n of B̃ ([N × H]) scaled by its state's complex factor. */
export function discretizeZoh(lambdaRe: Float64Array, lambdaIm: Float64Array, delta: Float64Array, bRe: Float64Array, bIm: Float64Array, h: number): DiscreteSsm {
  return discretizeWith(zohRule, lambdaRe, lambdaIm, delta, bRe, bIm, h);
}

/** Bilinear (Tustin): BL = 1/(1 − Δ/2·Λ), Λ̄ = BL·(1 + Δ/2·Λ), B̄ = BL·Δ·B̃. */
export function discretizeBilinear(lambdaRe: Float64Array, lambdaIm: Float64Array, delta: Float64Array, bRe: Float64Array, bIm: Float64Array, h: number): DiscreteSsm {
  return discretizeWith(bilinearRule, lambdaRe, lambdaIm, delta, bRe, bIm, h);
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
