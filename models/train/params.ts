// Trainable tensors of the S5 denoiser (tf.Variables mirroring models/s5 S5Network), their AdamW groups, and conversion both ways.
import { cloneNetwork } from '../s5/network.ts';
import type { DenseParams, S5BlockParams, S5Network } from '../s5/types.ts';
import { tf } from './tensors.ts';

/** AdamW parameter group: `ssm` (Λ, B̃, log Δ, BatchNorm γ/β) gets no weight decay and its own learning rate. */
export type ParamGroup = 'ssm' | 'regular';

/** One trainable tensor with its checkpoint name (models/s5/checkpoint.ts naming). */
export interface Param {
  readonly name: string;
  readonly group: ParamGroup;
  readonly variable: tf.Variable;
}

export interface DenseVars {
  readonly weight: tf.Variable<tf.Rank.R2>;
  readonly bias: tf.Variable<tf.Rank.R1>;
}

export interface BlockVars {
  readonly lambdaRe: tf.Variable<tf.Rank.R1>;
  readonly lambdaIm: tf.Variable<tf.Rank.R1>;
  readonly logStep: tf.Variable<tf.Rank.R1>;
  readonly bRe: tf.Variable<tf.Rank.R2>;
  readonly bIm: tf.Variable<tf.Rank.R2>;
  readonly cRe: tf.Variable<tf.Rank.R2>;
  readonly cIm: tf.Variable<tf.Rank.R2>;
  readonly d: tf.Variable<tf.Rank.R1>;
  readonly gamma: tf.Variable<tf.Rank.R1>;
  readonly beta: tf.Variable<tf.Rank.R1>;
  readonly glu: DenseVars;
  /** BatchNorm running statistics (not trained; updated from batch moments). */
  readonly runningMean: Float64Array;
  readonly runningVar: Float64Array;
}

/** The network as tensors; `source` supplies the hyper-parameters. */
export interface ModelVars {
  readonly source: S5Network;
  readonly encoder: DenseVars;
  readonly blocks: readonly BlockVars[];
  readonly decoder: DenseVars;
  readonly params: readonly Param[];
}

function v1(data: Float64Array, name: string): tf.Variable<tf.Rank.R1> {
  return tf.variable(tf.tensor1d(Float32Array.from(data)), true, `${name}#${uid()}`);
}

function v2(data: Float64Array, rows: number, cols: number, name: string): tf.Variable<tf.Rank.R2> {
  return tf.variable(tf.tensor2d(Float32Array.from(data), [rows, cols]), true, `${name}#${uid()}`);
}

let counter = 0;
const uid = (): number => ++counter;

/** Variables initialised from a float network (values rounded to float32). */
export function varsFromNetwork(net: S5Network): ModelVars {
  const params: Param[] = [];
  const track = <V extends tf.Variable>(name: string, group: ParamGroup, variable: V): V => {
    params.push({ name, group, variable });
    return variable;
  };
  const dense = (prefix: string, p: DenseParams): DenseVars => ({
    weight: track(`${prefix}.weight`, 'regular', v2(p.weight, p.outSize, p.inSize, `${prefix}.weight`)),
    bias: track(`${prefix}.bias`, 'regular', v1(p.bias, `${prefix}.bias`)),
  });
  const n = net.hyper.stateSize / 2;
  const h = net.hyper.hidden;
  const encoder = dense('encoder', net.encoder);
  const blocks = net.blocks.map((b, i): BlockVars => {
    const p = `blocks.${i}`;
    return {
      lambdaRe: track(`${p}.lambda_re`, 'ssm', v1(b.lambdaRe, `${p}.lambda_re`)),
      lambdaIm: track(`${p}.lambda_im`, 'ssm', v1(b.lambdaIm, `${p}.lambda_im`)),
      logStep: track(`${p}.log_step`, 'ssm', v1(b.logStep, `${p}.log_step`)),
      bRe: track(`${p}.B_re`, 'ssm', v2(b.bRe, n, h, `${p}.B_re`)),
      bIm: track(`${p}.B_im`, 'ssm', v2(b.bIm, n, h, `${p}.B_im`)),
      cRe: track(`${p}.C_re`, 'regular', v2(b.cRe, h, n, `${p}.C_re`)),
      cIm: track(`${p}.C_im`, 'regular', v2(b.cIm, h, n, `${p}.C_im`)),
      d: track(`${p}.D`, 'regular', v1(b.d, `${p}.D`)),
      gamma: track(`${p}.norm.weight`, 'ssm', v1(b.norm.gamma, `${p}.norm.weight`)),
      beta: track(`${p}.norm.bias`, 'ssm', v1(b.norm.beta, `${p}.norm.bias`)),
      glu: dense(`${p}.glu`, b.glu),
      runningMean: b.norm.runningMean.slice(),
      runningVar: b.norm.runningVar.slice(),
    };
  });
  const decoder = dense('decoder', net.decoder);
  return { source: net, encoder, blocks, decoder, params };
}

const read = (v: tf.Variable): Float64Array => Float64Array.from(v.dataSync() as Float32Array);

/** The current values as a float network (a new object; nothing shared with the variables). */
export function networkFromVars(vars: ModelVars): S5Network {
  const base = cloneNetwork(vars.source);
  const dense = (d: DenseVars, p: DenseParams): DenseParams => ({ inSize: p.inSize, outSize: p.outSize, weight: read(d.weight), bias: read(d.bias) });
  const blocks = vars.blocks.map(
    (b, i): S5BlockParams => ({
      lambdaRe: read(b.lambdaRe),
      lambdaIm: read(b.lambdaIm),
      logStep: read(b.logStep),
      bRe: read(b.bRe),
      bIm: read(b.bIm),
      cRe: read(b.cRe),
      cIm: read(b.cIm),
      d: read(b.d),
      norm: { gamma: read(b.gamma), beta: read(b.beta), runningMean: b.runningMean.slice(), runningVar: b.runningVar.slice() },
      glu: dense(b.glu, base.blocks[i].glu),
    }),
  );
  return { hyper: base.hyper, encoder: dense(vars.encoder, base.encoder), blocks, decoder: dense(vars.decoder, base.decoder) };
}

export function disposeVars(vars: ModelVars): void {
  for (const p of vars.params) p.variable.dispose();
}
