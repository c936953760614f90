// Deterministic synthetic STFT-magnitude frames (voiced speech-like harmonics over coloured noise) for calibration, tests and benches.
import { Rng } from '../random.ts';

export const STFT_BINS = 257;
const SAMPLE_RATE = 16_000;
const N_FFT = 512;
const BIN_HZ = SAMPLE_RATE / N_FFT;

export interface SyntheticFrameOptions {
  readonly count: number;
  readonly seed: number;
  readonly bins?: number;
}

/**
 * |X| frames of a noisy voiced source: a harmonic series with drifting pitch, three formants and a
 * syllable-rate envelope, over noise whose spectrum falls with frequency. Magnitudes are in the range
 * a 512-point rectangular STFT of audio at about −20 dBFS produces (0 … ~30).
 */
export function syntheticFrames({ count, seed, bins = STFT_BINS }: SyntheticFrameOptions): Float64Array[] {
  const rng = new Rng(seed);
  const frames: Float64Array[] = [];
  let pitch = rng.uniform(100, 220);
  const formants = [rng.uniform(500, 800), rng.uniform(1100, 1800), rng.uniform(2300, 3000)];
  const noiseLevel = rng.uniform(0.3, 1.5);
  for (let t = 0; t < count; t++) {
    pitch = Math.min(300, Math.max(80, pitch * Math.exp(rng.normal() * 0.02)));
    for (let f = 0; f < formants.length; f++) formants[f] *= Math.exp(rng.normal() * 0.01);
    const syllable = Math.max(0, Math.sin((2 * Math.PI * t) / 30 + seed));
    const frame = new Float64Array(bins);
    for (let k = 0; k < bins; k++) {
      const hz = k * BIN_HZ;
      const noise = (noiseLevel / Math.sqrt(1 + hz / 500)) * Math.abs(rng.normal());
      frame[k] = noise;
    }
    const voicedGain = 12 * syllable;
    for (let h = 1; h * pitch < (bins - 1) * BIN_HZ; h++) {
      const hz = h * pitch;
      let envelope = 0;
      for (const fm of formants) envelope += Math.exp(-(((hz - fm) / 250) ** 2));
      const amp = voicedGain * (0.15 + envelope) / Math.sqrt(h);
      const centre = hz / BIN_HZ;
      const k0 = Math.floor(centre);
      const frac = centre - k0;
      if (k0 < bins) frame[k0] += amp * (1 - frac);
      if (k0 + 1 < bins) frame[k0 + 1] += amp * frac;
    }
    frames.push(frame);
  }
  return frames;
}
