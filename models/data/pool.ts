// The training stream of the synthetic set: a seeded pool of clean and noise clips whose spectra are cached, remixed per example (STFT is linear).
import { Rng } from '../random.ts';
import type { FeatureBatch } from './features.ts';
import { NOISE_KINDS, noise } from './noise.ts';
import { rmsOf, speechLike } from './speech.ts';
import { BINS, SAMPLE_RATE, samplesForFrames, stft, HOP } from './stft.ts';
import { LEVEL_RANGE_DB, SNR_RANGE_DB, clipSeed } from './synthetic-set.ts';

export interface MixingPoolOptions {
  readonly seed: number;
  /** Clean speech-like clips in the pool. */
  readonly cleanClips: number;
  /** Noise clips in the pool (kinds in turn: white, pink, babble, tonal). */
  readonly noiseClips: number;
  /** Frames per pool clip; examples are crops of `frames` frames at frame-aligned offsets. */
  readonly poolFrames: number;
  /** Range of the noisy clips' RMS level in dBFS (default −35 … −15). */
  readonly levelDb?: readonly [number, number];
}

interface PoolClip {
  readonly wave: Float32Array;
  readonly re: Float32Array;
  readonly im: Float32Array;
}

/**
 * A pool of clean and noise clips with their STFTs. Example `index` (any integer) picks a clean clip,
 * a noise clip, frame-aligned crops of each, an SNR uniform in −5 … 20 dB and a level of −35 … −15
 * dBFS, all from a seed derived from (seed, index): the same index always gives the same example,
 * and because the STFT is linear the noisy spectrum is the scaled sum of the cached ones.
 */
export class MixingPool {
  private readonly clean: PoolClip[] = [];
  private readonly noises: PoolClip[] = [];

  constructor(readonly options: MixingPoolOptions) {
    const samples = samplesForFrames(options.poolFrames);
    for (let i = 0; i < options.cleanClips; i++) {
      const rng = new Rng(clipSeed(options.seed, 'train', 2 * i));
      this.clean.push(poolClip(speechLike(rng, samples, SAMPLE_RATE)));
    }
    for (let i = 0; i < options.noiseClips; i++) {
      const rng = new Rng(clipSeed(options.seed, 'train', 2 * i + 1));
      this.noises.push(poolClip(noise(NOISE_KINDS[i % NOISE_KINDS.length], rng, samples, SAMPLE_RATE)));
    }
  }

  /** Features of examples `indices`, each `frames` frames long (at most the pool clips' length). */
  batch(indices: readonly number[], frames: number): FeatureBatch {
    if (frames > this.options.poolFrames) throw new Error(`pool: ${frames} frames asked of ${this.options.poolFrames}-frame clips`);
    const samples = samplesForFrames(frames);
    const per = frames * BINS;
    const n = indices.length;
    const out = {
      clips: n,
      frames,
      bins: BINS,
      samples,
      noisyRe: new Float32Array(n * per),
      noisyIm: new Float32Array(n * per),
      noisyMag: new Float32Array(n * per),
      cleanMag: new Float32Array(n * per),
      cleanWave: new Float32Array(n * samples),
      noisyWave: new Float32Array(n * samples),
    };
    indices.forEach((index, c) => this.mixInto(out, c, index, frames));
    return out;
  }

  private mixInto(out: FeatureBatch, c: number, index: number, frames: number): void {
    const rng = new Rng(clipSeed(this.options.seed, 'train', 0x40000000 + index));
    const cl = this.clean[rng.int(this.clean.length)];
    const nz = this.noises[rng.int(this.noises.length)];
    const spare = this.options.poolFrames - frames;
    const [c0, n0] = [rng.int(spare + 1), rng.int(spare + 1)];
    const snrDb = rng.uniform(SNR_RANGE_DB.min, SNR_RANGE_DB.max);
    const [lo, hi] = this.options.levelDb ?? LEVEL_RANGE_DB;
    const levelDb = rng.uniform(lo, hi);
    const samples = out.samples;
    const cw = cl.wave.subarray(c0 * HOP, c0 * HOP + samples);
    const nw = nz.wave.subarray(n0 * HOP, n0 * HOP + samples);
    const noiseGain = (rmsOf(cw) / Math.max(rmsOf(nw), 1e-12)) * 10 ** (-snrDb / 20);
    let peak = 0;
    let power = 0;
    for (let i = 0; i < samples; i++) {
      const v = cw[i] + noiseGain * nw[i];
      power += v * v;
      peak = Math.max(peak, Math.abs(v), Math.abs(cw[i]));
    }
    let gain = 10 ** (levelDb / 20) / Math.max(Math.sqrt(power / samples), 1e-12);
    if (peak * gain > 0.99) gain = 0.99 / peak;
    for (let i = 0; i < samples; i++) {
      out.cleanWave[c * samples + i] = gain * cw[i];
      out.noisyWave[c * samples + i] = gain * (cw[i] + noiseGain * nw[i]);
    }
    const per = frames * BINS;
    const [ce, ne] = [c0 * BINS, n0 * BINS];
    for (let i = 0; i < per; i++) {
      const cr = gain * cl.re[ce + i];
      const ci = gain * cl.im[ce + i];
      const re = cr + gain * noiseGain * nz.re[ne + i];
      const im = ci + gain * noiseGain * nz.im[ne + i];
      out.noisyRe[c * per + i] = re;
      out.noisyIm[c * per + i] = im;
      out.noisyMag[c * per + i] = Math.sqrt(re * re + im * im);
      out.cleanMag[c * per + i] = Math.sqrt(cr * cr + ci * ci);
    }
  }
}

function poolClip(wave: Float64Array): PoolClip {
  const spec = stft(wave);
  return { wave: Float32Array.from(wave), re: spec.re, im: spec.im };
}
