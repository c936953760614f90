// Audio front end: FFT against a direct DFT, STFT → iSTFT reconstruction, SI-SNR on the golden cases, WAV round trip and errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLoomError } from '../../../isa/diagnostics/index.ts';
import { createFft } from '../../../models/data/fft.ts';
import { siSnr } from '../../../models/data/si-snr.ts';
import { BINS, HOP, N_FFT, frameCount, istft, samplesForFrames, stft } from '../../../models/data/stft.ts';
import { decodeWav, encodeWav, readWav } from '../../../models/data/wav.ts';
import { Rng } from '../../../models/random.ts';
import { loadGolden } from '../../golden.ts';

function dft(x: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = x.length;
  const re = new Float64Array(n / 2 + 1);
  const im = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) {
    for (let t = 0; t < n; t++) {
      re[k] += x[t] * Math.cos((2 * Math.PI * k * t) / n);
      im[k] -= x[t] * Math.sin((2 * Math.PI * k * t) / n);
    }
  }
  return { re, im };
}

describe('fft', () => {
  const rng = new Rng(3);
  const x = Float64Array.from({ length: 64 }, () => rng.normal());
  const fft = createFft(64);

  it('rfft equals the direct DFT', () => {
    const want = dft(x);
    const re = new Float64Array(33);
    const im = new Float64Array(33);
    fft.rfft(x, re, im);
    for (let k = 0; k <= 32; k++) {
      expect(re[k]).toBeCloseTo(want.re[k], 10);
      expect(im[k]).toBeCloseTo(want.im[k], 10);
    }
  });

  it('irfft inverts rfft and ignores the imaginary parts of DC and Nyquist', () => {
    const re = new Float64Array(33);
    const im = new Float64Array(33);
    fft.rfft(x, re, im);
    im[0] = 5;
    im[32] = -3;
    const back = new Float64Array(64);
    fft.irfft(re, im, back);
    for (let i = 0; i < 64; i++) expect(back[i]).toBeCloseTo(x[i], 10);
  });

  it('irfft’s adjoint is (c_k/N)·rfft', () => {
    // ⟨irfft(Y), g⟩ = Σ_k c_k/N (Yre·Re G + Yim·Im G) with G = rfft(g), c = 1 at DC and Nyquist, else 2.
    const yRe = Float64Array.from({ length: 33 }, () => rng.normal());
    const yIm = Float64Array.from({ length: 33 }, () => rng.normal());
    const g = Float64Array.from({ length: 64 }, () => rng.normal());
    const y = new Float64Array(64);
    fft.irfft(yRe, yIm, y);
    const lhs = y.reduce((a, v, i) => a + v * g[i], 0);
    const gRe = new Float64Array(33);
    const gIm = new Float64Array(33);
    fft.rfft(g, gRe, gIm);
    let rhs = 0;
    for (let k = 0; k <= 32; k++) {
      const c = k === 0 || k === 32 ? 1 : 2;
      rhs += (c / 64) * (yRe[k] * gRe[k] + (k === 0 || k === 32 ? 0 : yIm[k] * gIm[k]));
    }
    expect(lhs).toBeCloseTo(rhs, 10);
  });
});

describe('stft', () => {
  it('has the DESIGN.md §3 shape: 512-point frames every 128 samples, 257 bins', () => {
    expect([N_FFT, HOP, BINS]).toEqual([512, 128, 257]);
    expect(frameCount(511)).toBe(0);
    expect(frameCount(512)).toBe(1);
    expect(frameCount(samplesForFrames(250))).toBe(250);
  });

  it('istft(stft(x)) reconstructs x', () => {
    const rng = new Rng(5);
    const x = Float64Array.from({ length: samplesForFrames(20) }, () => rng.normal());
    const spec = stft(x);
    expect(spec.frames).toBe(20);
    const y = istft(spec.re, spec.im, spec.frames);
    expect(y.length).toBe(x.length);
    let err = 0;
    for (let i = 0; i < x.length; i++) err = Math.max(err, Math.abs(y[i] - x[i]));
    expect(err).toBeLessThan(1e-5); // the spectrum is stored as float32
  });

  it('a sine lands in its bin', () => {
    const x = Float64Array.from({ length: 512 }, (_, n) => Math.cos((2 * Math.PI * 20 * n) / 512));
    const spec = stft(x);
    expect(spec.re[20]).toBeCloseTo(256, 3);
    expect(Math.abs(spec.re[21])).toBeLessThan(1e-3);
  });
});

describe('SI-SNR', () => {
  const g = loadGolden<{ si_snr: { cases: { target: number[]; estimate: number[]; si_snr_db: number }[] } }>('s5_float').si_snr;
  it('matches every golden case', () => {
    expect(g.cases.length).toBeGreaterThan(3);
    for (const c of g.cases) expect(siSnr(c.target, c.estimate)).toBeCloseTo(c.si_snr_db, 9);
  });
});

describe('wav', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loom-wav-'));

  it('writes 16-bit PCM and reads it back', () => {
    const x = Float32Array.from({ length: 1000 }, (_, i) => 0.5 * Math.sin(i / 7));
    const back = decodeWav(encodeWav(x, 16000), 'mem.wav');
    expect(back.sampleRate).toBe(16000);
    expect(back.samples.length).toBe(1000);
    for (let i = 0; i < 1000; i++) expect(Math.abs(back.samples[i] - x[i])).toBeLessThanOrEqual(1 / 32768);
  });

  it('reports a wrong sample rate and a non-WAV file as LoomErrors', () => {
    const path = join(dir, 'rate.wav');
    writeFileSync(path, encodeWav(new Float32Array(600), 44100));
    let err: unknown;
    try {
      readWav(path, 16000);
    } catch (e) {
      err = e;
    }
    expect(isLoomError(err) && err.code === 911 && /44100/.test(err.message)).toBe(true);
    expect(() => decodeWav(new TextEncoder().encode('hello world, not audio'), 'x.wav')).toThrow(/L910/);
  });
});
