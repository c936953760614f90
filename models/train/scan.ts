// The diagonal recurrence as a custom tensor op: x_t = Λ̄ ⊙ x_{t−1} + (B̄u)_t by a forward scan, its gradient by a reverse scan (hand-written).
//
// Gradient (real and imaginary parts as separate real variables, G_t = ∂L/∂x_t in total):
//   G_t = g_t + conj(Λ̄)·G_{t+1},   ∂L/∂(B̄u)_t = G_t,   ∂L/∂Λ̄ = Σ_t G_t·conj(x_{t−1}).
// A fixed-point variant runs the forward exactly as DESIGN.md §4 (integer state step with floor shifts and
// saturation, isa/arith.ts) and keeps the float gradient (straight-through), for quantization-aware training.
import { complexStateStep } from '../../isa/arith.ts';
import { customOp, tf } from './tensors.ts';

/** Sizes of a batch of sequences: element (b, t, n) at (b·steps + t)·states + n. */
export interface ScanDims {
  readonly batch: number;
  readonly steps: number;
  readonly states: number;
}

type Floats = Float32Array | Float64Array;

export interface ComplexArrays<T extends Floats = Floats> {
  readonly re: T;
  readonly im: T;
}

/** States of every step from x₀ = 0. */
export function scanForward(bu: ComplexArrays, lambda: ComplexArrays, d: ScanDims): ComplexArrays<Float64Array> {
  const { batch, steps, states: n } = d;
  const re = new Float64Array(batch * steps * n);
  const im = new Float64Array(batch * steps * n);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < n; i++) {
      const lr = lambda.re[i];
      const li = lambda.im[i];
      let xr = 0;
      let xi = 0;
      for (let t = 0; t < steps; t++) {
        const k = (b * steps + t) * n + i;
        const nr = lr * xr - li * xi + bu.re[k];
        const ni = lr * xi + li * xr + bu.im[k];
        re[k] = xr = nr;
        im[k] = xi = ni;
      }
    }
  }
  return { re, im };
}

export interface ScanGradients {
  readonly bu: ComplexArrays<Float64Array>;
  readonly lambda: ComplexArrays<Float64Array>;
}

/** Gradients of the scan given ∂L/∂x_t (`gx`) and the forward states `x`. */
export function scanBackward(gx: ComplexArrays, x: ComplexArrays, lambda: ComplexArrays, d: ScanDims): ScanGradients {
  const { batch, steps, states: n } = d;
  const gRe = new Float64Array(batch * steps * n);
  const gIm = new Float64Array(batch * steps * n);
  const lRe = new Float64Array(n);
  const lIm = new Float64Array(n);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < n; i++) {
      const lr = lambda.re[i];
      const li = lambda.im[i];
      let cr = 0;
      let ci = 0;
      let sr = 0;
      let si = 0;
      for (let t = steps - 1; t >= 0; t--) {
        const k = (b * steps + t) * n + i;
        // G_t = g_t + conj(Λ̄)·G_{t+1}
        const nr = gx.re[k] + lr * cr + li * ci;
        const ni = gx.im[k] + lr * ci - li * cr;
        gRe[k] = cr = nr;
        gIm[k] = ci = ni;
        if (t > 0) {
          const pr = x.re[k - n];
          const pi = x.im[k - n];
          sr += cr * pr + ci * pi;
          si += ci * pr - cr * pi;
        }
      }
      lRe[i] += sr;
      lIm[i] += si;
    }
  }
  return { bu: { re: gRe, im: gIm }, lambda: { re: lRe, im: lIm } };
}

/** Integer Λ̄ and exponents of a fixed-point state layer (from the exported QGraph). */
export interface FixedScan {
  readonly lambdaRe: Int32Array | Int16Array;
  readonly lambdaIm: Int32Array | Int16Array;
  readonly lambdaExp: number;
  readonly stateExp: number;
  readonly bits: number;
}

/**
 * The fixed-point forward: `bu` holds values on the state grid (integer·2^−stateExp); the states follow
 * isa/arith.ts complexStateStep exactly. Returns the states dequantized.
 */
export function scanForwardFixed(bu: ComplexArrays, f: FixedScan, d: ScanDims): ComplexArrays<Float64Array> {
  const { batch, steps, states: n } = d;
  const re = new Float64Array(batch * steps * n);
  const im = new Float64Array(batch * steps * n);
  const up = 2 ** f.stateExp;
  const down = 2 ** -f.stateExp;
  const next = new Int32Array(2);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < n; i++) {
      let xr = 0;
      let xi = 0;
      for (let t = 0; t < steps; t++) {
        const k = (b * steps + t) * n + i;
        complexStateStep(f.lambdaRe[i], f.lambdaIm[i], f.lambdaExp, xr, xi, Math.round(bu.re[k] * up), Math.round(bu.im[k] * up), f.bits, next);
        xr = next[0];
        xi = next[1];
        re[k] = xr * down;
        im[k] = xi * down;
      }
    }
  }
  return { re, im };
}

/**
 * x = scan(B̄u, Λ̄) as a differentiable op. buRe/buIm are [batch, steps, states]; lambdaRe/lambdaIm [states].
 * With `fixed`, the forward is the integer recurrence and the gradient flows straight through it
 * (computed at the dequantized Λ̄ and states).
 */
export function diagonalScan(
  buRe: tf.Tensor3D,
  buIm: tf.Tensor3D,
  lambdaRe: tf.Tensor1D,
  lambdaIm: tf.Tensor1D,
  fixed?: FixedScan,
): { re: tf.Tensor3D; im: tf.Tensor3D } {
  const [batch, steps, states] = buRe.shape;
  const dims: ScanDims = { batch, steps, states };
  const op = customOp<(a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => tf.Tensor4D>((...args) => {
    const [bRe, bIm, lRe, lIm] = args as tf.Tensor[];
    const bu = { re: bRe.dataSync() as Float32Array, im: bIm.dataSync() as Float32Array };
    const lambda = fixed
      ? { re: Float64Array.from(fixed.lambdaRe, (v) => v * 2 ** -fixed.lambdaExp), im: Float64Array.from(fixed.lambdaIm, (v) => v * 2 ** -fixed.lambdaExp) }
      : { re: lRe.dataSync() as Float32Array, im: lIm.dataSync() as Float32Array };
    const x = fixed ? scanForwardFixed(bu, fixed, dims) : scanForward(bu, lambda, dims);
    const size = x.re.length;
    const packed = new Float32Array(2 * size);
    packed.set(x.re);
    packed.set(x.im, size);
    return {
      value: tf.tensor4d(packed, [2, batch, steps, states]),
      gradFunc: (dy) => {
        const g = dy.dataSync() as Float32Array;
        const grads = scanBackward({ re: g.subarray(0, size), im: g.subarray(size) }, x, lambda, dims);
        return [
          tf.tensor3d(Float32Array.from(grads.bu.re), [batch, steps, states]),
          tf.tensor3d(Float32Array.from(grads.bu.im), [batch, steps, states]),
          tf.tensor1d(Float32Array.from(grads.lambda.re)),
          tf.tensor1d(Float32Array.from(grads.lambda.im)),
        ];
      },
    };
  });
  const out = op(buRe, buIm, lambdaRe, lambdaIm);
  const [re, im] = tf.unstack(out, 0) as tf.Tensor3D[];
  return { re, im };
}
