// Training data as a recipe describes it: the training stream (synthetic mixing pool or N-DNS crops), validation, held-out test and calibration clips.
import { Rng } from '../random.ts';
import { featureBatch, type FeatureBatch } from '../data/features.ts';
import { listNdnsPairs, loadNdnsPair, type NdnsEntry } from '../data/ndns.ts';
import { MixingPool } from '../data/pool.ts';
import { frameCount } from '../data/stft.ts';
import { clipSeed, syntheticPairs, type AudioPair } from '../data/synthetic-set.ts';
import type { DataRecipe } from './recipe.ts';

export interface TrainData {
  /** Examples [first, first + count) of the training stream, `frames` frames each. */
  trainBatch(first: number, count: number): FeatureBatch;
  readonly frames: number;
  validation(): FeatureBatch;
  /** Held-out clips never used for training or model selection. */
  test(): FeatureBatch;
  /** |X| frames of a few noisy clips, as one sequence, for export calibration. */
  calibrationFrames(clips: number): Float64Array[];
}

export function trainData(d: DataRecipe): TrainData {
  return d.source === 'ndns' ? ndnsData(d) : syntheticData(d);
}

function cached(make: () => FeatureBatch): () => FeatureBatch {
  let value: FeatureBatch | null = null;
  return () => (value ??= make());
}

function framesOf(batch: FeatureBatch): Float64Array[] {
  const out: Float64Array[] = [];
  for (let i = 0; i < batch.clips * batch.frames; i++) out.push(Float64Array.from(batch.noisyMag.subarray(i * batch.bins, (i + 1) * batch.bins)));
  return out;
}

function syntheticData(d: DataRecipe): TrainData {
  let pool: MixingPool | null = null;
  const levelDb: [number, number] = [d.levelMinDb, d.levelMaxDb];
  const set = { seed: d.seed, frames: d.evalFrames, levelDb };
  return {
    frames: d.frames,
    trainBatch(first, count) {
      pool ??= new MixingPool({ seed: d.seed, cleanClips: d.poolClips, noiseClips: d.poolClips, poolFrames: d.poolFrames, levelDb });
      return pool.batch(Array.from({ length: count }, (_, i) => first + i), d.frames);
    },
    validation: cached(() => featureBatch(syntheticPairs(set, 'validation', 0, d.validationClips), d.evalFrames)),
    test: cached(() => featureBatch(syntheticPairs(set, 'test', 0, d.testClips), d.evalFrames)),
    calibrationFrames: (clips) => framesOf(featureBatch(syntheticPairs(set, 'calibration', 0, clips), d.evalFrames)),
  };
}

/** The first `count` pairs of a folder that are at least `frames` frames long, cut to that length. */
function ndnsClips(entries: readonly NdnsEntry[], count: number, frames: number): AudioPair[] {
  const out: AudioPair[] = [];
  for (const e of entries) {
    if (out.length >= count) break;
    const p = loadNdnsPair(e);
    if (frameCount(p.noisy.length) >= frames) out.push(p);
  }
  return out;
}

function ndnsData(d: DataRecipe): TrainData {
  const train = listNdnsPairs(d.dir!);
  const held = listNdnsPairs(d.validationDir!);
  const half = Math.max(1, Math.floor(held.length / 2));
  return {
    frames: d.frames,
    trainBatch(first, count) {
      const pairs = Array.from({ length: count }, (_, i) => ndnsCrop(train, d, first + i));
      return featureBatch(pairs, d.frames);
    },
    validation: cached(() => featureBatch(ndnsClips(held.slice(0, half), d.validationClips, d.evalFrames), d.evalFrames)),
    test: cached(() => featureBatch(ndnsClips(held.slice(half), d.testClips, d.evalFrames), d.evalFrames)),
    calibrationFrames: (clips) => framesOf(featureBatch(ndnsClips(train, clips, d.evalFrames), d.evalFrames)),
  };
}

/** Example `index`: a file chosen and a frame-aligned crop taken with a generator seeded by (seed, index). */
function ndnsCrop(entries: readonly NdnsEntry[], d: DataRecipe, index: number): AudioPair {
  const rng = new Rng(clipSeed(d.seed, 'train', index));
  for (let attempt = 0; attempt < 16; attempt++) {
    const p = loadNdnsPair(entries[rng.int(entries.length)]);
    const spare = frameCount(p.noisy.length) - d.frames;
    if (spare < 0) continue;
    const start = rng.int(spare + 1) * 128;
    return { ...p, noisy: p.noisy.subarray(start), clean: p.clean.subarray(start) };
  }
  throw new Error(`ndns: no file of at least ${d.frames} frames found in 16 draws`);
}
