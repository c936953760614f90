// The inverse STFT as a differentiable tensor op (JS FFT forward, its adjoint — an STFT of the gradient — backward).
import { createFft } from '../data/fft.ts';
import { BINS, HOP, N_FFT, overlapEnvelope, samplesForFrames } from '../data/stft.ts';
import { customOp, tf } from './tensors.ts';

const fft = createFft(N_FFT);

/** Waveforms [clips × samples] of spectra [clips × frames × 257] (re, im), as models/data/stft.ts istft. */
function istftValues(re: Float32Array, im: Float32Array, clips: number, frames: number): Float32Array {
  const samples = samplesForFrames(frames);
  const env = overlapEnvelope(frames);
  const out = new Float32Array(clips * samples);
  const frame = new Float64Array(N_FFT);
  const acc = new Float64Array(samples);
  for (let c = 0; c < clips; c++) {
    acc.fill(0);
    for (let t = 0; t < frames; t++) {
      const off = (c * frames + t) * BINS;
      fft.irfft(re.subarray(off, off + BINS), im.subarray(off, off + BINS), frame);
      for (let n = 0; n < N_FFT; n++) acc[t * HOP + n] += frame[n];
    }
    for (let i = 0; i < samples; i++) out[c * samples + i] = acc[i] / env[i];
  }
  return out;
}

/** The adjoint: ∂L/∂Y[t, k] = (c_k/N)·rfft(g/env over frame t)[k], c = 1 at DC and Nyquist, 2 otherwise. */
function istftAdjoint(g: Float32Array, clips: number, frames: number): { re: Float32Array; im: Float32Array } {
  const samples = samplesForFrames(frames);
  const env = overlapEnvelope(frames);
  const re = new Float32Array(clips * frames * BINS);
  const im = new Float32Array(clips * frames * BINS);
  const frame = new Float64Array(N_FFT);
  const gr = new Float64Array(BINS);
  const gi = new Float64Array(BINS);
  for (let c = 0; c < clips; c++) {
    for (let t = 0; t < frames; t++) {
      for (let n = 0; n < N_FFT; n++) frame[n] = g[c * samples + t * HOP + n] / env[t * HOP + n];
      fft.rfft(frame, gr, gi);
      const off = (c * frames + t) * BINS;
      for (let k = 0; k < BINS; k++) {
        const edge = k === 0 || k === BINS - 1;
        const scale = (edge ? 1 : 2) / N_FFT;
        re[off + k] = scale * gr[k];
        im[off + k] = edge ? 0 : scale * gi[k];
      }
    }
  }
  return { re, im };
}

/** Differentiable inverse STFT: spectra [clips, frames, 257] → waveforms [clips, hop·(frames − 1) + 512]. */
export const istftOp = customOp<(re: tf.Tensor3D, im: tf.Tensor3D) => tf.Tensor2D>((...args) => {
  const [re, im] = args as tf.Tensor[];
  const [clips, frames] = re.shape;
  const samples = samplesForFrames(frames);
  const value = tf.tensor2d(istftValues(re.dataSync() as Float32Array, im.dataSync() as Float32Array, clips, frames), [clips, samples]);
  return {
    value,
    gradFunc: (dy) => {
      const adj = istftAdjoint(dy.dataSync() as Float32Array, clips, frames);
      return [tf.tensor3d(adj.re, [clips, frames, BINS]), tf.tensor3d(adj.im, [clips, frames, BINS])];
    },
  };
});
