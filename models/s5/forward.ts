// Streaming float inference of the S5 denoiser: one STFT frame in, one mask out, with every activation exposed for calibration.
import { discretize } from './discretize.ts';
import { inputMatrixRows, readoutRows, stepStateRows } from './recurrence.ts';
import { multiplyRows, sparseRows, type SparseRows } from './sparse-rows.ts';
import type { DenseParams, S5BlockParams, S5Network } from './types.ts';

/** Latest activations of one S5 block (H = hidden width, N = complex states). */
export interface BlockActivations {
  /** u' = BatchNorm(u) (H). */
  readonly normed: Float64Array;
  /** The carried state x after this frame's update, before the complex ReLU (N). */
  readonly stateRe: Float64Array;
  readonly stateIm: Float64Array;
  /** h = complex ReLU(x) (N). */
  readonly hRe: Float64Array;
  readonly hIm: Float64Array;
  /** y = 2·Re(C̃ h) + D ⊙ u', before the ReLU (H). */
  readonly y: Float64Array;
  /** a = ReLU(y) (H). */
  readonly a: Float64Array;
  /** g = W_glu a + b_glu, before the sigmoid (H). */
  readonly gate: Float64Array;
  /** out = ReLU(u + a ⊙ σ(g)) (H), the next block's input. */
  readonly out: Float64Array;
}

/** Latest activations of the whole network. */
export interface FloatActivations {
  /** Model input v = |X| − inputOffset (inputSize). */
  readonly input: Float64Array;
  /** ReLU(W_enc v + b_enc) (H). */
  readonly encoder: Float64Array;
  readonly blocks: readonly BlockActivations[];
  /** Decoder output, the mask m (outputSize); enhanced |Y| = |X|·(1 + m). */
  readonly mask: Float64Array;
}

/**
 * A stateful frame-by-frame runner. `step` returns the same FloatActivations object every time: its
 * arrays are overwritten by the next `step` (copy what you keep) and must not be modified.
 * Parameters are read (and Λ̄, B̄ discretised) once, when the runner is created.
 */
export interface FloatRunner {
  readonly network: S5Network;
  /** Advance one frame; `frame` is |X| (inputSize values). */
  step(frame: Float64Array): FloatActivations;
  /** Zero every block's state, as before the first frame. */
  reset(): void;
}

interface BlockRuntime {
  readonly params: S5BlockParams;
  /** Λ̄ (N complex); B̄ lives in `b`. */
  readonly lambdaBarRe: Float64Array;
  readonly lambdaBarIm: Float64Array;
  /** B̄, C̃ and the GLU weight with their zeros left out (pruned networks). */
  readonly b: SparseRows;
  readonly c: SparseRows;
  readonly glu: SparseRows;
  /** BatchNorm folded to u' = u·normScale + normShift. */
  readonly normScale: Float64Array;
  readonly normShift: Float64Array;
  readonly xRe: Float64Array;
  readonly xIm: Float64Array;
  readonly act: BlockActivations;
}

export function createFloatRunner(net: S5Network): FloatRunner {
  const { hyper } = net;
  const runtimes = net.blocks.map((b) => prepareBlock(b, net));
  const encoder = denseRows(net.encoder);
  const decoder = denseRows(net.decoder);
  const act: FloatActivations = {
    input: new Float64Array(hyper.inputSize),
    encoder: new Float64Array(hyper.hidden),
    blocks: runtimes.map((r) => r.act),
    mask: new Float64Array(hyper.outputSize),
  };
  return {
    network: net,
    step(frame: Float64Array): FloatActivations {
      if (frame.length !== hyper.inputSize) {
        throw new Error(`float runner: frame has ${frame.length} values; the model takes ${hyper.inputSize}`);
      }
      for (let i = 0; i < frame.length; i++) act.input[i] = frame[i] - hyper.inputOffset;
      multiplyRows(encoder, net.encoder.bias, act.input, act.encoder);
      relu(act.encoder);
      let u = act.encoder;
      for (const r of runtimes) {
        stepBlock(r, u);
        u = r.act.out;
      }
      multiplyRows(decoder, net.decoder.bias, u, act.mask);
      return act;
    },
    reset(): void {
      for (const r of runtimes) {
        r.xRe.fill(0);
        r.xIm.fill(0);
      }
    },
  };
}

/** Masks of a whole sequence from a fresh state: frames [T × inputSize] → masks [T × outputSize]. */
export function runFloatFrames(net: S5Network, frames: Float64Array, frameCount: number): Float64Array {
  const { inputSize, outputSize } = net.hyper;
  const runner = createFloatRunner(net);
  const masks = new Float64Array(frameCount * outputSize);
  for (let t = 0; t < frameCount; t++) {
    masks.set(runner.step(frames.subarray(t * inputSize, (t + 1) * inputSize)).mask, t * outputSize);
  }
  return masks;
}

function prepareBlock(params: S5BlockParams, net: S5Network): BlockRuntime {
  const h = net.hyper.hidden;
  const n = params.lambdaRe.length;
  const { gamma, beta, runningMean, runningVar } = params.norm;
  const normScale = new Float64Array(h);
  const normShift = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    normScale[k] = gamma[k] / Math.sqrt(runningVar[k] + net.hyper.batchNormEps);
    normShift[k] = beta[k] - runningMean[k] * normScale[k];
  }
  const vec = (len: number): Float64Array => new Float64Array(len);
  const ssm = discretize(params, net.hyper.discretization);
  return {
    params,
    lambdaBarRe: ssm.lambdaBarRe,
    lambdaBarIm: ssm.lambdaBarIm,
    b: inputMatrixRows(ssm),
    c: sparseRows(h, n, [params.cRe, params.cIm]),
    glu: denseRows(params.glu),
    normScale,
    normShift,
    xRe: vec(n),
    xIm: vec(n),
    act: { normed: vec(h), stateRe: vec(n), stateIm: vec(n), hRe: vec(n), hIm: vec(n), y: vec(h), a: vec(h), gate: vec(h), out: vec(h) },
  };
}

/** One block, prenorm half-GLU: u' = BN(u); x ← Λ̄x + B̄u'; h = cReLU(x); a = ReLU(2Re(C̃h) + Du'); out = ReLU(u + a ⊙ σ(Wa + b)). */
function stepBlock(r: BlockRuntime, u: Float64Array): void {
  const { act, params } = r;
  const h = u.length;
  for (let k = 0; k < h; k++) act.normed[k] = u[k] * r.normScale[k] + r.normShift[k];
  stepStateRows(r.lambdaBarRe, r.lambdaBarIm, r.b, act.normed, r.xRe, r.xIm);
  act.stateRe.set(r.xRe);
  act.stateIm.set(r.xIm);
  complexRelu(r.xRe, r.xIm, act.hRe, act.hIm);
  readoutRows(r.c, params.d, act.hRe, act.hIm, act.normed, act.y);
  for (let k = 0; k < h; k++) act.a[k] = Math.max(0, act.y[k]);
  multiplyRows(r.glu, params.glu.bias, act.a, act.gate);
  for (let k = 0; k < h; k++) act.out[k] = Math.max(0, u[k] + act.a[k] * sigmoid(act.gate[k]));
}

/** A Dense layer's weight as compressed rows. */
function denseRows(p: DenseParams): SparseRows {
  return sparseRows(p.outSize, p.inSize, [p.weight]);
}

function relu(x: Float64Array): void {
  for (let i = 0; i < x.length; i++) x[i] = Math.max(0, x[i]);
}

/** Lexicographic complex ReLU (DESIGN.md §4): keep (re, im) if re > 0 or (re = 0 and im > 0), else (0, 0). */
export function complexRelu(re: Float64Array, im: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
  for (let i = 0; i < re.length; i++) {
    const keep = re[i] > 0 || (re[i] === 0 && im[i] > 0);
    outRe[i] = keep ? re[i] : 0;
    outIm[i] = keep ? im[i] : 0;
  }
}

/** Logistic σ(x) = 1/(1 + e^−x), evaluated without overflow for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
