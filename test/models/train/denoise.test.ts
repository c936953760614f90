// `loom denoise`: a WAV through the fixed-point model and back; a zero-mask model returns its input, errors name the file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { denoiseCommand } from '../../../models/commands/denoise.ts';
import { syntheticFrames } from '../../../models/data/synthetic-frames.ts';
import { syntheticPair } from '../../../models/data/synthetic-set.ts';
import { decodeWav, encodeWav, readWav } from '../../../models/data/wav.ts';
import { exportQGraph } from '../../../models/qgraph/export.ts';
import { writeQGraphFile } from '../../../models/qgraph/format.ts';
import { createS5Network } from '../../../models/s5/init.ts';

const dir = mkdtempSync(join(tmpdir(), 'loom-denoise-'));
const pair = syntheticPair({ seed: 1, frames: 60 }, 'test', 0);
const noisyPath = join(dir, 'noisy.wav');
const cleanPath = join(dir, 'clean.wav');
// An odd length: the last partial frame is padded and the output cut back.
writeFileSync(noisyPath, encodeWav(pair.noisy.subarray(0, 7000), 16000));
writeFileSync(cleanPath, encodeWav(pair.clean.subarray(0, 7000), 16000));

function model(zeroMask: boolean): string {
  const net = createS5Network({ width: 0.0625, seed: 1 });
  if (zeroMask) {
    net.decoder.weight.fill(0);
    net.decoder.bias.fill(0);
  }
  const { graph } = exportQGraph(net, { calibrationFrames: syntheticFrames({ count: 30, seed: 1 }), provenance: { inputLevelDb: '-25' } });
  const path = join(dir, `${zeroMask ? 'zero' : 'random'}.qgraph.safetensors`);
  writeQGraphFile(path, graph);
  return path;
}

describe('loom denoise', () => {
  it('a model whose mask is 0 gives back its input (STFT → iSTFT, level normalisation undone)', () => {
    const out = join(dir, 'out-zero.wav');
    const s = denoiseCommand({ model: model(true), input: noisyPath, output: out, clean: cleanPath });
    const x = readWav(noisyPath, 16000).samples;
    const y = readWav(out, 16000).samples;
    expect(y.length).toBe(x.length);
    for (let i = 0; i < x.length; i++) expect(Math.abs(y[i] - x[i])).toBeLessThanOrEqual(2 / 32768);
    expect(s.frames).toBe(Math.ceil((7000 - 512) / 128) + 1);
    expect(s.gainDb).not.toBe(0);
    expect(s.siSnr!.enhanced).toBeCloseTo(s.siSnr!.noisy, 2);
    expect(s.text).toMatch(/SI-SNR/);
  });

  it('runs a real model and writes a 16 kHz WAV of the input length', () => {
    const out = join(dir, 'out-random.wav');
    const s = denoiseCommand({ model: model(false), input: noisyPath, output: out, levelDb: null });
    expect(s.gainDb).toBe(0);
    const w = decodeWav(new Uint8Array(readFileSync(out)), out);
    expect(w.sampleRate).toBe(16000);
    expect(w.samples.length).toBe(7000);
  });

  it('rejects audio at another rate and audio shorter than a frame', () => {
    const rate = join(dir, 'rate.wav');
    writeFileSync(rate, encodeWav(new Float32Array(4000), 8000));
    expect(() => denoiseCommand({ model: model(true), input: rate, output: join(dir, 'x.wav') })).toThrow(/L911/);
    const short = join(dir, 'short.wav');
    writeFileSync(short, encodeWav(new Float32Array(300), 16000));
    expect(() => denoiseCommand({ model: model(true), input: short, output: join(dir, 'y.wav') })).toThrow(/L912/);
  });
});
