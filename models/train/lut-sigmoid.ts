// The fixed-point sigmoid (isa/arith.ts sigmoidLut: 8-entry table, linear interpolation, exp 6 in, exp 8 out) as a tensor function.
import { SIGMOID_INPUT_EXP, SIGMOID_OUTPUT_EXP, SIGMOID_TABLE } from '../../isa/arith.ts';
import { tf } from './tensors.ts';

/**
 * σ of g (values on the exp-6 grid) exactly as sigmoidLut computes it, as a float: (128 ± h)/256 with
 * h = ⌊(64 − μ)·T[i]/64⌋ + ⌊μ·T[i+1]/64⌋, i = min(⌊|q|/64⌋, 6), μ = |q| mod 64, q = g·64. No gradient.
 */
export function lutSigmoid(g: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const step = 2 ** SIGMOID_INPUT_EXP;
    const q = tf.round(tf.mul(g, step));
    const xx = tf.abs(q);
    const whole = tf.floor(tf.div(xx, step));
    const mu = tf.sub(xx, tf.mul(whole, step));
    const i = tf.minimum(whole, SIGMOID_TABLE.length - 2);
    const table = tf.tensor1d(SIGMOID_TABLE as number[]);
    const lo = tf.gather(table, tf.cast(i, 'int32'));
    const hi = tf.gather(table, tf.cast(tf.add(i, 1), 'int32'));
    const h = tf.add(tf.floor(tf.div(tf.mul(tf.sub(step, mu), lo), step)), tf.floor(tf.div(tf.mul(mu, hi), step)));
    const half = 2 ** (SIGMOID_OUTPUT_EXP - 1);
    const s = tf.where(tf.greater(q, 0), tf.add(half, h), tf.sub(half, h));
    return tf.div(s, 2 ** SIGMOID_OUTPUT_EXP);
  });
}
