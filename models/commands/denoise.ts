// `loom denoise m.qgraph.safetensors in.wav -o out.wav`: run the fixed-point model (reference interpreter) over a 16 kHz WAV and write the enhanced audio.
import { LoomError } from '../../isa/diagnostics/index.ts';
import { modelFile } from '../bundled/index.ts';
import { siSnr } from '../data/si-snr.ts';
import { rmsOf } from '../data/speech.ts';
import { BINS, N_FFT, SAMPLE_RATE, applyMask, frameCount, istft, samplesForFrames, stft } from '../data/stft.ts';
import { readWav, writeWav } from '../data/wav.ts';
import { readQGraphFile } from '../qgraph/format.ts';
import type { QGraph } from '../qgraph/types.ts';
import { ReferenceInterpreter } from '../reference/interpreter.ts';

export interface DenoiseOptions {
  /** QGraph file, or the name of a bundled model. */
  readonly model: string;
  readonly input: string;
  readonly output: string;
  /** Optional clean reference (16 kHz WAV) to report SI-SNR before and after. */
  readonly clean?: string;
  /**
   * RMS level (dBFS) the input is scaled to before the model and back after; default the level the
   * model was trained at (QGraph provenance `inputLevelDb`), else none.
   */
  readonly levelDb?: number | null;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface DenoiseSummary {
  readonly model: string;
  readonly samples: number;
  readonly frames: number;
  readonly seconds: number;
  /** Wall time ÷ audio duration. */
  readonly realTimeFactor: number;
  readonly gainDb: number;
  readonly saturations: number;
  readonly siSnr: { readonly noisy: number; readonly enhanced: number } | null;
  readonly text: string;
}

function resolveModel(model: string): { path: string; graph: QGraph } {
  const path = modelFile(model);
  return { path, graph: readQGraphFile(path) };
}

/** Enhance `noisy` (16 kHz, at least one 512-sample frame) with the fixed-point model; the output has the input's length. */
export function denoiseSamples(graph: QGraph, noisy: Float32Array, onProgress?: (done: number, total: number) => void): { enhanced: Float64Array; frames: number; saturations: number } {
  const frames = Math.max(1, Math.ceil((noisy.length - N_FFT) / 128) + 1);
  const padded = new Float32Array(samplesForFrames(frames));
  padded.set(noisy);
  const spec = stft(padded);
  const interp = new ReferenceInterpreter(graph);
  const scale = 2 ** -interp.outputExp;
  const mask = new Float32Array(spec.frames * BINS);
  for (let t = 0; t < spec.frames; t++) {
    const mag = new Float64Array(BINS);
    for (let k = 0; k < BINS; k++) mag[k] = Math.hypot(spec.re[t * BINS + k], spec.im[t * BINS + k]);
    const q = interp.step(mag);
    for (let k = 0; k < BINS; k++) mask[t * BINS + k] = q[k] * scale;
    if (onProgress && ((t + 1) % 256 === 0 || t + 1 === spec.frames)) onProgress(t + 1, spec.frames);
  }
  const out = applyMask(spec, mask);
  const saturations = interp.report().reduce((a, l) => a + l.saturations, 0) + interp.inputSaturation.count;
  return { enhanced: istft(out.re, out.im, out.frames).subarray(0, noisy.length), frames: spec.frames, saturations };
}

export function denoiseCommand(o: DenoiseOptions): DenoiseSummary {
  const { path, graph } = resolveModel(o.model);
  const audio = readWav(o.input, SAMPLE_RATE).samples;
  if (frameCount(audio.length) < 1) throw new LoomError('wav-too-short', { file: o.input, samples: audio.length, frame: N_FFT });
  const trained = graph.provenance.inputLevelDb !== undefined ? Number(graph.provenance.inputLevelDb) : null;
  const level = o.levelDb === undefined ? trained : o.levelDb;
  const rms = rmsOf(audio);
  const gain = level !== null && rms > 0 ? 10 ** (level / 20) / rms : 1;
  const t0 = performance.now();
  const r = denoiseSamples(graph, Float32Array.from(audio, (v) => v * gain), o.onProgress);
  const seconds = (performance.now() - t0) / 1e3;
  const enhanced = r.enhanced.map((v) => v / gain);
  writeWav(o.output, enhanced, SAMPLE_RATE);
  let scores: DenoiseSummary['siSnr'] = null;
  if (o.clean) {
    const clean = readWav(o.clean, SAMPLE_RATE).samples;
    scores = { noisy: siSnr(clean, audio), enhanced: siSnr(clean, enhanced) };
  }
  const duration = audio.length / SAMPLE_RATE;
  const summary = { model: path, samples: audio.length, frames: r.frames, seconds, realTimeFactor: seconds / duration, gainDb: 20 * Math.log10(gain), saturations: r.saturations, siSnr: scores };
  const lines = [
    `${o.input} → ${o.output}: ${duration.toFixed(2)} s of audio, ${r.frames} frames through the fixed-point model ${path.split('/').pop()} (reference interpreter)`,
    `wall ${seconds.toFixed(2)} s (${summary.realTimeFactor.toFixed(3)}× real time) · input gain ${summary.gainDb.toFixed(1)} dB · saturations ${r.saturations}`,
  ];
  if (scores) lines.push(`SI-SNR against ${o.clean}: noisy ${scores.noisy.toFixed(2)} dB → enhanced ${scores.enhanced.toFixed(2)} dB (SI-SNRi ${(scores.enhanced - scores.noisy).toFixed(2)} dB)`);
  return { ...summary, text: lines.join('\n') };
}
