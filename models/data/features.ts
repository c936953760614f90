// Model-ready features of noisy/clean pairs: noisy complex STFT and magnitude, clean magnitude and waveform, batched frame-major.
import type { AudioPair } from './synthetic-set.ts';
import { BINS, frameCount, samplesForFrames, stft } from './stft.ts';

/** A batch of equal-length clips; spectra are [clips × frames × bins], waveforms [clips × samples]. */
export interface FeatureBatch {
  readonly clips: number;
  readonly frames: number;
  readonly bins: number;
  readonly samples: number;
  readonly noisyRe: Float32Array;
  readonly noisyIm: Float32Array;
  readonly noisyMag: Float32Array;
  readonly cleanMag: Float32Array;
  /** The clean waveform over the samples the frames cover (the iSTFT's output length). */
  readonly cleanWave: Float32Array;
  /** The noisy waveform over the same samples (for SI-SNR of the input). */
  readonly noisyWave: Float32Array;
}

/** Features of pairs cut to `frames` frames each (every pair must be at least that long). */
export function featureBatch(pairs: readonly AudioPair[], frames: number): FeatureBatch {
  const samples = samplesForFrames(frames);
  const per = frames * BINS;
  const out = {
    clips: pairs.length,
    frames,
    bins: BINS,
    samples,
    noisyRe: new Float32Array(pairs.length * per),
    noisyIm: new Float32Array(pairs.length * per),
    noisyMag: new Float32Array(pairs.length * per),
    cleanMag: new Float32Array(pairs.length * per),
    cleanWave: new Float32Array(pairs.length * samples),
    noisyWave: new Float32Array(pairs.length * samples),
  };
  pairs.forEach((p, c) => {
    if (frameCount(p.noisy.length) < frames) throw new Error(`features: clip ${p.id} has ${frameCount(p.noisy.length)} frames, fewer than ${frames}`);
    const noisy = stft(p.noisy.subarray(0, samples));
    const clean = stft(p.clean.subarray(0, samples));
    out.noisyRe.set(noisy.re, c * per);
    out.noisyIm.set(noisy.im, c * per);
    for (let i = 0; i < per; i++) {
      out.noisyMag[c * per + i] = Math.sqrt(noisy.re[i] * noisy.re[i] + noisy.im[i] * noisy.im[i]);
      out.cleanMag[c * per + i] = Math.sqrt(clean.re[i] * clean.re[i] + clean.im[i] * clean.im[i]);
    }
    out.cleanWave.set(p.clean.subarray(0, samples), c * samples);
    out.noisyWave.set(p.noisy.subarray(0, samples), c * samples);
  });
  return out;
}
