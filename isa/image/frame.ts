// Reading the image frame: magic, version, file header, section table — every check before any section is decoded.
import { ByteReader } from './bytes.ts';
import { crc32, hex32 } from './crc32.ts';
import { imageError, sectionLabel, type Place } from './errors.ts';
import { FILE_HEADER, HEADER_BYTES, IMAGE_MAGIC, SECTION_ENTRY, SECTION_LIST, sectionById, type SectionEntry } from './layout.ts';
import { readRecord, readRecords, type RecordOf, type RecordValue } from './record.ts';
import { IMAGE_FORMAT_VERSION } from './types.ts';

const HEADER = 'file header';
const TABLE = 'section table';

/** The checked frame of an image file: its header fields and its section table. */
export interface ImageFrame {
  readonly formatVersion: number;
  readonly fileBytes: number;
  readonly sections: readonly SectionEntry[];
}

function printable(bytes: Uint8Array): string {
  const text = Array.from(bytes, (b) => (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`));
  return `"${text.join('')}"`;
}

function truncated(file: string, section: string, needed: number, actual: number): Error {
  return imageError({ file, section, base: 0 }, 'image-truncated', { needed, actual }, actual);
}

function checkCrc(place: Place, stored: number, bytes: Uint8Array, begin: number, end: number): void {
  const computed = crc32(bytes, begin, end);
  if (computed !== stored) throw imageError(place, 'image-crc', { stored: hex32(stored), computed: hex32(computed), begin, end });
}

/** Magic, version and header CRC, in that order (a future version keeps bytes 0–9, so its version is reported, not its CRC). */
function readHeader(bytes: Uint8Array, file: string): RecordOf<typeof FILE_HEADER> {
  const place: Place = { file, section: HEADER, base: 0 };
  const n = Math.min(bytes.length, IMAGE_MAGIC.length);
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== IMAGE_MAGIC[i]) throw imageError(place, 'image-magic', { actual: printable(bytes.subarray(0, IMAGE_MAGIC.length)), expected: printable(IMAGE_MAGIC) }, 0);
  }
  if (bytes.length < 10) throw truncated(file, HEADER, HEADER_BYTES, bytes.length);
  const version = bytes[8] | (bytes[9] << 8);
  if (version !== IMAGE_FORMAT_VERSION) throw imageError(place, 'image-version', { actual: version, expected: IMAGE_FORMAT_VERSION }, 8);
  if (bytes.length < HEADER_BYTES) throw truncated(file, HEADER, HEADER_BYTES, bytes.length);
  const r = new ByteReader(bytes.subarray(IMAGE_MAGIC.length, HEADER_BYTES), { file, section: HEADER, base: IMAGE_MAGIC.length });
  // The CRC goes first so a flipped reserved byte reads as corruption, not as a bad field.
  checkCrc(place, new DataView(bytes.buffer, bytes.byteOffset).getUint32(HEADER_BYTES - 4, true), bytes, 0, HEADER_BYTES - 4);
  const h = readRecord(r, FILE_HEADER);
  const bad = (field: string, value: number, detail: string, at: number): Error => imageError(place, 'image-header', { field, value, detail }, at);
  if (h.headerBytes !== HEADER_BYTES) throw bad('headerBytes', h.headerBytes, `must be ${HEADER_BYTES}`, 10);
  if (h.entryBytes !== SECTION_ENTRY.size) throw bad('entryBytes', h.entryBytes, `must be ${SECTION_ENTRY.size}`, 14);
  const required = SECTION_LIST.filter((s) => s.required).length;
  if (h.sectionCount < required || h.sectionCount > SECTION_LIST.length) throw bad('sectionCount', h.sectionCount, `must be ${required}..${SECTION_LIST.length}`, 12);
  const tableEnd = HEADER_BYTES + h.sectionCount * SECTION_ENTRY.size;
  if (h.fileBytes < tableEnd) throw bad('fileBytes', h.fileBytes, `smaller than header and section table (${tableEnd} bytes)`, 16);
  return h;
}

function entryName(kind: number): string {
  const codec = sectionById(kind);
  return codec ? `section table entry for ${sectionLabel(codec.name)}` : `section table entry of unknown kind ${kind}`;
}

/** Kinds known, ascending, required ones present; sections tile [table end, fileBytes) with no gap or overlap. */
function checkEntries(entries: readonly RecordValue<'kind' | 'offset' | 'length' | 'crc'>[], file: string, tableEnd: number, fileBytes: number): SectionEntry[] {
  let expected = tableEnd;
  let lastKind = 0;
  const out: SectionEntry[] = [];
  entries.forEach((e, i) => {
    const at = HEADER_BYTES + i * SECTION_ENTRY.size;
    const codec = sectionById(e.kind);
    const place: Place = { file, section: entryName(e.kind), base: 0 };
    const known = SECTION_LIST.map((s) => `${s.id} ${s.name}`).join(', ');
    if (!codec) throw imageError(place, 'image-section-kind', { detail: `kind ${e.kind} is not a section this Loom knows (${known})` }, at);
    if (e.kind <= lastKind) throw imageError(place, 'image-section-kind', { detail: `entries must list each kind once, in ascending kind order (kind ${e.kind} follows kind ${lastKind})` }, at);
    const label = { file, section: sectionLabel(codec.name), base: 0 };
    const end = e.offset + e.length;
    if (e.offset < expected) {
      const detail = e.offset < tableEnd ? `overlaps the header or section table (which end at byte ${tableEnd})` : `overlaps the previous section (which ends at byte ${expected})`;
      throw imageError(label, 'image-section-range', { begin: e.offset, end, detail }, at);
    }
    if (e.offset > expected) throw imageError(label, 'image-section-range', { begin: e.offset, end, detail: `leaves a gap of ${e.offset - expected} bytes after byte ${expected}` }, at);
    if (end > fileBytes) throw imageError(label, 'image-section-range', { begin: e.offset, end, detail: `runs past the end of the file (${fileBytes} bytes per the header)` }, at);
    out.push({ kind: e.kind, name: codec.name, offset: e.offset, length: e.length, crc: e.crc });
    expected = end;
    lastKind = e.kind;
  });
  const missing = SECTION_LIST.find((s) => s.required && !out.some((e) => e.kind === s.id));
  if (missing) throw imageError({ file, section: TABLE, base: 0 }, 'image-section-kind', { detail: `required ${sectionLabel(missing.name)} (kind ${missing.id}) is missing` }, HEADER_BYTES);
  if (expected !== fileBytes) {
    const last = out[out.length - 1];
    throw imageError({ file, section: sectionLabel(last.name), base: 0 }, 'image-section-range', { begin: last.offset, end: expected, detail: `the last section ends before the file's end (${fileBytes} bytes per the header)` });
  }
  return out;
}

/** The section the file is cut in: the first one that does not fit in `length` bytes. */
function cutSection(sections: readonly SectionEntry[], length: number): SectionEntry {
  return sections.find((s) => s.offset + s.length > length) ?? sections[sections.length - 1];
}

/** Check and read the header and the section table; throws a LoomError naming the part at fault. */
export function readImageFrame(bytes: Uint8Array, file: string): ImageFrame {
  const h = readHeader(bytes, file);
  const tableEnd = HEADER_BYTES + h.sectionCount * SECTION_ENTRY.size;
  if (bytes.length < tableEnd) throw truncated(file, TABLE, tableEnd, bytes.length);
  checkCrc({ file, section: TABLE, base: 0 }, h.tableCrc, bytes, HEADER_BYTES, tableEnd);
  const r = new ByteReader(bytes.subarray(HEADER_BYTES, tableEnd), { file, section: TABLE, base: HEADER_BYTES });
  const sections = checkEntries(readRecords(r, SECTION_ENTRY, h.sectionCount), file, tableEnd, h.fileBytes);
  if (bytes.length < h.fileBytes) {
    const cut = cutSection(sections, bytes.length);
    throw truncated(file, sectionLabel(cut.name), cut.offset + cut.length, bytes.length);
  }
  if (bytes.length > h.fileBytes) {
    throw imageError({ file, section: `end of file after ${sectionLabel(sections[sections.length - 1].name)}`, base: 0 }, 'image-trailing', { count: bytes.length - h.fileBytes, what: `the ${h.fileBytes} bytes the header declares` }, h.fileBytes);
  }
  return { formatVersion: h.formatVersion, fileBytes: h.fileBytes, sections };
}

/** Fail unless a section's bytes match its table CRC. */
export function checkSectionCrc(bytes: Uint8Array, entry: SectionEntry, file: string): void {
  checkCrc({ file, section: sectionLabel(entry.name), base: 0 }, entry.crc, bytes, entry.offset, entry.offset + entry.length);
}
