// The deterministic synthetic denoising set: speech-like clean clips mixed with white, pink, babble or tonal noise at −5 … 20 dB SNR, 16 kHz.
import { Rng } from '../random.ts';
import { NOISE_KINDS, noise, type NoiseKind } from './noise.ts';
import { rmsOf, speechLike } from './speech.ts';
import { SAMPLE_RATE, samplesForFrames } from './stft.ts';

/** One noisy/clean pair, equal length, at 16 kHz. */
export interface AudioPair {
  readonly id: string;
  readonly clean: Float32Array;
  readonly noisy: Float32Array;
  /** Mixing SNR in dB (NaN when unknown, as for files). */
  readonly snrDb: number;
  readonly noise: NoiseKind | 'file';
}

/** Which stream of clips: the same index gives different clips in different splits. */
export type Split = 'train' | 'validation' | 'test' | 'calibration';
const SPLIT_SALT: Record<Split, number> = { train: 0x7a11, validation: 0x5a1d, test: 0x7e57, calibration: 0xca1b };

export interface SyntheticSetOptions {
  readonly seed: number;
  /** Frames per clip (8 ms each); a clip has hop·(frames − 1) + 512 samples. */
  readonly frames: number;
  readonly snrMinDb?: number;
  readonly snrMaxDb?: number;
  /** Range of the noisy clips' RMS level in dBFS (default −35 … −15). */
  readonly levelDb?: readonly [number, number];
}

export const SNR_RANGE_DB = { min: -5, max: 20 } as const;
export const LEVEL_RANGE_DB: readonly [number, number] = [-35, -15];

/** A 32-bit seed for clip `index` of `split`, so any clip can be made on its own, in any order. */
export function clipSeed(seed: number, split: Split, index: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ SPLIT_SALT[split]) >>> 0;
  h = Math.imul(h ^ (index >>> 0), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Clip `index` of a split. The clean speech-like signal and one noise kind (chosen uniformly) are
 * mixed at an SNR uniform in [snrMin, snrMax]; both are then scaled by one factor so the noisy clip
 * sits at a level uniform in `levelDb` (default −35 … −15 dBFS RMS; peaks kept below 0.99).
 */
export function syntheticPair(options: SyntheticSetOptions, split: Split, index: number): AudioPair {
  const rng = new Rng(clipSeed(options.seed, split, index));
  const samples = samplesForFrames(options.frames);
  const clean = speechLike(rng, samples, SAMPLE_RATE);
  const kind = NOISE_KINDS[rng.int(NOISE_KINDS.length)];
  const n = noise(kind, rng, samples, SAMPLE_RATE);
  const snrDb = rng.uniform(options.snrMinDb ?? SNR_RANGE_DB.min, options.snrMaxDb ?? SNR_RANGE_DB.max);
  const noiseGain = (rmsOf(clean) / Math.max(rmsOf(n), 1e-12)) * 10 ** (-snrDb / 20);
  const noisy = new Float64Array(samples);
  for (let i = 0; i < samples; i++) noisy[i] = clean[i] + noiseGain * n[i];
  const [lo, hi] = options.levelDb ?? LEVEL_RANGE_DB;
  const levelDb = rng.uniform(lo, hi);
  let gain = 10 ** (levelDb / 20) / Math.max(rmsOf(noisy), 1e-12);
  let peak = 0;
  for (let i = 0; i < samples; i++) peak = Math.max(peak, Math.abs(noisy[i]), Math.abs(clean[i]));
  if (peak * gain > 0.99) gain = 0.99 / peak;
  return {
    id: `${split}-${index}`,
    clean: Float32Array.from(clean, (v) => v * gain),
    noisy: Float32Array.from(noisy, (v) => v * gain),
    snrDb,
    noise: kind,
  };
}

/** Clips [first, first + count) of a split. */
export function syntheticPairs(options: SyntheticSetOptions, split: Split, first: number, count: number): AudioPair[] {
  return Array.from({ length: count }, (_, i) => syntheticPair(options, split, first + i));
}
