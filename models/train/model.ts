// The S5 denoiser as a batched tensor program (tfjs), mirroring models/s5/forward.ts: float training, ReLU blending, pruning masks and fixed-point fake quantization.
//
// Activations are blended by α ∈ [0, 1]: α = 0 is the smooth S5 of the paper's dense baseline (GELU, no
// complex ReLU, no ReLU after the residual), α = 1 is DESIGN.md §3's ReLU network, the only form that is
// exported and deployed (models/s5/forward.ts). ReLUfication moves α from 0 to 1 while training.
import { MAX_LAMBDA_RE } from '../s5/discretize.ts';
import type { S5Hyper } from '../s5/types.ts';
import type { FixedScan } from './scan.ts';
import { diagonalScan } from './scan.ts';
import type { BlockVars, ModelVars } from './params.ts';
import { fakeFloor, gelu, linear, noGradient, straightThrough, tf } from './tensors.ts';
import { lutSigmoid } from './lut-sigmoid.ts';

/** Weight masks by prunable-matrix name (models/s5/prune.ts names: encoder.weight, blocks.i.B, …); 1 keeps, 0 prunes. */
export type MaskSet = ReadonlyMap<string, tf.Tensor2D>;

/**
 * Fixed-point view of the network for quantization-aware training, read from an exported QGraph:
 * dequantized weights by QGraph tensor name and every activation exponent.
 */
export interface QuantSpec {
  readonly weights: ReadonlyMap<string, tf.Tensor>;
  readonly inputExp: number;
  readonly encoderExp: number;
  readonly maskExp: number;
  readonly blocks: readonly { readonly stateExp: number; readonly aExp: number; readonly outExp: number; readonly scan: FixedScan }[];
}

export interface ForwardOptions {
  /** Clips and frames of the input [clips × frames × inputSize]. */
  readonly clips: number;
  readonly frames: number;
  /** BatchNorm on batch statistics (true) or running statistics (false). */
  readonly training: boolean;
  /** 0 = smooth (GELU) network, 1 = DESIGN.md §3 ReLU network. */
  readonly alpha: number;
  readonly masks?: MaskSet;
  /** 'ste': forward w ⊙ m, gradient to every w; 'hard': forward w ⊙ m, gradient masked too. */
  readonly maskMode?: 'ste' | 'hard';
  readonly quant?: QuantSpec;
}

export interface ForwardResult {
  /** Mask m per frame and bin [clips·frames × outputSize]. */
  readonly mask: tf.Tensor2D;
  /** Batch mean and (biased) variance of each block's BatchNorm input, when training. */
  readonly moments: readonly { readonly mean: tf.Tensor1D; readonly variance: tf.Tensor1D }[];
}

const ACT_BITS = 16;
const SIGMOID_INPUT_EXP = 6;

/** Clip to the signed 16-bit range at `exp` (the kernels' saturate). */
function saturate(x: tf.Tensor, exp: number): tf.Tensor {
  return tf.clipByValue(x, -(2 ** (ACT_BITS - 1)) * 2 ** -exp, (2 ** (ACT_BITS - 1) - 1) * 2 ** -exp);
}

/** floor(x·2^exp)·2^−exp with a straight-through gradient (no clipping). */
function floorTo(x: tf.Tensor, exp: number): tf.Tensor {
  return fakeFloor(x, exp, 64);
}

class Forward {
  constructor(
    readonly vars: ModelVars,
    readonly o: ForwardOptions,
  ) {}

  get hyper(): S5Hyper {
    return this.vars.source.hyper;
  }

  act(v: tf.Tensor): tf.Tensor {
    const a = this.o.alpha;
    if (a >= 1) return tf.relu(v);
    if (a <= 0) return gelu(v);
    return tf.add(tf.mul(gelu(v), 1 - a), tf.mul(tf.relu(v), a));
  }

  blend(smooth: tf.Tensor, relu: tf.Tensor): tf.Tensor {
    const a = this.o.alpha;
    if (a >= 1) return relu;
    if (a <= 0) return smooth;
    return tf.add(tf.mul(smooth, 1 - a), tf.mul(relu, a));
  }

  /** A prunable matrix with its mask applied. */
  masked(name: string, w: tf.Tensor2D): tf.Tensor2D {
    const m = this.o.masks?.get(name);
    if (!m) return w;
    const hard = tf.mul(w, m) as tf.Tensor2D;
    return this.o.maskMode === 'hard' ? hard : (straightThrough(w, hard) as tf.Tensor2D);
  }

  /** With quantization, the exported value (straight-through); otherwise the float value. */
  q<T extends tf.Tensor>(name: string, w: T): T {
    const deq = this.o.quant?.weights.get(name);
    return deq ? (straightThrough(w, deq) as T) : w;
  }

  run(input: tf.Tensor3D): ForwardResult {
    const { clips, frames, quant } = this.o;
    const h = this.hyper;
    let x: tf.Tensor = tf.sub(tf.reshape(input, [clips * frames, h.inputSize]), h.inputOffset);
    if (quant) x = noGradient(x, (v) => saturate(tf.mul(tf.round(tf.mul(v, 2 ** quant.inputExp)), 2 ** -quant.inputExp), quant.inputExp));
    const enc = this.vars.encoder;
    let pre: tf.Tensor = linear(x as tf.Tensor2D, this.q('encoder.weight', this.masked('encoder.weight', enc.weight)), this.q('encoder.bias', enc.bias));
    if (quant) pre = saturate(floorTo(pre, quant.encoderExp), quant.encoderExp);
    let u = this.act(pre) as tf.Tensor2D;
    const moments: ForwardResult['moments'][number][] = [];
    this.vars.blocks.forEach((b, i) => {
      const r = this.block(b, i, u);
      if (r.moments) moments.push(r.moments);
      u = r.out;
    });
    const dec = this.vars.decoder;
    let mask: tf.Tensor = linear(u, this.q('decoder.weight', this.masked('decoder.weight', dec.weight)), this.q('decoder.bias', dec.bias));
    if (quant) mask = saturate(floorTo(mask, quant.maskExp), quant.maskExp);
    return { mask: mask as tf.Tensor2D, moments };
  }

  /** BatchNorm as u' = scale ⊙ u + shift, on batch or running statistics. */
  norm(b: BlockVars, u: tf.Tensor2D): { scale: tf.Tensor1D; shift: tf.Tensor1D; moments?: ForwardResult['moments'][number] } {
    const eps = this.hyper.batchNormEps;
    if (this.o.training && !this.o.quant) {
      const { mean, variance } = tf.moments(u, 0);
      const scale = tf.mul(b.gamma, tf.rsqrt(tf.add(variance, eps))) as tf.Tensor1D;
      const shift = tf.sub(b.beta, tf.mul(mean, scale)) as tf.Tensor1D;
      return { scale, shift, moments: { mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D } };
    }
    const scale = tf.mul(b.gamma, tf.tensor1d(Float32Array.from(b.runningVar, (v) => 1 / Math.sqrt(v + eps)))) as tf.Tensor1D;
    const shift = tf.sub(b.beta, tf.mul(tf.tensor1d(Float32Array.from(b.runningMean)), scale)) as tf.Tensor1D;
    return { scale, shift };
  }

  block(b: BlockVars, i: number, u: tf.Tensor2D): { out: tf.Tensor2D; moments?: ForwardResult['moments'][number] } {
    const p = `blocks.${i}`;
    const qb = this.o.quant?.blocks[i];
    const { scale, shift, moments } = this.norm(b, u);
    const ssm = discretizeTensors(b, this.masked(`${p}.B`, b.bRe), this.masked(`${p}.B`, b.bIm), this.hyper.discretization);
    const fold = (m: tf.Tensor2D, part: 're' | 'im') => ({
      w: this.q(`${p}.B_${part}`, tf.mul(m, scale) as tf.Tensor2D),
      bias: this.q(`${p}.state_bias_${part}`, tf.sum(tf.mul(m, shift), 1) as tf.Tensor1D),
    });
    const [fRe, fIm] = [fold(ssm.bBarRe, 're'), fold(ssm.bBarIm, 'im')];
    const drive = (f: { w: tf.Tensor2D; bias: tf.Tensor1D }): tf.Tensor3D => {
      const acc = linear(u, f.w);
      const v = qb ? tf.add(floorTo(acc, qb.stateExp), f.bias) : tf.add(acc, f.bias);
      return tf.reshape(v, [this.o.clips, this.o.frames, -1]);
    };
    const x = diagonalScan(drive(fRe), drive(fIm), ssm.lambdaBarRe, ssm.lambdaBarIm, qb?.scan);
    const n = this.hyper.stateSize / 2;
    const [xRe, xIm] = [tf.reshape(x.re, [-1, n]) as tf.Tensor2D, tf.reshape(x.im, [-1, n]) as tf.Tensor2D];
    const [hRe, hIm] = this.o.alpha <= 0 ? [xRe, xIm] : this.complexRelu(xRe, xIm);
    const cRe = this.q(`${p}.C_re`, this.masked(`${p}.C`, b.cRe));
    const cIm = this.q(`${p}.C_im`, this.masked(`${p}.C`, b.cIm));
    const accC = tf.mul(tf.sub(linear(hRe, cRe), linear(hIm, cIm)), 2);
    const du = tf.mul(u, this.q(`${p}.D`, tf.mul(b.d, scale)));
    const dBias = this.q(`${p}.out_bias`, tf.mul(b.d, shift));
    const y = qb ? saturate(tf.add(tf.add(floorTo(accC, qb.aExp), floorTo(du, qb.aExp)), dBias), qb.aExp) : tf.add(tf.add(accC, du), dBias);
    const a = this.act(y) as tf.Tensor2D;
    return { out: this.glu(b, p, a, u), moments };
  }

  /** Lexicographic complex ReLU (DESIGN.md §4), blended with the identity by α; the mask carries no gradient. */
  complexRelu(xRe: tf.Tensor2D, xIm: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
    const both = tf.stack([xRe, xIm]);
    const keep = noGradient(both, (x) => {
      const [re, im] = tf.unstack(x);
      return tf.cast(tf.logicalOr(tf.greater(re, 0), tf.logicalAnd(tf.equal(re, 0), tf.greater(im, 0))), 'float32');
    });
    return [this.blend(xRe, tf.mul(xRe, keep)) as tf.Tensor2D, this.blend(xIm, tf.mul(xIm, keep)) as tf.Tensor2D];
  }

  /** out = ReLU(u + a ⊙ σ(W a + b)) (blended), the sigmoid being the 8-entry table under quantization. */
  glu(b: BlockVars, p: string, a: tf.Tensor2D, u: tf.Tensor2D): tf.Tensor2D {
    const qb = this.o.quant?.blocks[Number(p.split('.')[1])];
    let g: tf.Tensor = linear(a, this.q(`${p}.glu.weight`, this.masked(`${p}.glu.weight`, b.glu.weight)), this.q(`${p}.glu.bias`, b.glu.bias));
    if (!qb) {
      const sum = tf.add(u, tf.mul(a, tf.sigmoid(g)));
      return this.blend(sum, tf.relu(sum)) as tf.Tensor2D;
    }
    g = saturate(floorTo(g, SIGMOID_INPUT_EXP), SIGMOID_INPUT_EXP);
    const s = straightThrough(tf.sigmoid(g), noGradient(g, lutSigmoid));
    const sum = tf.add(floorTo(u, qb.outExp), floorTo(tf.mul(a, s), qb.outExp));
    return tf.relu(saturate(sum, qb.outExp)) as tf.Tensor2D;
  }
}

/** Λ̄ and B̄ of one block from its trainable Λ, log Δ and (masked) B̃, as models/s5/discretize.ts (clip_eigs included). */
export function discretizeTensors(b: BlockVars, bRe: tf.Tensor2D, bIm: tf.Tensor2D, method: S5Hyper['discretization']) {
  const lr = tf.minimum(b.lambdaRe, MAX_LAMBDA_RE);
  const li = b.lambdaIm;
  const delta = tf.exp(b.logStep);
  let lbRe: tf.Tensor;
  let lbIm: tf.Tensor;
  let sRe: tf.Tensor;
  let sIm: tf.Tensor;
  if (method === 'zoh') {
    const mag = tf.exp(tf.mul(lr, delta));
    const ang = tf.mul(li, delta);
    lbRe = tf.mul(mag, tf.cos(ang));
    lbIm = tf.mul(mag, tf.sin(ang));
    const nr = tf.sub(lbRe, 1);
    const den = tf.add(tf.square(lr), tf.square(li));
    sRe = tf.div(tf.add(tf.mul(nr, lr), tf.mul(lbIm, li)), den);
    sIm = tf.div(tf.sub(tf.mul(lbIm, lr), tf.mul(nr, li)), den);
  } else {
    const hr = tf.mul(tf.mul(delta, 0.5), lr);
    const hi = tf.mul(tf.mul(delta, 0.5), li);
    const dr = tf.sub(1, hr);
    const den = tf.add(tf.square(dr), tf.square(hi));
    const blRe = tf.div(dr, den);
    const blIm = tf.div(hi, den);
    lbRe = tf.sub(tf.mul(blRe, tf.add(hr, 1)), tf.mul(blIm, hi));
    lbIm = tf.add(tf.mul(blRe, hi), tf.mul(blIm, tf.add(hr, 1)));
    sRe = tf.mul(blRe, delta);
    sIm = tf.mul(blIm, delta);
  }
  const col = (t: tf.Tensor) => tf.expandDims(t, 1);
  return {
    lambdaBarRe: lbRe as tf.Tensor1D,
    lambdaBarIm: lbIm as tf.Tensor1D,
    bBarRe: tf.sub(tf.mul(col(sRe), bRe), tf.mul(col(sIm), bIm)) as tf.Tensor2D,
    bBarIm: tf.add(tf.mul(col(sRe), bIm), tf.mul(col(sIm), bRe)) as tf.Tensor2D,
  };
}

/** Run the network on |X| [clips × frames × inputSize]. Call inside tf.tidy or a gradient function. */
export function forward(vars: ModelVars, input: tf.Tensor3D, options: ForwardOptions): ForwardResult {
  if (options.quant && options.alpha < 1) throw new Error('model: quantized forward needs the ReLU network (alpha = 1)');
  return new Forward(vars, options).run(input);
}
