// STFT and inverse STFT of 16 kHz audio as DESIGN.md §3 fixes them: n_fft 512, hop 128 (8 ms), rectangular window, 257 bins.
import { createFft, type Fft } from './fft.ts';

export const SAMPLE_RATE = 16_000;
export const N_FFT = 512;
export const HOP = 128;
export const BINS = N_FFT / 2 + 1;

/** Complex spectrogram, frame-major: element (t, k) at t·bins + k. */
export interface Spectrogram {
  readonly frames: number;
  readonly bins: number;
  readonly re: Float32Array;
  readonly im: Float32Array;
}

let shared: Fft | null = null;
function fft(): Fft {
  shared ??= createFft(N_FFT);
  return shared;
}

/** Frames a signal of `samples` samples yields: frame t covers [t·hop, t·hop + n_fft); no padding. */
export function frameCount(samples: number): number {
  return samples < N_FFT ? 0 : Math.floor((samples - N_FFT) / HOP) + 1;
}

/** Samples covered by `frames` frames: hop·(frames − 1) + n_fft. */
export function samplesForFrames(frames: number): number {
  return frames <= 0 ? 0 : HOP * (frames - 1) + N_FFT;
}

/** X[t, k] = Σ_n x[t·hop + n]·e^{−2πikn/512} (rectangular window, unnormalised, no centring: frame t ends at sample t·hop + 511). */
export function stft(signal: ArrayLike<number>): Spectrogram {
  const frames = frameCount(signal.length);
  const re = new Float32Array(frames * BINS);
  const im = new Float32Array(frames * BINS);
  const buf = new Float64Array(N_FFT);
  const outRe = new Float64Array(BINS);
  const outIm = new Float64Array(BINS);
  const f = fft();
  for (let t = 0; t < frames; t++) {
    for (let n = 0; n < N_FFT; n++) buf[n] = signal[t * HOP + n];
    f.rfft(buf, outRe, outIm);
    re.set(outRe, t * BINS);
    im.set(outIm, t * BINS);
  }
  return { frames, bins: BINS, re, im };
}

/** |X| per frame and bin. */
export function magnitude(spec: Spectrogram): Float32Array {
  const out = new Float32Array(spec.re.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(spec.re[i] * spec.re[i] + spec.im[i] * spec.im[i]);
  return out;
}

/** How many frames cover each output sample (1 … n_fft/hop): the overlap-add normalisation. */
export function overlapEnvelope(frames: number): Float32Array {
  const env = new Float32Array(samplesForFrames(frames));
  for (let t = 0; t < frames; t++) for (let n = 0; n < N_FFT; n++) env[t * HOP + n] += 1;
  return env;
}

/**
 * Inverse STFT: each frame's irfft overlap-added and divided by the number of frames covering the
 * sample, so istft(stft(x)) = x on the samplesForFrames(frames) samples the frames cover.
 */
export function istft(re: ArrayLike<number>, im: ArrayLike<number>, frames: number): Float64Array {
  const out = new Float64Array(samplesForFrames(frames));
  const frame = new Float64Array(N_FFT);
  const f = fft();
  const env = overlapEnvelope(frames);
  for (let t = 0; t < frames; t++) {
    const off = t * BINS;
    f.irfft(sub(re, off), sub(im, off), frame);
    for (let n = 0; n < N_FFT; n++) out[t * HOP + n] += frame[n];
  }
  for (let i = 0; i < out.length; i++) out[i] /= env[i];
  return out;
}

function sub(a: ArrayLike<number>, offset: number): ArrayLike<number> {
  return 'subarray' in a ? (a as Float32Array).subarray(offset, offset + BINS) : Array.prototype.slice.call(a, offset, offset + BINS);
}

/** Enhanced spectrum of the denoiser: Y = X·(1 + m), i.e. |Y| = |X|·(1 + m) with the noisy phase. */
export function applyMask(spec: Spectrogram, mask: ArrayLike<number>): Spectrogram {
  const re = new Float32Array(spec.re.length);
  const im = new Float32Array(spec.im.length);
  for (let i = 0; i < re.length; i++) {
    const g = 1 + mask[i];
    re[i] = spec.re[i] * g;
    im[i] = spec.im[i] * g;
  }
  return { frames: spec.frames, bins: spec.bins, re, im };
}
