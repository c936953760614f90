// `loom evaluate`: per-clip scores, standard errors, paired differences and subsets, on tiny models whose answers are known.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateCommand, shortNames } from '../../../models/commands/evaluate.ts';
import { featureBatch } from '../../../models/data/features.ts';
import { syntheticFrames } from '../../../models/data/synthetic-frames.ts';
import { syntheticPairs, type AudioPair } from '../../../models/data/synthetic-set.ts';
import { exportQGraph } from '../../../models/qgraph/export.ts';
import { readQGraphFile, writeQGraphFile } from '../../../models/qgraph/format.ts';
import { createS5Network } from '../../../models/s5/init.ts';
import { saveTrainedCheckpoint } from '../../../models/train/checkpoint.ts';
import { evaluateQGraph, meanAndStandardError, subsetScores } from '../../../models/train/evaluate.ts';

const dir = mkdtempSync(join(tmpdir(), 'loom-evaluate-'));
const CLIPS = { split: 'test', first: 3, count: 6, frames: 40, seed: 4, levelDb: [-27, -23] } as const;

/** A tiny network as a QGraph and as a float ReLU checkpoint; with `zeroMask` its mask is 0 (output = input). */
function tinyModel(name: string, zeroMask: boolean): { qgraph: string; checkpoint: string } {
  const net = createS5Network({ width: 0.0625, seed: 3 });
  if (zeroMask) {
    net.decoder.weight.fill(0);
    net.decoder.bias.fill(0);
  }
  const qgraph = join(dir, `${name}.qgraph.safetensors`);
  writeQGraphFile(qgraph, exportQGraph(net, { calibrationFrames: syntheticFrames({ count: 30, seed: 1 }) }).graph);
  const checkpoint = join(dir, `${name}.safetensors`);
  saveTrainedCheckpoint(checkpoint, net, 'relu');
  return { qgraph, checkpoint };
}

const zero = tinyModel('zero', true);
const random = tinyModel('random', false);

describe('evaluation statistics', () => {
  it('mean and standard error of the mean', () => {
    const s = meanAndStandardError([1, 2, 3, 4]);
    expect(s.mean).toBe(2.5);
    expect(s.standardError).toBeCloseTo(Math.sqrt(5 / 3 / 4), 12);
    expect(meanAndStandardError([7])).toEqual({ mean: 7, standardError: 0 });
    expect(meanAndStandardError([])).toEqual({ mean: 0, standardError: 0 });
  });

  it('model names are cut to the fewest trailing folders that tell them apart', () => {
    expect(shortNames(['/a/run1/m.qgraph', '/a/run2/m.qgraph', '/b/dense.st', '/a/run1/m.qgraph'])).toEqual(['run1/m.qgraph', 'run2/m.qgraph', 'dense.st', 'run1/m.qgraph']);
    expect(shortNames(['x/m', 'm'])).toEqual(['x/m', 'm']);
  });

  it('subsets average the clips of each noise kind and SNR band and leave out empty ones', () => {
    const pair = (noise: AudioPair['noise'], snrDb: number): AudioPair => ({ id: noise, clean: new Float32Array(), noisy: new Float32Array(), snrDb, noise });
    const pairs = [pair('white', -4), pair('white', 5), pair('tonal', 15)];
    const rows = subsetScores(pairs, { siSnr: Float64Array.of(3, 9, 20), inputSiSnr: Float64Array.of(1, 5, 18) });
    expect(rows).toEqual([
      { subset: 'white', clips: 2, noisySiSnr: 3, siSnri: 3 },
      { subset: 'tonal', clips: 1, noisySiSnr: 18, siSnri: 2 },
      { subset: '-5..3 dB', clips: 1, noisySiSnr: 1, siSnri: 2 },
      { subset: '3..12 dB', clips: 1, noisySiSnr: 5, siSnri: 4 },
      { subset: '12..20 dB', clips: 1, noisySiSnr: 18, siSnri: 2 },
    ]);
  });
});

describe('loom evaluate', () => {
  it('a zero-mask model gains nothing, as QGraph and as float checkpoint; paired differences are exact', async () => {
    const s = await evaluateCommand({ models: [zero.qgraph, zero.checkpoint, random.qgraph, zero.qgraph], clips: CLIPS });
    const [fixed, float, other, again] = s.models;
    expect(fixed.form).toBe('fixed point');
    expect(float.form).toBe('float relu');
    expect(fixed.score.clips).toBe(6);
    expect(Math.abs(fixed.score.siSnri)).toBeLessThan(1e-3);
    expect(Math.abs(float.score.siSnri)).toBeLessThan(1e-3);
    expect(fixed.versusFirst).toBeNull();
    expect(again.versusFirst).toEqual({ mean: 0, standardError: 0 });
    // The paired column is the mean of per-clip differences, which is the difference of the means.
    expect(other.versusFirst!.mean).toBeCloseTo(other.score.siSnri - fixed.score.siSnri, 10);
    const gains = Array.from(other.clipScores.siSnr, (v, c) => v - other.clipScores.inputSiSnr[c]);
    expect(other.standardError).toBeCloseTo(meanAndStandardError(gains).standardError, 12);
    expect(s.text).toContain('6 clips of the synthetic test stream (clips 3–8, seed 4, 40 frames');
  });

  it('scores a QGraph exactly as evaluateQGraph does on the same clips, and writes every clip to JSON', async () => {
    const json = join(dir, 'scores.json');
    const s = await evaluateCommand({ models: [random.qgraph], clips: CLIPS, json });
    const pairs = syntheticPairs({ seed: CLIPS.seed, frames: CLIPS.frames, levelDb: CLIPS.levelDb }, 'test', 3, 6);
    expect(s.models[0].score).toEqual(evaluateQGraph(readQGraphFile(random.qgraph), featureBatch(pairs, CLIPS.frames)));
    const written = JSON.parse(readFileSync(json, 'utf8'));
    expect(written.clips).toEqual({ ...CLIPS, levelDb: [-27, -23] });
    expect(written.models[0].clipScores.siSnr).toEqual([...s.models[0].clipScores.siSnr]);
    expect(written.models[0].bySubset.reduce((a: number, r: { subset: string; clips: number }) => a + (r.subset.endsWith('dB') ? r.clips : 0), 0)).toBe(6);
  });

  it('refuses files that are neither QGraph nor checkpoint, and impossible clip choices, with their codes', async () => {
    const bogus = join(dir, 'bogus.safetensors');
    const header = JSON.stringify({ __metadata__: { format: 'something-else' } });
    const bytes = Buffer.alloc(8 + header.length);
    bytes.writeBigUInt64LE(BigInt(header.length));
    bytes.write(header, 8);
    writeFileSync(bogus, bytes);
    await expect(evaluateCommand({ models: [zero.qgraph, bogus], clips: CLIPS })).rejects.toThrow(/L950: .*bogus\.safetensors.*"something-else"/);
    await expect(evaluateCommand({ models: [zero.qgraph], clips: { ...CLIPS, count: 0 } })).rejects.toThrow(/L951: evaluation clips is 0/);
    await expect(evaluateCommand({ models: [zero.qgraph], clips: { ...CLIPS, levelDb: [-20, -30] } })).rejects.toThrow(/L951: evaluation level/);
    await expect(evaluateCommand({ models: [] })).rejects.toThrow(/L951/);
  });
});
