// The synthetic denoising set and the N-DNS folder loader: determinism, SNRs as mixed, noise kinds, pool features equal to the STFT of the mix, loader errors.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { featureBatch } from '../../../models/data/features.ts';
import { listNdnsPairs, loadNdnsPair } from '../../../models/data/ndns.ts';
import { MixingPool } from '../../../models/data/pool.ts';
import { siSnr } from '../../../models/data/si-snr.ts';
import { rmsOf } from '../../../models/data/speech.ts';
import { stft } from '../../../models/data/stft.ts';
import { syntheticPair, syntheticPairs } from '../../../models/data/synthetic-set.ts';
import { encodeWav } from '../../../models/data/wav.ts';

const opts = { seed: 4, frames: 40 };

describe('synthetic denoising set', () => {
  const pairs = syntheticPairs(opts, 'test', 0, 16);

  it('is deterministic per (seed, split, index) and differs across splits', () => {
    expect(syntheticPair(opts, 'test', 3).noisy).toEqual(pairs[3].noisy);
    expect(syntheticPair(opts, 'validation', 3).noisy).not.toEqual(pairs[3].noisy);
  });

  it('mixes at the drawn SNR (−5 … 20 dB), at −35 … −15 dBFS, with every noise kind', () => {
    for (const p of pairs) {
      expect(p.snrDb).toBeGreaterThanOrEqual(-5);
      expect(p.snrDb).toBeLessThanOrEqual(20);
      expect(Math.abs(siSnr(p.clean, p.noisy) - p.snrDb)).toBeLessThan(1);
      const level = 20 * Math.log10(rmsOf(p.noisy));
      expect(level).toBeLessThanOrEqual(-15 + 1e-6);
      expect(level).toBeGreaterThan(-40);
    }
    expect(new Set(pairs.map((p) => p.noise)).size).toBe(4);
  });
});

describe('mixing pool', () => {
  const pool = new MixingPool({ seed: 1, cleanClips: 3, noiseClips: 4, poolFrames: 30 });

  it('gives the same example for the same index and spectra equal to the STFT of its waveforms', () => {
    const a = pool.batch([5, 9], 20);
    expect(pool.batch([9], 20).noisyMag).toEqual(a.noisyMag.subarray(20 * 257));
    const noisy = stft(a.noisyWave.subarray(0, a.samples));
    const clean = stft(a.cleanWave.subarray(0, a.samples));
    for (let i = 0; i < 20 * 257; i += 97) {
      expect(a.noisyMag[i]).toBeCloseTo(Math.hypot(noisy.re[i], noisy.im[i]), 3);
      expect(a.cleanMag[i]).toBeCloseTo(Math.hypot(clean.re[i], clean.im[i]), 3);
    }
  });
});

describe('N-DNS folder loader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loom-ndns-'));
  mkdirSync(join(dir, 'noisy'));
  mkdirSync(join(dir, 'clean'));
  const p = syntheticPair(opts, 'train', 0);
  writeFileSync(join(dir, 'noisy', 'book_01_snr5_tl-25_fileid_7.wav'), encodeWav(p.noisy, 16000));
  writeFileSync(join(dir, 'clean', 'clean_fileid_7.wav'), encodeWav(p.clean, 16000));
  writeFileSync(join(dir, 'noisy', 'readme.txt'), 'not audio');

  it('pairs noisy/…_fileid_<n>.wav with clean/clean_fileid_<n>.wav and reads them', () => {
    const entries = listNdnsPairs(dir);
    expect(entries.map((e) => [e.fileId, e.snrDb])).toEqual([[7, 5]]);
    const pair = loadNdnsPair(entries[0]);
    expect(pair.noisy.length).toBe(p.noisy.length);
    expect(featureBatch([pair], 30).clips).toBe(1);
  });

  it('names the missing clean partner and the wrong sample rate', () => {
    writeFileSync(join(dir, 'noisy', 'x_fileid_8.wav'), encodeWav(p.noisy, 16000));
    expect(() => listNdnsPairs(dir)).toThrow(/L921.*clean_fileid_8/);
    writeFileSync(join(dir, 'clean', 'clean_fileid_8.wav'), encodeWav(p.clean, 8000));
    const bad = listNdnsPairs(dir).find((e) => e.fileId === 8)!;
    expect(() => loadNdnsPair(bad)).toThrow(/L911/);
    expect(() => listNdnsPairs(join(dir, 'nothing'))).toThrow(/L920/);
  });
});
