// Held-out quality of a model in each of its forms: the tensor model (any activation, masks, fake quantization), the plain-TS float runner, and a QGraph through the reference interpreter.
import type { FeatureBatch } from '../data/features.ts';
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

function score(batch: FeatureBatch, maskOf: (c: number) => ArrayLike<number>): EvalScore {
  let est = 0;
  let input = 0;
  for (let c = 0; c < batch.clips; c++) {
    const s = scoreClip(batch, c, maskOf(c));
    est += s.est;
    input += s.input;
  }
  const n = Math.max(1, batch.clips);
  return { clips: batch.clips, siSnr: est / n, siSnri: (est - input) / n, inputSiSnr: input / n };
}

/** The tensor model in evaluation mode (BatchNorm on running statistics), a few clips at a time. */
export function evaluateTensorModel(vars: ModelVars, batch: FeatureBatch, plan: Pick<ForwardOptions, 'alpha' | 'masks' | 'quant'>, chunk = 8): EvalScore {
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
  return score(batch, (c) => masks.subarray(c * per, (c + 1) * per));
}

/** The deployed float form: models/s5/forward.ts, frame by frame. */
export function evaluateNetwork(net: S5Network, batch: FeatureBatch): EvalScore {
  const per = batch.frames * batch.bins;
  return score(batch, (c) => {
    const runner = createFloatRunner(net);
    const out = new Float64Array(per);
    for (let t = 0; t < batch.frames; t++) {
      const off = c * per + t * batch.bins;
      out.set(runner.step(Float64Array.from(batch.noisyMag.subarray(off, off + batch.bins))).mask, t * batch.bins);
    }
    return out;
  });
}

/** The fixed-point model: the reference interpreter, frame by frame, masks dequantized at the output exponent. */
export function evaluateQGraph(graph: QGraph, batch: FeatureBatch): EvalScore {
  const per = batch.frames * batch.bins;
  return score(batch, (c) => {
    const interp = new ReferenceInterpreter(graph);
    const scale = 2 ** -interp.outputExp;
    const out = new Float64Array(per);
    for (let t = 0; t < batch.frames; t++) {
      const off = c * per + t * batch.bins;
      const q = interp.step(batch.noisyMag.subarray(off, off + batch.bins));
      for (let k = 0; k < q.length; k++) out[t * batch.bins + k] = q[k] * scale;
    }
    return out;
  });
}
