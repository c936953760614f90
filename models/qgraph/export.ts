// Fixed-point export: float S5 → QGraph (discretise, fold BatchNorm, W8A16 power-of-two quantization at calibrated exponents).
import { nonSaturatingExp, quantizeAtExp, quantizePow2MinError, SIGMOID_INPUT_EXP, type QuantizedTensor } from '../../isa/arith.ts';
import { discretize } from '../s5/discretize.ts';
import type { DenseParams, S5BlockParams, S5Network } from '../s5/types.ts';
import { calibrate, type CalibrationRanges } from './calibrate.ts';
import type { QGraph, QOp, QTensor, TensorFormat } from './types.ts';

export interface ExportOptions {
  /** Calibration frames (|X|), run as one clip through the float model. */
  readonly calibrationFrames: readonly ArrayLike<number>[];
  /** Bits of margin below the calibrated range for activations and states (default 1). */
  readonly headroomBits?: number;
  readonly provenance?: Readonly<Record<string, string>>;
}

export interface ExportResult {
  readonly graph: QGraph;
  readonly ranges: CalibrationRanges;
  /** Weights clipped by the power-of-two scale (it may sit just below max |w|), per tensor. */
  readonly clippedWeights: Readonly<Record<string, number>>;
}

const WEIGHT_BITS = 8;
const LAMBDA_BITS = 16;
const ACT_BITS = 16;

/** Collects the integer tensors and their formats while the graph is assembled. */
class TensorTable {
  readonly tensors = new Map<string, QTensor>();
  readonly clipped: Record<string, number> = {};

  add(name: string, q: QuantizedTensor, shape: readonly number[]): string {
    const data = q.bits <= 8 ? Int8Array.from(q.q) : q.bits <= 16 ? Int16Array.from(q.q) : Int32Array.from(q.q);
    const format: TensorFormat = { bits: q.bits, exp: q.exp, signed: true };
    this.tensors.set(name, { shape, data, format });
    if (q.saturated > 0) this.clipped[name] = q.saturated;
    return name;
  }

  /** A complex tensor quantized with one shared exponent (so re and im parts can be combined on chip). */
  addComplex(name: string, re: Float64Array, im: Float64Array, bits: number, shape: readonly number[]): [string, string] {
    const joint = quantizePow2MinError(concat(re, im), bits);
    const n = re.length;
    const part = (q: Int32Array): QuantizedTensor => ({ q, exp: joint.exp, bits, saturated: 0 });
    if (joint.saturated > 0) this.clipped[name] = joint.saturated;
    return [this.add(`${name}_re`, part(joint.q.slice(0, n)), shape), this.add(`${name}_im`, part(joint.q.slice(n)), shape)];
  }
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function exportDense(table: TensorTable, prefix: string, layer: DenseParams, outExp: number): { weight: string; bias: string } {
  return {
    weight: table.add(`${prefix}.weight`, quantizePow2MinError(layer.weight, WEIGHT_BITS), [layer.outSize, layer.inSize]),
    bias: table.add(`${prefix}.bias`, quantizeAtExp(layer.bias, ACT_BITS, outExp), [layer.outSize]),
  };
}

/** BatchNorm as u' = scale ⊙ u + shift. */
function batchNormAffine(block: S5BlockParams, eps: number): { scale: Float64Array; shift: Float64Array } {
  const { gamma, beta, runningMean, runningVar } = block.norm;
  const scale = new Float64Array(gamma.length);
  const shift = new Float64Array(gamma.length);
  for (let j = 0; j < gamma.length; j++) {
    scale[j] = gamma[j] / Math.sqrt(runningVar[j] + eps);
    shift[j] = beta[j] - scale[j] * runningMean[j];
  }
  return { scale, shift };
}

/** B̄ diag(scale) and the constant B̄·shift each state receives (BatchNorm folded through the input matrix). */
function foldIntoInputMatrix(re: Float64Array, im: Float64Array, rows: number, scale: Float64Array, shift: Float64Array) {
  const cols = scale.length;
  const [foldedRe, foldedIm] = [new Float64Array(re.length), new Float64Array(im.length)];
  const [biasRe, biasIm] = [new Float64Array(rows), new Float64Array(rows)];
  for (let n = 0; n < rows; n++) {
    for (let j = 0; j < cols; j++) {
      const k = n * cols + j;
      foldedRe[k] = re[k] * scale[j];
      foldedIm[k] = im[k] * scale[j];
      biasRe[n] += re[k] * shift[j];
      biasIm[n] += im[k] * shift[j];
    }
  }
  return { foldedRe, foldedIm, biasRe, biasIm };
}

function exportBlock(table: TensorTable, net: S5Network, b: number, input: string, ranges: CalibrationRanges, headroom: number): { ops: QOp[]; out: string; outExp: number } {
  const block = net.blocks[b];
  const { hidden: h } = net.hyper;
  const n = block.lambdaRe.length;
  const p = `blocks.${b}`;
  const ssm = discretize(block, net.hyper.discretization);
  const bn = batchNormAffine(block, net.hyper.batchNormEps);
  const folded = foldIntoInputMatrix(ssm.bBarRe, ssm.bBarIm, n, bn.scale, bn.shift);
  const stateExp = nonSaturatingExp(ranges.blocks[b].state, ACT_BITS, headroom);
  const aExp = nonSaturatingExp(ranges.blocks[b].a, ACT_BITS, headroom);
  const outExp = nonSaturatingExp(ranges.blocks[b].out, ACT_BITS, headroom);
  const [lambdaRe, lambdaIm] = table.addComplex(`${p}.lambda`, ssm.lambdaBarRe, ssm.lambdaBarIm, LAMBDA_BITS, [n]);
  const [bRe, bIm] = table.addComplex(`${p}.B`, folded.foldedRe, folded.foldedIm, WEIGHT_BITS, [n, h]);
  const biasRe = table.add(`${p}.state_bias_re`, quantizeAtExp(folded.biasRe, ACT_BITS, stateExp), [n]);
  const biasIm = table.add(`${p}.state_bias_im`, quantizeAtExp(folded.biasIm, ACT_BITS, stateExp), [n]);
  const [cRe, cIm] = table.addComplex(`${p}.C`, block.cRe, block.cIm, WEIGHT_BITS, [h, n]);
  const dFolded = block.d.map((v, j) => v * bn.scale[j]);
  const dBias = block.d.map((v, j) => v * bn.shift[j]);
  const d = table.add(`${p}.D`, quantizePow2MinError(dFolded, WEIGHT_BITS), [h]);
  const outBias = table.add(`${p}.out_bias`, quantizeAtExp(dBias, ACT_BITS, aExp), [h]);
  const glu = {
    weight: table.add(`${p}.glu.weight`, quantizePow2MinError(block.glu.weight, WEIGHT_BITS), [h, h]),
    bias: table.add(`${p}.glu.bias`, quantizeAtExp(block.glu.bias, ACT_BITS, SIGMOID_INPUT_EXP), [h]),
  };
  const ops: QOp[] = [
    { kind: 's5_state', name: `${p}.state`, input, output: `${p}.h`, lambdaRe, lambdaIm, bRe, bIm, biasRe, biasIm, stateExp },
    { kind: 's5_output', name: `${p}.output`, input: `${p}.h`, skip: input, output: `${p}.a`, cRe, cIm, d, bias: outBias, outExp: aExp },
    { kind: 'glu_residual', name: `${p}.glu`, input: `${p}.a`, residual: input, output: `${p}.out`, ...glu, outExp },
  ];
  return { ops, out: `${p}.out`, outExp };
}

/** Fraction of exactly-zero entries over all 2-D (weight) tensors. */
function weightSparsity(tensors: ReadonlyMap<string, QTensor>): number {
  let zeros = 0;
  let total = 0;
  for (const t of tensors.values()) {
    if (t.shape.length !== 2) continue;
    total += t.data.length;
    for (let i = 0; i < t.data.length; i++) if (t.data[i] === 0) zeros++;
  }
  return total === 0 ? 0 : zeros / total;
}

/** Quantize a float network at W8A16 with exponents calibrated on the given frames. */
export function exportQGraph(net: S5Network, options: ExportOptions): ExportResult {
  const headroom = options.headroomBits ?? 1;
  const ranges = calibrate(net, options.calibrationFrames);
  const table = new TensorTable();
  const hy = net.hyper;
  const inputExp = nonSaturatingExp(ranges.input, ACT_BITS, headroom);
  const encExp = nonSaturatingExp(ranges.encoder, ACT_BITS, headroom);
  const ops: QOp[] = [
    { kind: 'input', name: 'input', output: 'input', size: hy.inputSize, exp: inputExp, offset: hy.inputOffset },
    { kind: 'dense', name: 'encoder', input: 'input', output: 'encoder', ...exportDense(table, 'encoder', net.encoder, encExp), outExp: encExp, relu: true },
  ];
  let current = 'encoder';
  for (let b = 0; b < net.blocks.length; b++) {
    const block = exportBlock(table, net, b, current, ranges, headroom);
    ops.push(...block.ops);
    current = block.out;
  }
  const maskExp = nonSaturatingExp(ranges.mask, ACT_BITS, headroom);
  ops.push({ kind: 'dense', name: 'decoder', input: current, output: 'mask', ...exportDense(table, 'decoder', net.decoder, maskExp), outExp: maskExp, relu: false });
  const formats: Record<string, TensorFormat> = {};
  for (const name of [...table.tensors.keys()].sort()) formats[name] = table.tensors.get(name)!.format;
  const graph: QGraph = {
    spec: { ops, output: 'mask', tensors: formats },
    hyper: {
      width: hy.width,
      blocks: hy.blocks,
      hidden: hy.hidden,
      stateSize: hy.stateSize,
      layers: hy.layers,
      inputSize: hy.inputSize,
      outputSize: hy.outputSize,
      discretization: hy.discretization,
      weightSparsity: weightSparsity(table.tensors),
    },
    tensors: table.tensors,
    provenance: { calibrationFrames: String(ranges.frames), headroomBits: String(headroom), ...options.provenance },
  };
  return { graph, ranges, clippedWeights: table.clipped };
}
