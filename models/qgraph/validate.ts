// QGraph validation: op kinds, topological edges, tensor presence, dtypes, shapes, bit widths, value ranges, exponents.
import { rangeOf } from '../../isa/arith.ts';
import { LoomError } from '../../isa/diagnostics/index.ts';
import { dtypeOf, type TensorData } from '../safetensors.ts';
import type { QGraphSpec, QOp, QOpKind, TensorFormat } from './types.ts';

/** What an op's output activation looks like: element count, complex (re block then im block) or real, exponent. */
export interface ActivationShape {
  readonly size: number;
  readonly complex: boolean;
  readonly exp: number;
}

const EXP_LIMIT = 40;
const DTYPE_BITS: Record<string, number> = { I8: 8, I16: 16, I32: 32 };

/** Per op kind: its string fields naming tensors, with the dtype each must have. */
const TENSOR_FIELDS: Record<QOpKind, Readonly<Record<string, 'I8' | 'I16'>>> = {
  input: {},
  dense: { weight: 'I8', bias: 'I16' },
  s5_state: { lambdaRe: 'I16', lambdaIm: 'I16', bRe: 'I8', bIm: 'I8', biasRe: 'I16', biasIm: 'I16' },
  s5_output: { cRe: 'I8', cIm: 'I8', d: 'I8', bias: 'I16' },
  glu_residual: { weight: 'I8', bias: 'I16' },
};
const ACTIVATION_FIELDS: Record<QOpKind, readonly string[]> = {
  input: [],
  dense: ['input'],
  s5_state: ['input'],
  s5_output: ['input', 'skip'],
  glu_residual: ['input', 'residual'],
};
const NUMBER_FIELDS: Record<QOpKind, readonly string[]> = {
  input: ['size', 'exp', 'offset'],
  dense: ['outExp'],
  s5_state: ['stateExp'],
  s5_output: ['outExp'],
  glu_residual: ['outExp'],
};

/** Any stored tensor: a safetensors entry or a loaded QTensor (the dtype follows from the typed array). */
export interface StoredTensor {
  readonly shape: readonly number[];
  readonly data: TensorData;
}

export const QOP_KINDS = Object.keys(TENSOR_FIELDS) as QOpKind[];

/**
 * Check a graph against its tensors; returns every activation's shape. Throws the first problem
 * as a LoomError that names the op and tensor.
 */
export function validateQGraph(
  spec: QGraphSpec,
  tensors: ReadonlyMap<string, StoredTensor>,
): Map<string, ActivationShape> {
  if (!Array.isArray(spec.ops) || spec.ops.length === 0) {
    throw new LoomError('qgraph-structure', { detail: 'the graph has no ops' });
  }
  checkTensorFormats(spec, tensors);
  const activations = new Map<string, ActivationShape>();
  spec.ops.forEach((op, index) => {
    checkOpFields(op, index);
    if ((op.kind === 'input') !== (index === 0)) {
      throw new LoomError('qgraph-structure', { detail: `op ${index} (${op.name}) is ${op.kind}; the first op and only the first must be the input` });
    }
    const shape = outputShape(op, spec, tensors, activations);
    if (activations.has(op.output)) throw new LoomError('qgraph-duplicate', { op: op.name, name: op.output });
    activations.set(op.output, shape);
  });
  const out = activations.get(spec.output);
  if (!out) throw new LoomError('qgraph-structure', { detail: `output activation "${spec.output}" is not produced by any op` });
  if (out.complex) throw new LoomError('qgraph-structure', { detail: `output activation "${spec.output}" is complex; the output must be real` });
  return activations;
}

function checkOpFields(op: QOp, index: number): void {
  const kind = (op as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || !(kind in TENSOR_FIELDS)) {
    throw new LoomError('qgraph-unknown-op', { op: String((op as { name?: unknown }).name ?? `#${index}`), kind: String(kind), known: QOP_KINDS.join(', ') });
  }
  const record = op as unknown as Record<string, unknown>;
  const stringFields = ['name', 'output', ...ACTIVATION_FIELDS[op.kind], ...Object.keys(TENSOR_FIELDS[op.kind])];
  for (const f of stringFields) {
    if (typeof record[f] !== 'string') {
      throw new LoomError('qgraph-structure', { detail: `op ${String(record.name ?? `#${index}`)} (${kind}): field ${f} must be a string` });
    }
  }
  for (const f of NUMBER_FIELDS[op.kind]) {
    const v = record[f];
    if (typeof v !== 'number' || !Number.isFinite(v) || (f !== 'offset' && !Number.isInteger(v))) {
      throw new LoomError('qgraph-structure', { detail: `op ${op.name} (${kind}): field ${f} = ${String(v)} must be a finite ${f === 'offset' ? 'number' : 'integer'}` });
    }
  }
  if (op.kind === 'dense' && typeof op.relu !== 'boolean') {
    throw new LoomError('qgraph-structure', { detail: `op ${op.name} (dense): field relu must be a boolean` });
  }
}

function checkExp(name: string, exp: number): void {
  if (exp < -EXP_LIMIT || exp > EXP_LIMIT) throw new LoomError('qgraph-exp', { tensor: name, exp, min: -EXP_LIMIT, max: EXP_LIMIT });
}

function checkTensorFormats(spec: QGraphSpec, tensors: ReadonlyMap<string, StoredTensor>): void {
  for (const [name, t] of tensors) {
    const format: TensorFormat | undefined = spec.tensors?.[name];
    if (!format) throw new LoomError('qgraph-structure', { detail: `tensor ${name} has no entry in the graph's tensor formats` });
    const dtype = dtypeOf(t.data);
    const maxBits = DTYPE_BITS[dtype];
    if (maxBits === undefined) {
      throw new LoomError('safetensors-dtype', { file: 'QGraph', tensor: name, dtype, allowed: 'I8, I16, I32' });
    }
    if (!Number.isInteger(format.bits) || format.bits < 2 || format.bits > maxBits) {
      throw new LoomError('qgraph-bits', { tensor: name, bits: format.bits, dtype, min: 2, max: maxBits });
    }
    if (!Number.isInteger(format.exp)) throw new LoomError('qgraph-exp', { tensor: name, exp: format.exp, min: -EXP_LIMIT, max: EXP_LIMIT });
    checkExp(name, format.exp);
    const { min, max } = rangeOf(format.bits, format.signed !== false);
    const data = t.data;
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v < min || v > max) {
        throw new LoomError('qgraph-value-range', { tensor: name, index: i, value: v, bits: format.bits, signedness: format.signed === false ? 'unsigned' : 'signed' });
      }
    }
  }
}

function tensorOf(op: QOp, field: string, tensors: ReadonlyMap<string, StoredTensor>): StoredTensor {
  const name = (op as unknown as Record<string, string>)[field];
  const t = tensors.get(name);
  if (!t) throw new LoomError('qgraph-missing-tensor', { op: op.name, tensor: name, field });
  const expected = TENSOR_FIELDS[op.kind][field];
  if (dtypeOf(t.data) !== expected) throw new LoomError('qgraph-dtype', { op: op.name, tensor: name, actual: dtypeOf(t.data), expected });
  return t;
}

function expectShape(op: QOp, field: string, t: StoredTensor, expected: readonly number[]): void {
  const same = t.shape.length === expected.length && t.shape.every((d, i) => d === expected[i]);
  if (!same) {
    const name = (op as unknown as Record<string, string>)[field];
    throw new LoomError('qgraph-shape', { op: op.name, tensor: name, actual: `[${t.shape.join(', ')}]`, expected: `[${expected.join(', ')}]` });
  }
}

function activationOf(op: QOp, field: string, activations: Map<string, ActivationShape>, complex: boolean): ActivationShape {
  const name = (op as unknown as Record<string, string>)[field];
  const a = activations.get(name);
  if (!a) throw new LoomError('qgraph-edge', { op: op.name, input: name });
  if (a.complex !== complex) {
    throw new LoomError('qgraph-structure', { detail: `op ${op.name}: input ${name} must be ${complex ? 'complex (an s5_state output)' : 'real'}` });
  }
  checkExp(name, a.exp);
  return a;
}

function outputShape(op: QOp, spec: QGraphSpec, tensors: ReadonlyMap<string, StoredTensor>, activations: Map<string, ActivationShape>): ActivationShape {
  const t = (field: string) => tensorOf(op, field, tensors);
  switch (op.kind) {
    case 'input':
      if (op.size < 1) throw new LoomError('qgraph-structure', { detail: `input size ${op.size} must be positive` });
      return { size: op.size, complex: false, exp: op.exp };
    case 'dense': {
      const x = activationOf(op, 'input', activations, false);
      const w = t('weight');
      const rows = w.shape[0] ?? 0;
      expectShape(op, 'weight', w, [rows, x.size]);
      expectShape(op, 'bias', t('bias'), [rows]);
      return { size: rows, complex: false, exp: op.outExp };
    }
    case 's5_state': {
      const u = activationOf(op, 'input', activations, false);
      const lre = t('lambdaRe');
      const n = lre.shape[0] ?? 0;
      expectShape(op, 'lambdaRe', lre, [n]);
      expectShape(op, 'lambdaIm', t('lambdaIm'), [n]);
      if (spec.tensors[op.lambdaRe].exp !== spec.tensors[op.lambdaIm].exp) {
        throw new LoomError('qgraph-structure', { detail: `op ${op.name}: ${op.lambdaRe} and ${op.lambdaIm} must share one exponent` });
      }
      for (const f of ['bRe', 'bIm']) expectShape(op, f, t(f), [n, u.size]);
      for (const f of ['biasRe', 'biasIm']) expectShape(op, f, t(f), [n]);
      return { size: n, complex: true, exp: op.stateExp };
    }
    case 's5_output': {
      const h = activationOf(op, 'input', activations, true);
      const u = activationOf(op, 'skip', activations, false);
      for (const f of ['cRe', 'cIm']) expectShape(op, f, t(f), [u.size, h.size]);
      expectShape(op, 'd', t('d'), [u.size]);
      expectShape(op, 'bias', t('bias'), [u.size]);
      return { size: u.size, complex: false, exp: op.outExp };
    }
    case 'glu_residual': {
      const a = activationOf(op, 'input', activations, false);
      const u = activationOf(op, 'residual', activations, false);
      if (a.size !== u.size) throw new LoomError('qgraph-width', { op: op.name, input: op.residual, actual: u.size, expected: a.size });
      expectShape(op, 'weight', t('weight'), [a.size, a.size]);
      expectShape(op, 'bias', t('bias'), [a.size]);
      return { size: a.size, complex: false, exp: op.outExp };
    }
  }
}
