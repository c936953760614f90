// Tensor back end for training (@tensorflow/tfjs on its WebAssembly back end) and the small ops Loom adds on top of it.
//
// Why these ops: tfjs-wasm 4.22 runs matMul with a transposed operand ~10× slower than a plain one, and
// the stock matMul gradient uses exactly those; `matmul` below transposes explicitly instead.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export { tf };
export type Tensor = tf.Tensor;

let ready: Promise<string> | null = null;

/**
 * Select the WebAssembly back end (loaded from node_modules, no network) once per process; falls back to
 * tfjs's plain-JS back end if WebAssembly cannot start. Resolves to the back end's name.
 */
export function initTensors(): Promise<string> {
  ready ??= (async () => {
    try {
      if (!(await tf.setBackend('wasm'))) throw new Error('wasm back end refused');
    } catch {
      await tf.setBackend('cpu');
    }
    await tf.ready();
    return tf.getBackend();
  })();
  return ready;
}

type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

/**
 * A tensor op with a hand-written gradient: `f` gets the input tensors and `save`, and returns the value and
 * the gradient function. Only tensors passed to `save` (handed back as `saved`) outlive the forward pass;
 * intermediate tensors captured in a closure are disposed before the gradient runs, plain arrays are not.
 */
export function customOp<F>(
  f: (...args: [...tf.Tensor[], tf.GradSaveFunc]) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[] },
): F {
  return tf.customGrad(f as unknown as CustomGradientFunc) as unknown as F;
}

/** a·b for 2-D tensors, with a gradient that uses explicit transposes (fast on tfjs-wasm). */
export const matmul = customOp<(a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D>((...args) => {
  const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy, saved) => {
      const [sa, sb] = saved as tf.Tensor2D[];
      return [tf.matMul(dy as tf.Tensor2D, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy as tf.Tensor2D)];
    },
  };
});

/** x·Wᵀ (+ b) for x [rows × in] and W [out × in] (the checkpoint's row-major layout). */
export function linear(x: tf.Tensor2D, weight: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor2D {
  const y = matmul(x, tf.transpose(weight));
  return bias ? tf.add(y, bias) : y;
}

const GELU_C = Math.sqrt(2 / Math.PI);

/** GELU, tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³))) — the golden `gelu_tanh`. */
export function gelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), GELU_C);
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

/** The same GELU on one number (for tests and the plain-TS side). */
export function geluScalar(x: number): number {
  return 0.5 * x * (1 + Math.tanh(GELU_C * (x + 0.044715 * x ** 3)));
}

/** Straight-through estimator: the value of `forward`, the gradient of `x` (identity); `forward` gets none. */
export const straightThrough = customOp<(x: tf.Tensor, forward: tf.Tensor) => tf.Tensor>((...args) => {
  const forward = args[1] as tf.Tensor;
  const shape = forward.shape;
  return { value: tf.clone(forward), gradFunc: (dy) => [dy, tf.zeros(shape)] };
});

/**
 * Fake fixed point with the hardware's floor rescale: clip(floor(x·2^exp), ±2^(bits−1))·2^−exp, straight-through
 * gradient. `bias` (already an integer at this exp) is added before clipping, as the kernels add it after the shift.
 */
export function fakeFloor(x: tf.Tensor, exp: number, bits = 16): tf.Tensor {
  const hi = 2 ** (bits - 1) - 1;
  return straightThrough(x, noGradient(x, (v) => tf.mul(tf.clipByValue(tf.floor(tf.mul(v, 2 ** exp)), -hi - 1, hi), 2 ** -exp)));
}

/** f(x) as a constant: its value, no gradient to x (for masks and comparisons, whose ops tfjs cannot differentiate). */
export function noGradient(x: tf.Tensor, f: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
  const op = customOp<(x: tf.Tensor) => tf.Tensor>((...args) => {
    const input = args[0] as tf.Tensor;
    const shape = input.shape;
    return { value: f(input), gradFunc: () => [tf.zeros(shape)] };
  });
  return op(x);
}
