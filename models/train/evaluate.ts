// Held-out quality of a model in each of its forms (the tensor model with any activation, masks or fake quantization; the plain-TS float runner;
// a QGraph through the reference interpreter), clip by clip, with the statistics to compare models on the same clips.
import type { FeatureBatch } from '../data/features.ts';
import { NOISE_KINDS } from '../data/noise.ts';
import type { AudioPair } from '../data/synthetic-set.ts';
import { siSnr } from '../data/si-snr.ts';
import { istft } from '../data/stft.ts';
import type { QGraph } from '../qgraph/types.ts';
import { ReferenceInterpreter } from '../reference/interpreter.ts';
import { createFloatRunner } from '../s5/forward.ts';
import type { S5Network } from '../s5/types.ts';
import { forward, type ForwardOptions } from './model.ts';
import type { ModelVars } from './params.ts';
import type { EvalScore } from './progress.ts';
import { tf } from './tensors.ts';

/** Masks of one clip [frames × bins] → SI-SNR of the enhanced clip and of its noisy input. */
function scoreClip(batch: FeatureBatch, c: number, mask: ArrayLike<number>): { est: number; input: number } {
  const per = batch.frames * batch.bins;
  const re = new Float32Array(per);
  const im = new Float32Array(per);
  for (let i = 0; i < per; i++) {
    const g = 1 + mask[i];
    re[i] = batch.noisyRe[c * per + i] * g;
    im[i] = batch.noisyIm[c * per + i] * g;
  }
  const wave = istft(re, im, batch.frames);
  const clean = batch.cleanWave.subarray(c * batch.samples, (c + 1) * batch.samples);
  const noisy = batch.noisyWave.subarray(c * batch.samples, (c + 1) * batch.samples);
  return { est: siSnr(clean, wave), input: siSnr(clean, noisy) };
}

/** SI-SNR of every clip of a batch, enhanced and noisy input (dB), so models can be compared clip by clip. */
export interface ClipScores {
  readonly siSnr: Float64Array;
  readonly inputSiSnr: Float64Array;
}

function scoreClips(batch: FeatureBatch, maskOf: (c: number) => ArrayLike<number>): ClipScores {
  const siSnr = new Float64Array(batch.clips);
  const inputSiSnr = new Float64Array(batch.clips);
  for (let c = 0; c < batch.clips; c++) {
    const s = scoreClip(batch, c, maskOf(c));
    siSnr[c] = s.est;
    inputSiSnr[c] = s.input;
  }
  return { siSnr, inputSiSnr };
}

/** Means over the clips (an empty batch scores 0). */
export function meanScore(scores: ClipScores): EvalScore {
  const clips = scores.siSnr.length;
  let est = 0;
  let input = 0;
  for (let c = 0; c < clips; c++) {
    est += scores.siSnr[c];
    input += scores.inputSiSnr[c];
  }
  const n = Math.max(1, clips);
  return { clips, siSnr: est / n, siSnri: (est - input) / n, inputSiSnr: input / n };
}

/** The tensor model in evaluation mode (BatchNorm on running statistics), a few clips at a time. */
export function evaluateTensorModel(vars: ModelVars, batch: FeatureBatch, plan: Pick<ForwardOptions, 'alpha' | 'masks' | 'quant'>, chunk = 8): EvalScore {
  return meanScore(tensorModelClipScores(vars, batch, plan, chunk));
}

export function tensorModelClipScores(vars: ModelVars, batch: FeatureBatch, plan: Pick<ForwardOptions, 'alpha' | 'masks' | 'quant'>, chunk = 8): ClipScores {
  const masks = new Float32Array(batch.clips * batch.frames * batch.bins);
  const per = batch.frames * batch.bins;
  for (let c0 = 0; c0 < batch.clips; c0 += chunk) {
    const clips = Math.min(chunk, batch.clips - c0);
    const m = tf.tidy(() => {
      const input = tf.tensor3d(batch.noisyMag.subarray(c0 * per, (c0 + clips) * per), [clips, batch.frames, batch.bins]);
      return forward(vars, input, { ...plan, clips, frames: batch.frames, training: false, maskMode: 'hard' }).mask.dataSync();
    });
    masks.set(m, c0 * per);
  }
  return scoreClips(batch, (c) => masks.subarray(c * per, (c + 1) * per));
}

/** The deployed float form: models/s5/forward.ts, frame by frame. */
export function evaluateNetwork(net: S5Network, batch: FeatureBatch): EvalScore {
  const per = batch.frames * batch.bins;
  return meanScore(scoreClips(batch, (c) => {
    const runner = createFloatRunner(net);
    const out = new Float64Array(per);
    for (let t = 0; t < batch.frames; t++) {
      const off = c * per + t * batch.bins;
      out.set(runner.step(Float64Array.from(batch.noisyMag.subarray(off, off + batch.bins))).mask, t * batch.bins);
    }
    return out;
  }));
}

/** The fixed-point model: the reference interpreter, frame by frame, masks dequantized at the output exponent. */
export function evaluateQGraph(graph: QGraph, batch: FeatureBatch): EvalScore {
  return meanScore(qgraphClipScores(graph, batch));
}

/** Per-clip scores of the fixed-point model; `onClip` reports progress (clips done, total). */
export function qgraphClipScores(graph: QGraph, batch: FeatureBatch, onClip?: (done: number, total: number) => void): ClipScores {
  const per = batch.frames * batch.bins;
  return scoreClips(batch, (c) => {
    const interp = new ReferenceInterpreter(graph);
    const scale = 2 ** -interp.outputExp;
    const out = new Float64Array(per);
    for (let t = 0; t < batch.frames; t++) {
      const off = c * per + t * batch.bins;
      const q = interp.step(batch.noisyMag.subarray(off, off + batch.bins));
      for (let k = 0; k < q.length; k++) out[t * batch.bins + k] = q[k] * scale;
    }
    onClip?.(c + 1, batch.clips);
    return out;
  });
}

/** A mean SI-SNRi over a subset of the clips. */
export interface SubsetScore {
  /** A noise kind, or an input-SNR band such as "-5..3 dB". */
  readonly subset: string;
  readonly clips: number;
  readonly noisySiSnr: number;
  readonly siSnri: number;
}

const SNR_BANDS: readonly [number, number][] = [
  [-5, 3],
  [3, 12],
  [12, 20],
];

/** Mean and standard error of the mean (0 for fewer than two values). */
export function meanAndStandardError(values: ArrayLike<number>): { mean: number; standardError: number } {
  const n = values.length;
  if (n === 0) return { mean: 0, standardError: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  if (n < 2) return { mean, standardError: 0 };
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  return { mean, standardError: Math.sqrt(squares / (n - 1) / n) };
}

/** SI-SNRi of every clip. */
export const improvement = (s: ClipScores): Float64Array => s.siSnr.map((v, c) => v - s.inputSiSnr[c]);

/** Per-clip scores split by noise kind and by mixing SNR (subsets without clips are left out). */
export function subsetScores(pairs: readonly AudioPair[], scores: ClipScores): SubsetScore[] {
  const gains = improvement(scores);
  const subset = (name: string, keep: (p: AudioPair) => boolean): SubsetScore => {
    const idx = pairs.flatMap((p, c) => (keep(p) ? [c] : []));
    const n = Math.max(1, idx.length);
    return {
      subset: name,
      clips: idx.length,
      noisySiSnr: idx.reduce((a, c) => a + scores.inputSiSnr[c], 0) / n,
      siSnri: idx.reduce((a, c) => a + gains[c], 0) / n,
    };
  };
  return [
    ...NOISE_KINDS.map((kind) => subset(kind, (p) => p.noise === kind)),
    ...SNR_BANDS.map(([lo, hi]) => subset(`${lo}..${hi} dB`, (p) => p.snrDb >= lo && p.snrDb < hi)),
  ].filter((s) => s.clips > 0);
}
