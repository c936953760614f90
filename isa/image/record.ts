// Fixed-layout records: one field list drives the writer, the binary-parser reader and the README tables.
// binary-parser's package exports give its ESM build no types under NodeNext (TS7016); its CommonJS build
// carries them, and Node loads its named export fine, so import that build.
import { Parser } from 'binary-parser/dist/binary_parser.js';
import type { ByteReader, ByteWriter } from './bytes.ts';
import { imageError } from './errors.ts';

export type FieldType = 'u8' | 'u16' | 'u32' | 'i32';

/** A named little-endian integer field. */
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

const BYTES: Record<FieldType, number> = { u8: 1, u16: 2, u32: 4, i32: 4 };

const RANGE: Record<FieldType, readonly [number, number]> = {
  u8: [0, 0xff],
  u16: [0, 0xffff],
  u32: [0, 0xffffffff],
  i32: [-0x80000000, 0x7fffffff],
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
    if (type === 'u8') w.u8(v);
    else if (type === 'u16') w.u16(v);
    else if (type === 'u32') w.u32(v);
    else w.i32(v);
  }
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
