// WAV files: a RIFF/WAVE reader (PCM 16/24/32-bit, float 32, any channel count, downmixed) and an atomic 16-bit PCM mono writer.
import { LoomError } from '../../isa/diagnostics/index.ts';
import { readFileBytes, writeFileAtomic } from '../../isa/files.ts';

export interface WavAudio {
  readonly sampleRate: number;
  /** Mono samples in [−1, 1). */
  readonly samples: Float32Array;
}

const PCM = 1;
const FLOAT = 3;
const EXTENSIBLE = 0xfffe;

/** Parse WAV bytes; `file` names the source in errors. Multi-channel audio is averaged to mono. */
export function decodeWav(bytes: Uint8Array, file: string): WavAudio {
  const fail = (detail: string): never => {
    throw new LoomError('wav-format', { file, detail });
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') fail('not a RIFF/WAVE file');
  let fmt: { format: number; channels: number; rate: number; bits: number } | null = null;
  let data: Uint8Array | null = null;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16) fail(`fmt chunk of ${size} bytes is too short`);
      let format = view.getUint16(body, true);
      if (format === EXTENSIBLE && size >= 40) format = view.getUint16(body + 24, true);
      fmt = { format, channels: view.getUint16(body + 2, true), rate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
    } else if (id === 'data') {
      data = bytes.subarray(body, Math.min(body + size, bytes.length));
    }
    at = body + size + (size & 1);
  }
  if (!fmt) return fail('has no fmt chunk');
  if (!data) return fail('has no data chunk');
  const { format, channels, rate, bits } = fmt;
  if (channels < 1) fail('declares 0 channels');
  const read = sampleReader(format, bits, file);
  const width = bits / 8;
  const frames = Math.floor(data.length / (width * channels));
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const samples = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += read(dv, (i * channels + c) * width);
    samples[i] = sum / channels;
  }
  return { sampleRate: rate, samples };
}

type SampleReader = (view: DataView, offset: number) => number;

function sampleReader(format: number, bits: number, file: string): SampleReader {
  if (format === FLOAT && bits === 32) return (v, o) => v.getFloat32(o, true);
  if (format === PCM && bits === 16) return (v, o) => v.getInt16(o, true) / 32768;
  if (format === PCM && bits === 32) return (v, o) => v.getInt32(o, true) / 2147483648;
  if (format === PCM && bits === 24) {
    return (v, o) => ((v.getUint8(o) | (v.getUint8(o + 1) << 8) | (v.getInt8(o + 2) << 16)) / 8388608);
  }
  throw new LoomError('wav-format', { file, detail: `sample format ${format} with ${bits} bits is not supported` });
}

/** Read a WAV file and require the given sample rate (LoomError 'wav-rate' otherwise). */
export function readWav(path: string, expectedRate: number): WavAudio {
  const audio = decodeWav(readFileBytes(path), path);
  if (audio.sampleRate !== expectedRate) throw new LoomError('wav-rate', { file: path, rate: audio.sampleRate, expected: expectedRate });
  return audio;
}

/** 16-bit PCM mono WAV bytes; samples are clipped to [−1, 1] and rounded to the nearest step. */
export function encodeWav(samples: ArrayLike<number>, sampleRate: number): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const put = (at: number, text: string): void => {
    for (let i = 0; i < 4; i++) bytes[at + i] = text.charCodeAt(i);
  };
  put(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, PCM, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  put(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    view.setInt16(44 + 2 * i, Math.max(-32768, Math.min(32767, Math.round(s * 32768))), true);
  }
  return bytes;
}

export function writeWav(path: string, samples: ArrayLike<number>, sampleRate: number): void {
  writeFileAtomic(path, encodeWav(samples, sampleRate));
}
