// A folder of noisy/clean WAV pairs in the Intel N-DNS layout: noisy/<anything>_fileid_<n>.wav paired with clean/clean_fileid_<n>.wav.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LoomError } from '../../isa/diagnostics/index.ts';
import { SAMPLE_RATE } from './stft.ts';
import type { AudioPair } from './synthetic-set.ts';
import { readWav } from './wav.ts';

export interface NdnsEntry {
  readonly fileId: number;
  readonly noisy: string;
  readonly clean: string;
  /** SNR parsed from the noisy file name (`_snr<n>_`), NaN when absent. */
  readonly snrDb: number;
}

const FILE_ID = /fileid_(\d+)\.wav$/i;
const SNR = /_snr(-?\d+(?:\.\d+)?)/i;

/** The pairs in `dir` sorted by file id; every noisy file needs its clean partner. */
export function listNdnsPairs(dir: string): NdnsEntry[] {
  const noisyDir = join(dir, 'noisy');
  if (!existsSync(noisyDir)) throw new LoomError('dataset-empty', { dir, detail: 'there is no noisy/ folder' });
  const entries: NdnsEntry[] = [];
  for (const name of readdirSync(noisyDir).sort()) {
    const id = FILE_ID.exec(name);
    if (!id) continue;
    const fileId = Number(id[1]);
    const clean = join(dir, 'clean', `clean_fileid_${fileId}.wav`);
    if (!existsSync(clean)) throw new LoomError('dataset-missing-clean', { dir, noisy: name, clean: `clean/clean_fileid_${fileId}.wav` });
    const snr = SNR.exec(name);
    entries.push({ fileId, noisy: join(noisyDir, name), clean, snrDb: snr ? Number(snr[1]) : Number.NaN });
  }
  if (entries.length === 0) throw new LoomError('dataset-empty', { dir, detail: 'noisy/ holds no *_fileid_<n>.wav files' });
  return entries.sort((a, b) => a.fileId - b.fileId);
}

/** Read one pair (16 kHz required); both are cut to the shorter length. */
export function loadNdnsPair(entry: NdnsEntry): AudioPair {
  const noisy = readWav(entry.noisy, SAMPLE_RATE).samples;
  const clean = readWav(entry.clean, SAMPLE_RATE).samples;
  const n = Math.min(noisy.length, clean.length);
  return { id: `fileid_${entry.fileId}`, noisy: noisy.subarray(0, n), clean: clean.subarray(0, n), snrDb: entry.snrDb, noise: 'file' };
}
