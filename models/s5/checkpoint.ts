// Float S5 checkpoints: the safetensors layout (tensor names, shapes, metadata), writer, and validating loader.
//
// Tensors are stored as F32 (so saving rounds parameters to float32; load → save is byte-identical),
// named as in PyTorch (`encoder.weight` [H, inputSize], `blocks.0.B_re` [N, H], …). Metadata:
// format "loom.s5", version "1", hyper = canonical JSON of S5Hyper. The loader accepts F32 or F64.
import { LoomError } from '../../isa/diagnostics/index.ts';
import { readFileBytes, writeFileAtomic } from '../../isa/files.ts';
import { decodeSafetensors, encodeSafetensors } from '../safetensors.ts';
import type { SafeTensor, SafetensorsFile } from '../safetensors.ts';
import { HYPER_FIELDS, hyperProblem } from './hyper.ts';
import type { BatchNormParams, DenseParams, S5BlockParams, S5Hyper, S5Network } from './types.ts';

export const CHECKPOINT_FORMAT = 'loom.s5';
export const CHECKPOINT_VERSION = '1';

/** A tensor as the checkpoint names and shapes it. */
export interface CheckpointTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** Every tensor of `net` with its checkpoint name and shape, in network order. */
export function checkpointTensors(net: S5Network): CheckpointTensor[] {
  const h = net.hyper;
  const n = h.stateSize / 2;
  const out: CheckpointTensor[] = [];
  const add = (name: string, shape: readonly number[], data: Float64Array): void => {
    out.push({ name, shape, data });
  };
  const addDense = (prefix: string, p: DenseParams): void => {
    add(`${prefix}.weight`, [p.outSize, p.inSize], p.weight);
    add(`${prefix}.bias`, [p.outSize], p.bias);
  };
  addDense('encoder', net.encoder);
  net.blocks.forEach((b, i) => {
    const p = `blocks.${i}`;
    add(`${p}.lambda_re`, [n], b.lambdaRe);
    add(`${p}.lambda_im`, [n], b.lambdaIm);
    add(`${p}.log_step`, [n], b.logStep);
    add(`${p}.B_re`, [n, h.hidden], b.bRe);
    add(`${p}.B_im`, [n, h.hidden], b.bIm);
    add(`${p}.C_re`, [h.hidden, n], b.cRe);
    add(`${p}.C_im`, [h.hidden, n], b.cIm);
    add(`${p}.D`, [h.hidden], b.d);
    add(`${p}.norm.weight`, [h.hidden], b.norm.gamma);
    add(`${p}.norm.bias`, [h.hidden], b.norm.beta);
    add(`${p}.norm.running_mean`, [h.hidden], b.norm.runningMean);
    add(`${p}.norm.running_var`, [h.hidden], b.norm.runningVar);
    addDense(`${p}.glu`, b.glu);
  });
  addDense('decoder', net.decoder);
  return out;
}

/** Hyper-parameters as canonical JSON (fixed key order), so equal hypers give equal bytes. */
export function hyperJson(h: S5Hyper): string {
  const ordered: Record<string, unknown> = {};
  for (const f of HYPER_FIELDS) ordered[f] = h[f];
  return JSON.stringify(ordered);
}

export function encodeCheckpoint(net: S5Network): Uint8Array {
  const tensors = new Map<string, SafeTensor>();
  for (const t of checkpointTensors(net)) {
    tensors.set(t.name, { dtype: 'F32', shape: t.shape, data: Float32Array.from(t.data) });
  }
  const metadata = { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, hyper: hyperJson(net.hyper) };
  return encodeSafetensors({ tensors, metadata });
}

/** Write atomically: the path holds the old file or the whole new one. */
export function saveCheckpoint(path: string, net: S5Network): void {
  writeFileAtomic(path, encodeCheckpoint(net));
}

export function loadCheckpoint(path: string): S5Network {
  return decodeCheckpoint(readFileBytes(path), path);
}

/**
 * Parse and validate a checkpoint; `file` names it in errors. Every problem is a LoomError:
 * format or version (L140), hyper-parameters (L140), a missing, extra, mis-shaped or non-float
 * tensor or a negative BatchNorm variance (L141), a non-finite value (L142).
 */
export function decodeCheckpoint(bytes: Uint8Array, file: string): S5Network {
  const container = decodeSafetensors(bytes, file);
  checkFormat(container, file);
  const hyper = parseHyper(container.metadata.hyper, file);
  const taken = new Set<string>();
  const take = (name: string, shape: readonly number[]): Float64Array => {
    taken.add(name);
    return readTensor(container, name, shape, file);
  };
  const net = assembleNetwork(hyper, take);
  net.blocks.forEach((b, i) => {
    const bad = b.norm.runningVar.findIndex((v) => v < 0);
    if (bad >= 0) {
      const detail = `element ${bad} is ${b.norm.runningVar[bad]}; a variance cannot be negative`;
      throw new LoomError('checkpoint-tensor', { file, tensor: `blocks.${i}.norm.running_var`, detail });
    }
  });
  for (const name of [...container.tensors.keys()].sort()) {
    if (!taken.has(name)) {
      throw new LoomError('checkpoint-tensor', { file, tensor: name, detail: `is not part of an S5 network with ${hyper.layers} layers` });
    }
  }
  return net;
}

function checkFormat(container: SafetensorsFile, file: string): void {
  const { format, version } = container.metadata;
  if (format !== CHECKPOINT_FORMAT) {
    const detail = `is ${format === undefined ? 'missing' : JSON.stringify(format)}; expected "${CHECKPOINT_FORMAT}"`;
    throw new LoomError('checkpoint-arch', { file, field: 'format', detail });
  }
  if (version !== CHECKPOINT_VERSION) {
    const detail = `is ${version === undefined ? 'missing' : JSON.stringify(version)}; this Loom reads version ${CHECKPOINT_VERSION}`;
    throw new LoomError('checkpoint-arch', { file, field: 'version', detail });
  }
}

/** The `hyper` metadata: JSON with every S5Hyper field of the right type, consistent by `hyperProblem`. */
function parseHyper(text: string | undefined, file: string): S5Hyper {
  const fail = (field: string, detail: string): never => {
    throw new LoomError('checkpoint-arch', { file, field, detail });
  };
  if (text === undefined) return fail('hyper', 'is missing');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail('hyper', `is not JSON (${(e as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('hyper', 'is not a JSON object');
  const obj = raw as Record<string, unknown>;
  const hyper: Record<string, unknown> = {};
  for (const f of HYPER_FIELDS) {
    const v = obj[f];
    const want = f === 'discretization' ? 'string' : 'number';
    if (typeof v !== want) return fail(`hyper.${f}`, v === undefined ? 'is missing' : `is ${JSON.stringify(v)}; expected a ${want}`);
    hyper[f] = v;
  }
  const h = hyper as unknown as S5Hyper;
  const problem = hyperProblem(h);
  if (problem) return fail(`hyper.${problem.field}`, problem.detail);
  return h;
}

/** The named tensor as Float64, checked for presence, dtype, shape and finiteness. */
function readTensor(container: SafetensorsFile, name: string, shape: readonly number[], file: string): Float64Array {
  const t = container.tensors.get(name);
  if (t === undefined) throw new LoomError('checkpoint-tensor', { file, tensor: name, detail: `is missing (expected shape [${shape.join(', ')}])` });
  if (t.dtype !== 'F32' && t.dtype !== 'F64') {
    throw new LoomError('checkpoint-tensor', { file, tensor: name, detail: `has dtype ${t.dtype}; expected F32 or F64` });
  }
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new LoomError('checkpoint-tensor', { file, tensor: name, detail: `has shape [${t.shape.join(', ')}]; expected [${shape.join(', ')}]` });
  }
  const data = Float64Array.from(t.data);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new LoomError('float-not-finite', { file, tensor: name, value: String(data[i]), index: i });
  }
  return data;
}

type Take = (name: string, shape: readonly number[]) => Float64Array;

/** Build a network of shape `h` from tensors fetched by checkpoint name (the inverse of `checkpointTensors`). */
function assembleNetwork(h: S5Hyper, take: Take): S5Network {
  const dense = (prefix: string, inSize: number, outSize: number): DenseParams => ({
    inSize,
    outSize,
    weight: take(`${prefix}.weight`, [outSize, inSize]),
    bias: take(`${prefix}.bias`, [outSize]),
  });
  const encoder = dense('encoder', h.inputSize, h.hidden);
  const blocks: S5BlockParams[] = [];
  for (let i = 0; i < h.layers; i++) blocks.push(assembleBlock(h, `blocks.${i}`, take, dense));
  const decoder = dense('decoder', h.hidden, h.outputSize);
  return { hyper: h, encoder, blocks, decoder };
}

function assembleBlock(
  h: S5Hyper,
  p: string,
  take: Take,
  dense: (prefix: string, inSize: number, outSize: number) => DenseParams,
): S5BlockParams {
  const n = h.stateSize / 2;
  const H = h.hidden;
  const norm: BatchNormParams = {
    gamma: take(`${p}.norm.weight`, [H]),
    beta: take(`${p}.norm.bias`, [H]),
    runningMean: take(`${p}.norm.running_mean`, [H]),
    runningVar: take(`${p}.norm.running_var`, [H]),
  };
  return {
    lambdaRe: take(`${p}.lambda_re`, [n]),
    lambdaIm: take(`${p}.lambda_im`, [n]),
    logStep: take(`${p}.log_step`, [n]),
    bRe: take(`${p}.B_re`, [n, H]),
    bIm: take(`${p}.B_im`, [n, H]),
    cRe: take(`${p}.C_re`, [H, n]),
    cIm: take(`${p}.C_im`, [H, n]),
    d: take(`${p}.D`, [H]),
    norm,
    glu: dense(`${p}.glu`, H, H),
  };
}
