// The bundled demo clip: a 3 s noisy speech-like WAV and its clean reference, where they live and the recipe that rebuilds them (`npx tsx models/bundled/make-clip.ts`).
import { fileURLToPath } from 'node:url';
import { encodeWav } from '../data/wav.ts';
import { SAMPLE_RATE } from '../data/stft.ts';
import { syntheticPair, type Split } from '../data/synthetic-set.ts';

export interface DemoClip {
  readonly noisy: string;
  readonly clean: string;
  /** syntheticPair(options, split, index) with these options makes it. */
  readonly seed: number;
  readonly split: Split;
  readonly index: number;
  readonly frames: number;
  readonly snrDb: number;
  readonly levelDb: number;
  readonly description: string;
}

const here = (file: string): string => fileURLToPath(new URL(`./${file}`, import.meta.url));

/** Clip 0 of the synthetic set's test split (seed 2025): speech-like voice in pink noise at 5 dB SNR, −25 dBFS, 375 frames (3.0 s). */
export const DEMO_CLIP: DemoClip = {
  noisy: here('noisy-clip.wav'),
  clean: here('clean-clip.wav'),
  seed: 2025,
  split: 'test',
  index: 0,
  frames: 375,
  snrDb: 5,
  levelDb: -25,
  description: 'synthetic speech-like voice in pink noise, 5 dB SNR, −25 dBFS, 3.0 s at 16 kHz',
};

/** The WAV bytes of the noisy clip and of its clean reference, rebuilt from the recipe. */
export function buildDemoClip(clip: DemoClip = DEMO_CLIP): { noisy: Uint8Array; clean: Uint8Array } {
  const options = { seed: clip.seed, frames: clip.frames, snrMinDb: clip.snrDb, snrMaxDb: clip.snrDb, levelDb: [clip.levelDb, clip.levelDb] as const };
  const pair = syntheticPair(options, clip.split, clip.index);
  return { noisy: encodeWav(pair.noisy, SAMPLE_RATE), clean: encodeWav(pair.clean, SAMPLE_RATE) };
}
