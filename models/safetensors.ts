// The safetensors container (8-byte header length, JSON header, raw little-endian data): reader and deterministic writer.
//
// Loom's float checkpoints and QGraph files are both safetensors files, so Python users can open them
// with the standard `safetensors` library. The writer is deterministic (tensors in name order, fixed
// JSON key order, header padded with spaces to 8 bytes) so write → read → write is byte-identical.

import { LoomError } from '../isa/diagnostics/index.ts';

export type SafetensorsDType = 'I8' | 'I16' | 'I32' | 'F32' | 'F64';

export type TensorData = Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** One named tensor: dtype, shape and its elements (row-major). */
export interface SafeTensor {
  readonly dtype: SafetensorsDType;
  readonly shape: readonly number[];
  readonly data: TensorData;
}

/** A whole container: tensors by name and string metadata. */
export interface SafetensorsFile {
  readonly tensors: ReadonlyMap<string, SafeTensor>;
  readonly metadata: Readonly<Record<string, string>>;
}

const DTYPES: Record<SafetensorsDType, { bytes: number; make: (n: number) => TensorData }> = {
  I8: { bytes: 1, make: (n) => new Int8Array(n) },
  I16: { bytes: 2, make: (n) => new Int16Array(n) },
  I32: { bytes: 4, make: (n) => new Int32Array(n) },
  F32: { bytes: 4, make: (n) => new Float32Array(n) },
  F64: { bytes: 8, make: (n) => new Float64Array(n) },
};

const MAX_HEADER_BYTES = 100 * 1024 * 1024;

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function dtypeOf(data: TensorData): SafetensorsDType {
  if (data instanceof Int8Array) return 'I8';
  if (data instanceof Int16Array) return 'I16';
  if (data instanceof Int32Array) return 'I32';
  if (data instanceof Float32Array) return 'F32';
  return 'F64';
}

/** Serialise tensors and metadata; tensors are laid out in name order. */
export function encodeSafetensors(file: SafetensorsFile): Uint8Array {
  const names = [...file.tensors.keys()].sort();
  const header: Record<string, unknown> = {};
  const metaKeys = Object.keys(file.metadata).sort();
  if (metaKeys.length > 0) {
    const meta: Record<string, string> = {};
    for (const k of metaKeys) meta[k] = file.metadata[k];
    header.__metadata__ = meta;
  }
  let offset = 0;
  for (const name of names) {
    const t = file.tensors.get(name)!;
    const bytes = elementCount(t.shape) * DTYPES[t.dtype].bytes;
    if (t.data.length !== elementCount(t.shape)) {
      throw new Error(`tensor ${name}: ${t.data.length} elements for shape [${t.shape.join(', ')}]`);
    }
    header[name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  const jsonBytes = new TextEncoder().encode(json);
  const padded = Math.ceil(jsonBytes.length / 8) * 8;
  json += ' '.repeat(padded - jsonBytes.length);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let pos = 8 + headerBytes.length;
  for (const name of names) {
    const t = file.tensors.get(name)!;
    const src = toLittleEndianBytes(t.data);
    out.set(src, pos);
    pos += src.length;
  }
  return out;
}

function toLittleEndianBytes(data: TensorData): Uint8Array {
  // Every platform Node runs on here is little-endian, so the typed array's own bytes are the file's bytes.
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Parse a container; every structural problem is a LoomError naming the file and the tensor. */
export function decodeSafetensors(bytes: Uint8Array, file: string): SafetensorsFile {
  if (bytes.length < 8) {
    throw new LoomError('safetensors-truncated', { file, detail: `${bytes.length} bytes, the header length alone needs 8` });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = view.getBigUint64(0, true);
  if (headerLen > BigInt(MAX_HEADER_BYTES)) {
    throw new LoomError('safetensors-header', { file, detail: `header length ${headerLen} exceeds ${MAX_HEADER_BYTES} bytes` });
  }
  const hlen = Number(headerLen);
  if (8 + hlen > bytes.length) {
    throw new LoomError('safetensors-truncated', { file, detail: `header needs ${hlen} bytes, file has ${bytes.length - 8} after the length` });
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + hlen)));
  } catch (e) {
    throw new LoomError('safetensors-header', { file, detail: `not UTF-8 JSON (${(e as Error).message})` });
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new LoomError('safetensors-header', { file, detail: 'header is not a JSON object' });
  }
  const dataStart = 8 + hlen;
  const dataBytes = bytes.length - dataStart;
  const tensors = new Map<string, SafeTensor>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = parseMetadata(entry, file);
      continue;
    }
    tensors.set(name, parseTensor(name, entry, bytes, dataStart, dataBytes, file));
  }
  return { tensors, metadata };
}

function parseMetadata(entry: unknown, file: string): Record<string, string> {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new LoomError('safetensors-header', { file, detail: '__metadata__ is not an object' });
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(entry)) {
    if (typeof v !== 'string') throw new LoomError('safetensors-header', { file, detail: `__metadata__.${k} is not a string` });
    out[k] = v;
  }
  return out;
}

function parseTensor(name: string, entry: unknown, bytes: Uint8Array, dataStart: number, dataBytes: number, file: string): SafeTensor {
  const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  if (typeof e !== 'object' || e === null) {
    throw new LoomError('safetensors-header', { file, detail: `entry ${name} is not an object` });
  }
  if (typeof e.dtype !== 'string' || !(e.dtype in DTYPES)) {
    throw new LoomError('safetensors-dtype', { file, tensor: name, dtype: String(e.dtype), allowed: Object.keys(DTYPES).join(', ') });
  }
  const dtype = e.dtype as SafetensorsDType;
  if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new LoomError('safetensors-header', { file, detail: `tensor ${name} has an invalid shape ${JSON.stringify(e.shape)}` });
  }
  const shape = e.shape as number[];
  const offsets = e.data_offsets;
  const expected = elementCount(shape) * DTYPES[dtype].bytes;
  const ok =
    Array.isArray(offsets) &&
    offsets.length === 2 &&
    Number.isSafeInteger(offsets[0]) &&
    Number.isSafeInteger(offsets[1]) &&
    offsets[0] >= 0 &&
    offsets[1] - offsets[0] === expected &&
    offsets[1] <= dataBytes;
  if (!ok) {
    const [begin, end] = Array.isArray(offsets) ? offsets : ['?', '?'];
    throw new LoomError('safetensors-offsets', { file, tensor: name, begin: String(begin), end: String(end), shape: `[${shape.join(', ')}]`, bytes: expected, dataBytes });
  }
  const n = elementCount(shape);
  const data = DTYPES[dtype].make(n);
  // Copy rather than view: the source may be unaligned for the element size.
  new Uint8Array(data.buffer).set(bytes.subarray(dataStart + (offsets as number[])[0], dataStart + (offsets as number[])[1]));
  return { dtype, shape, data };
}
