// The chip-image byte layout: file header, section table, and THE section registry (kind → codec) that writer, reader, validator and inspect iterate.
import { defineRecord } from './record.ts';
import type { SectionCodec, SectionName } from './section.ts';
import { AXONS_SECTION } from './sections/axons.ts';
import { CORES_SECTION } from './sections/cores.ts';
import { IO_SECTION } from './sections/io.ts';
import { META_SECTION } from './sections/meta.ts';
import { PARAMS_SECTION, STATE_SECTION } from './sections/neuron-data.ts';
import { PROGRAMS_SECTION } from './sections/programs.ts';
import { SYMBOLS_SECTION } from './sections/symbols.ts';
import { SYNAPSES_SECTION } from './sections/synapses.ts';

/** Bytes 0–7 of every image: ASCII `LOOMIMG` and a NUL. Bytes 0–9 (magic + version) keep their place in every version. */
export const IMAGE_MAGIC: Uint8Array = Uint8Array.from('LOOMIMG\0', (ch) => ch.charCodeAt(0));

/** Total file-header size, magic included. */
export const HEADER_BYTES = 32;

/** The file header after the magic (bytes 8–31). */
export const FILE_HEADER = defineRecord('file header', [
  { name: 'formatVersion', type: 'u16', doc: 'image format version (1)' },
  { name: 'headerBytes', type: 'u16', doc: 'file-header size, 32' },
  { name: 'sectionCount', type: 'u16', doc: 'section table entries' },
  { name: 'entryBytes', type: 'u16', doc: 'section-table entry size, 16' },
  { name: 'fileBytes', type: 'u32', doc: 'total file length; the last section ends here' },
  { name: 'tableCrc', type: 'u32', doc: 'CRC-32 of the section table' },
  { pad: 'u32' },
  { name: 'headerCrc', type: 'u32', doc: 'CRC-32 of file bytes 0–27 (everything before this field)' },
]);

/** One section-table entry; the table follows the header directly. */
export const SECTION_ENTRY = defineRecord('section table entry', [
  { name: 'kind', type: 'u16', doc: 'section kind id (registry)' },
  { pad: 'u16' },
  { name: 'offset', type: 'u32', doc: 'absolute byte offset of the section' },
  { name: 'length', type: 'u32', doc: 'section bytes' },
  { name: 'crc', type: 'u32', doc: 'CRC-32 of the section bytes' },
]);

/**
 * The registry: every section kind, in file order (ascending id). Encoding, decoding, checking
 * and printing all iterate this one table; a new kind is one new entry here.
 */
export const SECTIONS = {
  meta: META_SECTION,
  cores: CORES_SECTION,
  programs: PROGRAMS_SECTION,
  params: PARAMS_SECTION,
  state: STATE_SECTION,
  synapses: SYNAPSES_SECTION,
  axons: AXONS_SECTION,
  io: IO_SECTION,
  symbols: SYMBOLS_SECTION,
} as const satisfies { readonly [K in SectionName]: SectionCodec<K> };

/** The registry as a list in file order. */
export const SECTION_LIST: readonly SectionCodec<SectionName>[] = Object.values(SECTIONS);

export function sectionById(id: number): SectionCodec<SectionName> | undefined {
  return SECTION_LIST.find((s) => s.id === id);
}

/** A section as laid out in a file (what the section table says). */
export interface SectionEntry {
  readonly kind: number;
  readonly name: SectionName;
  readonly offset: number;
  readonly length: number;
  readonly crc: number;
}
