// The denoising loss on tensors: enhanced spectrum Y = X·(1 + m), inverse STFT, 0.001·MSE(|Ŝ|, |S|) + (100 − SI-SNR).
import type { FeatureBatch } from '../data/features.ts';
import { istftOp } from './istft-op.ts';
import { tf } from './tensors.ts';

/** Weight of the magnitude MSE term. */
export const MSE_WEIGHT = 0.001;

/** A feature batch as tensors (create inside tf.tidy or dispose yourself). */
export interface BatchTensors {
  readonly clips: number;
  readonly frames: number;
  readonly noisyMag: tf.Tensor3D;
  readonly noisyRe: tf.Tensor3D;
  readonly noisyIm: tf.Tensor3D;
  readonly cleanMag: tf.Tensor3D;
  readonly cleanWave: tf.Tensor2D;
}

export function batchTensors(b: FeatureBatch): BatchTensors {
  const shape: [number, number, number] = [b.clips, b.frames, b.bins];
  return {
    clips: b.clips,
    frames: b.frames,
    noisyMag: tf.tensor3d(b.noisyMag, shape),
    noisyRe: tf.tensor3d(b.noisyRe, shape),
    noisyIm: tf.tensor3d(b.noisyIm, shape),
    cleanMag: tf.tensor3d(b.cleanMag, shape),
    cleanWave: tf.tensor2d(b.cleanWave, [b.clips, b.samples]),
  };
}

export function disposeBatch(b: BatchTensors): void {
  tf.dispose([b.noisyMag, b.noisyRe, b.noisyIm, b.cleanMag, b.cleanWave]);
}

/** SI-SNR per row [clips] of `estimate` against `target` ([clips × samples]), the golden definition. */
export function siSnrTensor(target: tf.Tensor2D, estimate: tf.Tensor2D): tf.Tensor1D {
  const t = tf.sub(target, tf.mean(target, 1, true));
  const e = tf.sub(estimate, tf.mean(estimate, 1, true));
  const alpha = tf.div(tf.sum(tf.mul(e, t), 1, true), tf.add(tf.sum(tf.mul(t, t), 1, true), 1e-12));
  const s = tf.mul(alpha, t);
  const ratio = tf.div(tf.sum(tf.square(s), 1), tf.add(tf.sum(tf.square(tf.sub(e, s)), 1), 1e-8));
  return tf.mul(tf.log(tf.add(ratio, 1e-8)), 10 / Math.LN10) as tf.Tensor1D;
}

export interface LossParts {
  readonly loss: tf.Scalar;
  /** SI-SNR of each clip's enhanced waveform (dB). */
  readonly siSnr: tf.Tensor1D;
  readonly wave: tf.Tensor2D;
}

/** Loss of masks m [clips·frames × bins] on a batch. */
export function denoiseLoss(mask: tf.Tensor2D, batch: BatchTensors): LossParts {
  const gain = tf.add(tf.reshape(mask, batch.noisyRe.shape), 1);
  const wave = istftOp(tf.mul(batch.noisyRe, gain) as tf.Tensor3D, tf.mul(batch.noisyIm, gain) as tf.Tensor3D);
  const mse = tf.mean(tf.square(tf.sub(tf.mul(batch.noisyMag, gain), batch.cleanMag)));
  const si = siSnrTensor(batch.cleanWave, wave);
  const loss = tf.add(tf.mul(mse, MSE_WEIGHT), tf.mean(tf.sub(100, si))) as tf.Scalar;
  return { loss, siSnr: si, wave };
}
