// Fixed-layout records: one field list drives the writer, the binary-parser reader and the README tables.
// binary-parser's package exports give its ESM build no types under NodeNext (TS7016); its CommonJS build
// carries them, and Node loads its named export fine, so import that build.
import { Parser } from 'binary-parser/dist/binary_parser.js';
import type { ByteReader, ByteWriter } from './bytes.ts';
import { imageError } from './errors.ts';

export type FieldType = 'u8' | 'u16' | 'u32' | 'i32' | 'f64';

/** A named little-endian field (integers, or an IEEE-754 double for host-side constants). */
export interface FieldSpec<N extends string> {
  readonly name: N;
  readonly type: FieldType;
  readonly doc: string;
}

/** Reserved bytes: written as zero, and a reader rejects anything else (so every accepted file re-encodes identically). */
export interface PadSpec {
  readonly pad: FieldType;
}

export type RecordValue<N extends string> = { readonly [K in N]: number };

/** The value type of a record spec. */
export type RecordOf<S> = S extends RecordSpec<infer N> ? RecordValue<N> : never;

export interface RecordSpec<N extends string> {
  /** Name used in messages and documentation, e.g. `core record`. */
  readonly name: string;
  readonly fields: readonly (FieldSpec<N> | PadSpec)[];
  /** Bytes per record. */
  readonly size: number;
  /** binary-parser for one record, and for a run of records filling a buffer. */
  readonly one: Parser;
  readonly many: Parser;
}

const BYTES: Record<FieldType, number> = { u8: 1, u16: 2, u32: 4, i32: 4, f64: 8 };

const RANGE: Record<FieldType, readonly [number, number]> = {
  u8: [0, 0xff],
  u16: [0, 0xffff],
  u32: [0, 0xffffffff],
  i32: [-0x80000000, 0x7fffffff],
  f64: [-Number.MAX_VALUE, Number.MAX_VALUE],
};

function isPad<N extends string>(f: FieldSpec<N> | PadSpec): f is PadSpec {
  return 'pad' in f;
}

function fieldKey<N extends string>(f: FieldSpec<N> | PadSpec, i: number): string {
  return isPad(f) ? `_pad${i}` : f.name;
}

function addField(p: Parser, type: FieldType, key: string): Parser {
  switch (type) {
    case 'u8':
      return p.uint8(key);
    case 'u16':
      return p.uint16le(key);
    case 'u32':
      return p.uint32le(key);
    case 'i32':
      return p.int32le(key);
    case 'f64':
      return p.doublele(key);
  }
}

/** Declare a record; the field order is the byte order. */
export function defineRecord<const N extends string>(name: string, fields: readonly (FieldSpec<N> | PadSpec)[]): RecordSpec<N> {
  let one = new Parser().endianness('little');
  fields.forEach((f, i) => {
    one = addField(one, isPad(f) ? f.pad : f.type, fieldKey(f, i));
  });
  const many = new Parser().endianness('little').array('items', { type: one, readUntil: 'eof' });
  const size = fields.reduce((s, f) => s + BYTES[isPad(f) ? f.pad : f.type], 0);
  return { name, fields, size, one, many };
}

/** Append one record. */
export function writeRecord<N extends string>(w: ByteWriter, spec: RecordSpec<N>, value: RecordValue<N>): void {
  for (const f of spec.fields) {
    const type = isPad(f) ? f.pad : f.type;
    const v = isPad(f) ? 0 : value[f.name];
    writeField(w, type, v);
  }
}

function writeField(w: ByteWriter, type: FieldType, v: number): void {
  if (type === 'u8') w.u8(v);
  else if (type === 'u16') w.u16(v);
  else if (type === 'u32') w.u32(v);
  else if (type === 'i32') w.i32(v);
  else w.f64(v);
}

/** Value range of a field type (for limit checks). */
export function fieldRange(type: FieldType): readonly [number, number] {
  return RANGE[type];
}

/** Parse `count` records at the reader's position with binary-parser; short data is an overrun naming the record. */
export function readRecords<N extends string>(r: ByteReader, spec: RecordSpec<N>, count: number, what = `${count} × ${spec.name}`): RecordValue<N>[] {
  const start = r.pos;
  const bytes = r.take(count * spec.size, what);
  if (count === 0) return [];
  let parsed: { items: Record<string, number>[] };
  try {
    parsed = spec.many.parse(bytes) as { items: Record<string, number>[] };
  } catch (e) {
    // take() checked the length, so binary-parser has no reason to fail; report rather than leak its error.
    throw imageError(r.place, 'image-overrun', { what: `${what} (${(e as Error).message})`, needed: count * spec.size, available: bytes.length }, start);
  }
  parsed.items.forEach((item, k) => checkPads(r, spec, item, start + k * spec.size));
  return parsed.items as RecordValue<N>[];
}

/** Parse one record. */
export function readRecord<N extends string>(r: ByteReader, spec: RecordSpec<N>, what = spec.name): RecordValue<N> {
  return readRecords(r, spec, 1, what)[0];
}

function checkPads<N extends string>(r: ByteReader, spec: RecordSpec<N>, item: Record<string, number>, at: number): void {
  let offset = 0;
  spec.fields.forEach((f, i) => {
    if (isPad(f) && item[fieldKey(f, i)] !== 0) {
      throw imageError(r.place, 'image-field', { field: `${spec.name} reserved bytes`, value: item[fieldKey(f, i)], detail: 'reserved bytes must be zero' }, at + offset);
    }
    offset += BYTES[isPad(f) ? f.pad : f.type];
  });
}

/** Markdown table `| offset | type | field | meaning |` of a record starting at byte `start` (README tables are checked against it). */
export function recordTable<N extends string>(spec: RecordSpec<N>, start = 0): string {
  const rows = ['| offset | type | field | meaning |', '|---|---|---|---|'];
  let offset = start;
  for (const f of spec.fields) {
    const type = isPad(f) ? f.pad : f.type;
    rows.push(isPad(f) ? `| ${offset} | ${type} | — | reserved, 0 |` : `| ${offset} | ${type} | ${f.name} | ${f.doc} |`);
    offset += BYTES[type];
  }
  return rows.join('\n');
}

/** Typed array per field type, for column-wise bulk records. */
export type Column = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

const COLUMN: Record<FieldType, (n: number) => Column> = {
  u8: (n) => new Uint8Array(n),
  u16: (n) => new Uint16Array(n),
  u32: (n) => new Uint32Array(n),
  i32: (n) => new Int32Array(n),
  f64: (n) => new Float64Array(n),
};

const COLUMN_READ: Record<FieldType, (view: DataView) => (at: number) => number> = {
  u8: (view) => (at) => view.getUint8(at),
  u16: (view) => (at) => view.getUint16(at, true),
  u32: (view) => (at) => view.getUint32(at, true),
  i32: (view) => (at) => view.getInt32(at, true),
  f64: (view) => (at) => view.getFloat64(at, true),
};

/**
 * Read `count` records straight into one typed array per field (bulk data such as routes and I/O
 * maps; no per-record objects). Same layout and checks as readRecords, from the same field list.
 */
export function readColumns<N extends string>(r: ByteReader, spec: RecordSpec<N>, count: number, what = `${count} × ${spec.name}`): { [K in N]: Column } {
  const start = r.pos;
  const bytes = r.take(count * spec.size, what);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Record<string, Column> = {};
  let offset = 0;
  spec.fields.forEach((f, i) => {
    const type = isPad(f) ? f.pad : f.type;
    const col = COLUMN[type](count);
    const get = COLUMN_READ[type](view);
    for (let k = 0, at = offset; k < count; k++, at += spec.size) col[k] = get(at);
    if (isPad(f)) {
      const bad = col.findIndex((v) => v !== 0);
      if (bad >= 0) throw imageError(r.place, 'image-field', { field: `${spec.name} reserved bytes`, value: col[bad], detail: 'reserved bytes must be zero' }, start + bad * spec.size + offset);
    } else out[fieldKey(f, i)] = col;
    offset += BYTES[type];
  });
  return out as { [K in N]: Column };
}

/** Write `count` records from one array per field (the inverse of readColumns). */
export function writeColumns<N extends string>(w: ByteWriter, spec: RecordSpec<N>, columns: { readonly [K in N]: ArrayLike<number> }, count: number): void {
  for (let k = 0; k < count; k++) {
    for (const f of spec.fields) {
      const type = isPad(f) ? f.pad : f.type;
      writeField(w, type, isPad(f) ? 0 : columns[f.name][k]);
    }
  }
}
