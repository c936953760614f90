// The QGraph file (*.qgraph.safetensors): integer tensors plus graph, hyper-parameters and provenance as JSON metadata.
import { LoomError } from '../../isa/diagnostics/index.ts';
import { readFileBytes, writeFileAtomic } from '../../isa/files.ts';
import { decodeSafetensors, dtypeOf, encodeSafetensors, type SafeTensor } from '../safetensors.ts';
import { QGRAPH_FORMAT, QGRAPH_VERSION, type QGraph, type QGraphHyper, type QGraphSpec, type QTensor } from './types.ts';
import { validateQGraph } from './validate.ts';

/** Serialise a QGraph; deterministic, so encode(decode(encode(g))) equals encode(g) byte for byte. */
export function encodeQGraph(graph: QGraph): Uint8Array {
  const tensors = new Map<string, SafeTensor>();
  for (const [name, t] of graph.tensors) tensors.set(name, { dtype: dtypeOf(t.data), shape: t.shape, data: t.data });
  return encodeSafetensors({
    tensors,
    metadata: {
      format: QGRAPH_FORMAT,
      version: String(QGRAPH_VERSION),
      graph: JSON.stringify(graph.spec),
      hyper: JSON.stringify(graph.hyper),
      provenance: JSON.stringify(graph.provenance),
    },
  });
}

function parseJsonField<T>(metadata: Readonly<Record<string, string>>, field: string, file: string): T {
  const text = metadata[field];
  if (text === undefined) throw new LoomError('not-a-qgraph', { file, field, actual: 'missing', expected: 'a JSON string' });
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    return value as T;
  } catch (e) {
    throw new LoomError('qgraph-json', { file, field, detail: (e as Error).message });
  }
}

const HYPER_NUMBERS = ['width', 'blocks', 'hidden', 'stateSize', 'layers', 'inputSize', 'outputSize', 'weightSparsity'] as const;

function checkHyper(hyper: QGraphHyper, file: string): void {
  for (const key of HYPER_NUMBERS) {
    if (typeof hyper[key] !== 'number' || !Number.isFinite(hyper[key])) {
      throw new LoomError('qgraph-json', { file, field: `hyper.${key}`, detail: `${String(hyper[key])} is not a finite number` });
    }
  }
}

/** Parse and validate a QGraph file's bytes; every problem is a LoomError naming the file, op or tensor. */
export function decodeQGraph(bytes: Uint8Array, file: string): QGraph {
  const container = decodeSafetensors(bytes, file);
  const { metadata } = container;
  if (metadata.format !== QGRAPH_FORMAT) {
    throw new LoomError('not-a-qgraph', { file, field: 'format', actual: JSON.stringify(metadata.format ?? null), expected: JSON.stringify(QGRAPH_FORMAT) });
  }
  if (metadata.version !== String(QGRAPH_VERSION)) {
    throw new LoomError('qgraph-version', { file, actual: String(metadata.version), expected: QGRAPH_VERSION });
  }
  const spec = parseJsonField<QGraphSpec>(metadata, 'graph', file);
  const hyper = parseJsonField<QGraphHyper>(metadata, 'hyper', file);
  const provenance = metadata.provenance === undefined ? {} : parseJsonField<Record<string, string>>(metadata, 'provenance', file);
  if (!Array.isArray(spec.ops) || typeof spec.tensors !== 'object' || spec.tensors === null || typeof spec.output !== 'string') {
    throw new LoomError('qgraph-json', { file, field: 'graph', detail: 'needs ops (array), output (string) and tensors (object)' });
  }
  checkHyper(hyper, file);
  validateQGraph(spec, container.tensors);
  const tensors = new Map<string, QTensor>();
  for (const [name, t] of container.tensors) {
    tensors.set(name, { shape: t.shape, data: t.data as QTensor['data'], format: spec.tensors[name] });
  }
  return { spec, hyper, tensors, provenance };
}

export function readQGraphFile(path: string): QGraph {
  return decodeQGraph(readFileBytes(path), path);
}

export function writeQGraphFile(path: string, graph: QGraph): void {
  writeFileAtomic(path, encodeQGraph(graph));
}
