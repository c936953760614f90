// Test fixture: a small random but valid QGraph built directly from integers (no float model involved).
import { Rng } from '../../../models/random.ts';
import type { QGraph, QOp, QTensor, TensorFormat } from '../../../models/qgraph/types.ts';

export interface RandomQGraphOptions {
  readonly inputSize?: number;
  readonly hidden?: number;
  readonly states?: number;
  readonly layers?: number;
  readonly density?: number;
  readonly seed?: number;
}

export function randomQGraph(options: RandomQGraphOptions = {}): QGraph {
  const { inputSize = 9, hidden = 6, states = 4, layers = 2, density = 0.5, seed = 1 } = options;
  const rng = new Rng(seed);
  const tensors = new Map<string, QTensor>();
  const formats: Record<string, TensorFormat> = {};
  const add = (name: string, shape: number[], bits: 8 | 16, exp: number, magnitude: number, dense = false): string => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = bits === 8 ? new Int8Array(n) : new Int16Array(n);
    for (let i = 0; i < n; i++) {
      if (!dense && rng.next() > density) continue;
      data[i] = Math.round(rng.uniform(-magnitude, magnitude));
    }
    const format = { bits, exp, signed: true };
    tensors.set(name, { shape, data, format });
    formats[name] = format;
    return name;
  };
  const ops: QOp[] = [
    { kind: 'input', name: 'input', output: 'input', size: inputSize, exp: 8, offset: 0.25 },
    { kind: 'dense', name: 'encoder', input: 'input', output: 'encoder', weight: add('encoder.weight', [hidden, inputSize], 8, 7, 127), bias: add('encoder.bias', [hidden], 16, 10, 3000), outExp: 10, relu: true },
  ];
  let current = 'encoder';
  for (let b = 0; b < layers; b++) {
    const p = `blocks.${b}`;
    const stateExp = 9 + b;
    const outExp = 8 + b;
    ops.push(
      {
        kind: 's5_state', name: `${p}.state`, input: current, output: `${p}.h`,
        lambdaRe: add(`${p}.lambda_re`, [states], 16, 15, 32000, true), lambdaIm: add(`${p}.lambda_im`, [states], 16, 15, 8000, true),
        bRe: add(`${p}.B_re`, [states, hidden], 8, 8, 127), bIm: add(`${p}.B_im`, [states, hidden], 8, 8, 127),
        biasRe: add(`${p}.state_bias_re`, [states], 16, stateExp, 500), biasIm: add(`${p}.state_bias_im`, [states], 16, stateExp, 500), stateExp,
      },
      {
        kind: 's5_output', name: `${p}.output`, input: `${p}.h`, skip: current, output: `${p}.a`,
        cRe: add(`${p}.C_re`, [hidden, states], 8, 7, 127), cIm: add(`${p}.C_im`, [hidden, states], 8, 7, 127),
        d: add(`${p}.D`, [hidden], 8, 6, 127, true), bias: add(`${p}.out_bias`, [hidden], 16, 9, 400), outExp: 9,
      },
      {
        kind: 'glu_residual', name: `${p}.glu`, input: `${p}.a`, residual: current, output: `${p}.out`,
        weight: add(`${p}.glu.weight`, [hidden, hidden], 8, 8, 127), bias: add(`${p}.glu.bias`, [hidden], 16, 6, 200), outExp,
      },
    );
    current = `${p}.out`;

  }
  ops.push({ kind: 'dense', name: 'decoder', input: current, output: 'mask', weight: add('decoder.weight', [inputSize, hidden], 8, 7, 127), bias: add('decoder.bias', [inputSize], 16, 11, 2000), outExp: 11, relu: false });
  const sorted: Record<string, TensorFormat> = {};
  for (const k of Object.keys(formats).sort()) sorted[k] = formats[k];
  return {
    spec: { ops, output: 'mask', tensors: sorted },
    hyper: { width: 0, blocks: 1, hidden, stateSize: 2 * states, layers, inputSize, outputSize: inputSize, discretization: 'zoh', weightSparsity: 1 - density },
    tensors,
    provenance: { fixture: 'randomQGraph' },
  };
}
