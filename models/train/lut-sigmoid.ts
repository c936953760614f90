// The fixed-point sigmoid (isa/arith.ts sigmoidLut: 8-entry table, linear interpolation, exp 6 in, exp 8 out) applied to a tensor.
import { SIGMOID_INPUT_EXP, SIGMOID_OUTPUT_EXP, sigmoidLut } from '../../isa/arith.ts';
import { tf } from './tensors.ts';

const INPUT_STEP = 2 ** SIGMOID_INPUT_EXP;
const OUTPUT_STEP = 2 ** SIGMOID_OUTPUT_EXP;

/**
 * σ of g (values on the exp-6 grid) exactly as sigmoidLut computes it, as a float. No gradient.
 * Runs isa's own sigmoidLut over the values rather than rebuilding the table in tensor ops, so the rule
 * lives in one place; it is also 4× faster than the ~15 tensor ops it replaced (bench/results/train.md).
 */
export function lutSigmoid(g: tf.Tensor): tf.Tensor {
  const values = g.dataSync();
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = sigmoidLut(Math.round(values[i] * INPUT_STEP)) / OUTPUT_STEP;
  return tf.tensor(out, g.shape);
}
