// A robust, bounded fit in log space: parameters with priors and plausible ranges, residuals ln(predicted / measured), a Huber loss, by cyclic coordinate descent.
//
// Few measurements constrain many costs, so every parameter carries a log-normal prior whose range
// [min, max] spans ±2 standard deviations: the data move a parameter only as far as they agree on,
// and a parameter they cannot see stays at its prior (reported as such). The Huber loss keeps one
// wild row from dragging the rest. Deterministic: no randomness, fixed sweep order.

export interface FitParameter {
  readonly name: string;
  readonly prior: number;
  readonly min: number;
  readonly max: number;
}

export interface FitRow {
  readonly name: string;
  readonly measured: number;
  /** Relative uncertainty of the measurement (0.1 = 10 %), the residual's scale. */
  readonly sigma: number;
}

export interface FitResult {
  readonly values: readonly number[];
  /** ln(predicted / measured) per row at the result. */
  readonly residuals: readonly number[];
  readonly loss: number;
  readonly sweeps: number;
}

/** Where the Huber loss turns from quadratic to linear, in standard deviations. */
export const HUBER_DELTA = 1.5;

/**
 * Structural error expected of the model on any row (relative), added in quadrature to a row's
 * measurement uncertainty: a simulator is not the chip, so no row is trusted to 10 %.
 */
export const MODEL_SIGMA = 0.3;

/** Huber loss of a standardised residual (quadratic within ±HUBER_DELTA, linear beyond). */
export function huber(z: number): number {
  const a = Math.abs(z);
  return a <= HUBER_DELTA ? 0.5 * z * z : HUBER_DELTA * (a - 0.5 * HUBER_DELTA);
}

function priorSigma(p: FitParameter): number {
  return Math.max(Math.log(p.max / p.min) / 4, 1e-6);
}

/**
 * Minimise Σ huber(ln(pred/meas) / √(σ_row² + MODEL_SIGMA²)) + ½ Σ ((ln v − ln prior)/σ_prior)² over v within [min, max].
 * `predict(values)` returns one prediction per row.
 */
export function robustLogFit(parameters: readonly FitParameter[], rows: readonly FitRow[], predict: (values: readonly number[]) => readonly number[], maxSweeps = 60): FitResult {
  const lo = parameters.map((p) => Math.log(p.min));
  const hi = parameters.map((p) => Math.log(p.max));
  const u = parameters.map((p, i) => Math.min(hi[i], Math.max(lo[i], Math.log(p.prior))));
  const loss = (x: readonly number[]) => {
    const values = x.map(Math.exp);
    const pred = predict(values);
    let sum = 0;
    rows.forEach((r, i) => (sum += huber(Math.log(Math.max(pred[i], 1e-300) / r.measured) / Math.hypot(r.sigma, MODEL_SIGMA))));
    parameters.forEach((p, i) => (sum += 0.5 * ((x[i] - Math.log(p.prior)) / priorSigma(p)) ** 2));
    return sum;
  };
  let current = loss(u);
  let sweeps = 0;
  for (; sweeps < maxSweeps; sweeps++) {
    const before = current;
    const start = [...u];
    for (let i = 0; i < u.length; i++) current = lineSearch(u, i, lo[i], hi[i], loss, current);
    current = extrapolate(u, start, lo, hi, loss, current);
    if (before - current < 1e-12 * Math.max(1, before)) break;
  }
  const values = u.map(Math.exp);
  const pred = predict(values);
  return { values, residuals: rows.map((r, i) => Math.log(pred[i] / r.measured)), loss: current, sweeps };
}

/** After a sweep, search along the sweep's own step (start → u), clamped to the bounds: a correlated valley is crossed in a few sweeps instead of many (Powell's idea). */
function extrapolate(u: number[], start: readonly number[], lo: readonly number[], hi: readonly number[], loss: (x: readonly number[]) => number, current: number): number {
  const at = (t: number) => u.map((x, i) => Math.min(hi[i], Math.max(lo[i], start[i] + t * (x - start[i]))));
  const g = (Math.sqrt(5) - 1) / 2;
  let a = 1;
  let b = 8;
  for (let k = 0; k < 40 && b - a > 1e-4; k++) {
    const c = b - g * (b - a);
    const d = a + g * (b - a);
    if (loss(at(c)) < loss(at(d))) b = d;
    else a = c;
  }
  const best = at((a + b) / 2);
  const value = loss(best);
  if (value < current) {
    best.forEach((x, i) => (u[i] = x));
    return value;
  }
  return current;
}

/** Golden-section search of coordinate i over [lo, hi], keeping the current point when nothing beats it. */
function lineSearch(u: number[], i: number, lo: number, hi: number, loss: (x: readonly number[]) => number, current: number): number {
  const at = (x: number) => {
    const keep = u[i];
    u[i] = x;
    const v = loss(u);
    u[i] = keep;
    return v;
  };
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = at(c);
  let fd = at(d);
  for (let k = 0; k < 60 && b - a > 1e-7; k++) {
    if (fc < fd) (b = d, (d = c), (fd = fc), (c = b - g * (b - a)), (fc = at(c)));
    else (a = c, (c = d), (fc = fd), (d = a + g * (b - a)), (fd = at(d)));
  }
  const x = (a + b) / 2;
  const fx = at(x);
  if (fx < current) {
    u[i] = x;
    return fx;
  }
  return current;
}
