// Fixed-point arithmetic: the one definition of rescale, saturate, quantize, the complex state step, complex ReLU and the sigmoid table.
//
// A value is an integer q with a format (bits, exp, signed) meaning q·2^−exp. Integers are held in JS
// numbers, exact up to 2^53; every intermediate in the rules below stays far inside that, so the
// arithmetic is exact and only explicit `saturate` calls ever change a value's magnitude.

/** Bit width, binary exponent and signedness of a stored integer: q means q·2^−exp. */
export interface FixedFormat {
  readonly bits: number;
  readonly exp: number;
  readonly signed: boolean;
}

/** Counts values clipped by `saturate`; one per layer or per core so reports can say where precision ran out. */
export class SaturationCounter {
  count = 0;
}

export type RoundingMode = 'floor' | 'ceil' | 'round_half_up';

const POW2: Float64Array = (() => {
  const table = new Float64Array(128);
  for (let i = 0; i < 128; i++) table[i] = 2 ** (i - 64);
  return table;
})();

/** 2^e for integer e in −64..63 (table look-up: exact, and cheaper than Math.pow on hot paths). */
export function pow2(e: number): number {
  return POW2[e + 64];
}

/** Arithmetic right shift by r ≥ 0 (floor division by 2^r), exact for any safe integer. */
export function shiftRightFloor(x: number, r: number): number {
  return Math.floor(x * POW2[64 - r]);
}

/** Right shift by r with a chosen rounding; `floor` is the hardware rule, the others exist for comparison. */
export function shiftRight(x: number, r: number, mode: RoundingMode = 'floor'): number {
  const scaled = x * POW2[64 - r];
  switch (mode) {
    case 'floor':
      return Math.floor(scaled);
    case 'ceil':
      return Math.ceil(scaled) + 0; // + 0 turns −0 into 0
    case 'round_half_up':
      return Math.floor(scaled + 0.5);
  }
}

/** Re-express q from exponent `fromExp` to `toExp`: floor right shift to a smaller exp, left shift to a larger one. */
export function rescale(q: number, fromExp: number, toExp: number): number {
  if (toExp >= fromExp) return q * POW2[64 + toExp - fromExp];
  return Math.floor(q * POW2[64 + toExp - fromExp]);
}

/** Smallest and largest integer a signed or unsigned `bits`-bit store holds. */
export function rangeOf(bits: number, signed = true): { readonly min: number; readonly max: number } {
  return signed ? { min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 } : { min: 0, max: 2 ** bits - 1 };
}

/** Clip x to the signed `bits`-bit range; counts a clip on `counter` when given. */
export function saturate(x: number, bits: number, counter?: SaturationCounter): number {
  const hi = POW2[64 + bits - 1] - 1;
  const lo = -POW2[64 + bits - 1];
  if (x > hi) {
    if (counter) counter.count++;
    return hi;
  }
  if (x < lo) {
    if (counter) counter.count++;
    return lo;
  }
  return x;
}

/** Round to nearest, ties to even (the quantizer's rule, matching numpy and Python's round). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x); // ties toward +∞
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) return r - 1;
  return r + 0; // + 0 turns −0 into 0
}

/** Result of power-of-two symmetric per-tensor quantization: q·2^−exp ≈ x. */
export interface QuantizedTensor {
  readonly q: Int32Array;
  readonly exp: number;
  readonly bits: number;
  /** Elements clipped to the range (the pow2 scale may sit just below max|x|). */
  readonly saturated: number;
}

const MIN_SCALE = 1e-6;

/** Exponent of the symmetric power-of-two scale for a tensor with the given max |x|: scale = 2^round(log2(max/(2^(b−1)−1))). */
export function pow2ScaleExp(absMax: number, bits: number): number {
  const scale = Math.max(absMax / (2 ** (bits - 1) - 1), MIN_SCALE);
  return 0 - roundHalfEven(Math.log2(scale));
}

/** Quantize floats to `bits` at exponent `exp`: q = clip(roundHalfEven(x·2^exp)). */
export function quantizeAtExp(values: ArrayLike<number>, bits: number, exp: number): QuantizedTensor {
  const q = new Int32Array(values.length);
  const counter = new SaturationCounter();
  const factor = 2 ** exp;
  for (let i = 0; i < values.length; i++) q[i] = saturate(roundHalfEven(values[i] * factor), bits, counter);
  return { q, exp, bits, saturated: counter.count };
}

/** Symmetric per-tensor quantization with a power-of-two scale chosen from the tensor's own max |x|. */
export function quantizePow2(values: ArrayLike<number>, bits: number): QuantizedTensor {
  let absMax = 0;
  for (let i = 0; i < values.length; i++) absMax = Math.max(absMax, Math.abs(values[i]));
  return quantizeAtExp(values, bits, pow2ScaleExp(absMax, bits));
}

/**
 * Power-of-two symmetric quantization choosing, between the golden rule's exponent and its two
 * neighbours, the one with the least squared error. The golden rule rounds log2 of the scale, which
 * can clip up to 41 % of a flat (uniform) weight range; picking the best neighbour keeps the format
 * (one power-of-two scale per tensor) and removes that loss. Documented in isa/README.md.
 */
export function quantizePow2MinError(values: ArrayLike<number>, bits: number): QuantizedTensor {
  let absMax = 0;
  for (let i = 0; i < values.length; i++) absMax = Math.max(absMax, Math.abs(values[i]));
  const golden = pow2ScaleExp(absMax, bits);
  let best = quantizeAtExp(values, bits, golden);
  let bestError = squaredError(values, best);
  for (const exp of [golden - 1, golden + 1]) {
    const candidate = quantizeAtExp(values, bits, exp);
    const error = squaredError(values, candidate);
    if (error < bestError) {
      best = candidate;
      bestError = error;
    }
  }
  return best;
}

function squaredError(values: ArrayLike<number>, t: QuantizedTensor): number {
  const scale = 2 ** -t.exp;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - t.q[i] * scale) ** 2;
  return sum;
}

/**
 * Largest exponent at which a calibrated range max |x| still fits `bits` without saturating,
 * less `headroomBits` of margin for inputs larger than the calibration set.
 */
export function nonSaturatingExp(absMax: number, bits: number, headroomBits = 0): number {
  const limit = 2 ** (bits - 1) - 1;
  if (!(absMax > 0)) return bits - 1 - headroomBits;
  let exp = Math.floor(Math.log2(limit / absMax));
  // log2 can land a hair on the wrong side of an integer; settle it exactly.
  while (absMax * 2 ** exp > limit) exp--;
  while (absMax * 2 ** (exp + 1) <= limit) exp++;
  return exp - headroomBits;
}

/** Next state of one complex state (writes [re, im] into `out`); see DESIGN.md §4 for the rule. */
export function complexStateStep(
  lambdaRe: number,
  lambdaIm: number,
  lambdaExp: number,
  xRe: number,
  xIm: number,
  buRe: number,
  buIm: number,
  bits: number,
  out: Int32Array | number[],
  counter?: SaturationCounter,
): void {
  const re = shiftRightFloor(lambdaRe * xRe, lambdaExp) - shiftRightFloor(lambdaIm * xIm, lambdaExp) + buRe;
  const im = shiftRightFloor(lambdaRe * xIm, lambdaExp) + shiftRightFloor(lambdaIm * xRe, lambdaExp) + buIm;
  out[0] = saturate(re, bits, counter);
  out[1] = saturate(im, bits, counter);
}

/** Complex ReLU, lexicographic: a state passes when re > 0, or re = 0 and im > 0; otherwise it becomes (0, 0). */
export function complexReluPasses(re: number, im: number): boolean {
  return re > 0 || (re === 0 && im > 0);
}

/** Sigmoid input and output exponents and the 8-entry table (DESIGN.md §4). */
export const SIGMOID_INPUT_EXP = 6;
export const SIGMOID_OUTPUT_EXP = 8;
export const SIGMOID_TABLE: readonly number[] = Object.freeze([0, 59, 97, 116, 123, 126, 127, 128]);

/**
 * σ(x) for x at exp 6, result at exp 8 (0..256): table of σ−½ at integer points 0..7 with linear
 * interpolation, mirrored for negative x (x = 0 takes the negative branch, which gives ½ either way).
 */
export function sigmoidLut(x: number): number {
  const xx = x < 0 ? -x : x;
  const i = Math.min(xx >> 6, 6);
  const mu = xx & 63;
  const h = (((64 - mu) * SIGMOID_TABLE[i]) >> 6) + ((mu * SIGMOID_TABLE[i + 1]) >> 6);
  return x > 0 ? 128 + h : 128 - h;
}

/** Host-side input encoding: q = sat(roundHalfEven((x − offset)·2^exp)) into `out`. */
export function quantizeActivations(
  values: ArrayLike<number>,
  offset: number,
  exp: number,
  bits: number,
  out: Int32Array,
  counter?: SaturationCounter,
): void {
  const factor = 2 ** exp;
  for (let i = 0; i < values.length; i++) out[i] = saturate(roundHalfEven((values[i] - offset) * factor), bits, counter);
}
