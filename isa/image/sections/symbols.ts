// Section `symbols` (kind 9, optional): profiling names — per group slice its logical group, layer and neuron range.
import { ByteReader, ByteWriter } from '../bytes.ts';
import { checkInt, checkText, fromUtf8, utf8 } from '../checks.ts';
import { imageError, type Place } from '../errors.ts';
import { defineRecord, readRecord, readRecords, writeRecord } from '../record.ts';
import type { SectionCodec } from '../section.ts';
import { textTable } from '../text.ts';
import { IMAGE_LIMITS, type ChipImage, type GroupSymbol, type ImageSymbols } from '../types.ts';

/** Head, then `stringCount` strings (u16 byte length + UTF-8 bytes, interned in first-use order), then the entries. */
export const SYMBOLS_HEAD = defineRecord('symbols head', [
  { name: 'stringCount', type: 'u32', doc: 'strings in the string table' },
  { name: 'entryCount', type: 'u32', doc: 'symbol records after the strings' },
]);

export const SYMBOL_RECORD = defineRecord('symbol record', [
  { name: 'core', type: 'u32', doc: 'index into the core table' },
  { name: 'group', type: 'u16', doc: 'group index on that core' },
  { pad: 'u16' },
  { name: 'name', type: 'u32', doc: 'string index of the logical group name' },
  { name: 'layer', type: 'u32', doc: 'string index of the layer name' },
  { name: 'neuronOffset', type: 'u32', doc: 'index in the logical group of the slice’s first neuron' },
]);

function encodeSymbols(symbols: ImageSymbols): Uint8Array {
  const strings = new Map<string, number>();
  const intern = (s: string): number => {
    if (!strings.has(s)) strings.set(s, strings.size);
    return strings.get(s)!;
  };
  const records = symbols.groups.map((g) => ({ core: g.core, group: g.group, name: intern(g.name), layer: intern(g.layer), neuronOffset: g.neuronOffset }));
  const w = new ByteWriter();
  writeRecord(w, SYMBOLS_HEAD, { stringCount: strings.size, entryCount: records.length });
  for (const s of strings.keys()) {
    const b = utf8(s);
    w.u16(b.length);
    w.bytes(b);
  }
  for (const rec of records) writeRecord(w, SYMBOL_RECORD, rec);
  return w.finish();
}

function readStrings(r: ByteReader, count: number): string[] {
  r.need(2 * count, `${count} strings (at least 2 bytes each)`);
  const out: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const at = r.pos;
    const text = fromUtf8(r.take(r.u16(`string ${i} length`), `string ${i}`));
    if (text === undefined) throw imageError(r.place, 'image-field', { field: `string ${i}`, value: 'bytes', detail: 'not valid UTF-8' }, at);
    if (seen.has(text)) throw imageError(r.place, 'image-field', { field: `string ${i}`, value: JSON.stringify(text), detail: 'not canonical: the string table lists it twice' }, at);
    seen.add(text);
    out.push(text);
  }
  return out;
}

function decodeSymbols(bytes: Uint8Array, place: Place): ImageSymbols {
  const r = new ByteReader(bytes, place);
  const head = readRecord(r, SYMBOLS_HEAD);
  const strings = readStrings(r, head.stringCount);
  const start = r.pos;
  const records = readRecords(r, SYMBOL_RECORD, head.entryCount, `${head.entryCount} symbol records`);
  r.end('the symbol records');
  let fresh = 0;
  const lookup = (index: number, k: number, field: 'name' | 'layer'): string => {
    // Canonical interning: each string is introduced by its first use, in record order.
    if (index > fresh || index >= strings.length) {
      const detail = index >= strings.length ? `the string table has ${strings.length} strings` : `not canonical: the next new string is ${fresh}`;
      throw imageError(place, 'image-field', { field: `symbol ${k} ${field}`, value: index, detail }, start + k * SYMBOL_RECORD.size);
    }
    if (index === fresh) fresh++;
    return strings[index];
  };
  const groups: GroupSymbol[] = records.map((rec, k) => ({
    core: rec.core,
    group: rec.group,
    name: lookup(rec.name, k, 'name'),
    layer: lookup(rec.layer, k, 'layer'),
    neuronOffset: rec.neuronOffset,
  }));
  if (fresh !== strings.length) throw imageError(place, 'image-field', { field: `string ${fresh}`, value: JSON.stringify(strings[fresh]), detail: 'not canonical: no symbol uses it' }, 8);
  return { groups };
}

function checkSymbols(image: ChipImage, place: Place): void {
  const symbols = image.symbols;
  if (symbols === undefined) return;
  checkInt(place, 'symbol count', symbols.groups.length, 0, IMAGE_LIMITS.u32);
  const seen = new Set<number>();
  symbols.groups.forEach((s, k) => {
    const what = `symbol ${k} (${s.name})`;
    checkInt(place, `${what} core`, s.core, 0, IMAGE_LIMITS.u32);
    if (s.core >= image.cores.length) throw imageError(place, 'image-reference', { what, target: `core ${s.core}`, detail: `the image has ${image.cores.length} cores` });
    const groups = image.cores[s.core].groups.length;
    checkInt(place, `${what} group`, s.group, 0, IMAGE_LIMITS.groupsPerCore);
    if (s.group >= groups) throw imageError(place, 'image-reference', { what, target: `group ${s.group} of core ${s.core}`, detail: `that core has ${groups} groups` });
    const key = s.core * 0x10000 + s.group;
    if (seen.has(key)) throw imageError(place, 'image-structure', { detail: `group ${s.group} of core ${s.core} has more than one symbol` });
    seen.add(key);
    checkText(place, `${what} name`, s.name, 0, IMAGE_LIMITS.symbolBytes);
    checkText(place, `${what} layer`, s.layer, 0, IMAGE_LIMITS.symbolBytes);
    checkInt(place, `${what} neuron offset`, s.neuronOffset, 0, IMAGE_LIMITS.u32);
  });
}

function printSymbols(symbols: ImageSymbols, image: ChipImage): string {
  const rows = symbols.groups.map((s) => {
    const g = image.cores[s.core].groups[s.group];
    const first = image.cores[s.core].groups[s.group].firstNeuron;
    return [s.layer, s.name, s.core, s.group, `${first}..${first + g.neuronCount - 1}`, `${s.neuronOffset}..${s.neuronOffset + g.neuronCount - 1}`];
  });
  return rows.length > 0 ? textTable(['layer', 'group', 'core', 'slice', 'core neurons', 'group neurons'], rows) : '  (no symbols)';
}

export const SYMBOLS_SECTION: SectionCodec<'symbols'> = {
  id: 9,
  name: 'symbols',
  title: 'symbols',
  required: false,
  records: [SYMBOLS_HEAD, SYMBOL_RECORD],
  select: (image) => image.symbols,
  encode: encodeSymbols,
  decode: decodeSymbols,
  check: (image, ctx) => checkSymbols(image, ctx.place('symbols')),
  print: (symbols, view) => printSymbols(symbols, view.image),
};
