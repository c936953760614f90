// Chip-image writer: validate, encode every present section through the registry, frame with header and section table.
import { ByteWriter } from './bytes.ts';
import { crc32 } from './crc32.ts';
import { writeFileAtomic } from '../files.ts';
import { FILE_HEADER, HEADER_BYTES, IMAGE_MAGIC, SECTION_ENTRY, SECTION_LIST, type SectionEntry } from './layout.ts';
import { writeRecord } from './record.ts';
import { imageError } from './errors.ts';
import { IMAGE_FORMAT_VERSION, IMAGE_LIMITS, type ChipImage } from './types.ts';
import { validateImage } from './validate.ts';

/** The encoded file and its section table. */
export interface EncodedImage {
  readonly bytes: Uint8Array;
  readonly sections: readonly SectionEntry[];
}

/** Encode with the layout; throws the first structural problem as a LoomError (nothing invalid is ever written). */
export function encodeImageWithLayout(image: ChipImage, name = 'image'): EncodedImage {
  validateImage(image, name);
  const bodies: { kind: number; name: SectionEntry['name']; bytes: Uint8Array }[] = [];
  for (const codec of SECTION_LIST) {
    const part = codec.select(image);
    if (part !== undefined) bodies.push({ kind: codec.id, name: codec.name, bytes: codec.encode(part) });
  }
  let offset = HEADER_BYTES + SECTION_ENTRY.size * bodies.length;
  const sections = bodies.map((b) => {
    const entry = { kind: b.kind, name: b.name, offset, length: b.bytes.length, crc: crc32(b.bytes) };
    offset += b.bytes.length;
    return entry;
  });
  if (offset > IMAGE_LIMITS.u32) throw imageError({ file: name, section: 'file header' }, 'image-limit', { what: 'file size', value: offset, limit: IMAGE_LIMITS.u32 });
  const table = new ByteWriter();
  for (const s of sections) writeRecord(table, SECTION_ENTRY, s);
  const tableBytes = table.finish();
  const head = new ByteWriter();
  head.bytes(IMAGE_MAGIC);
  const fields = { formatVersion: IMAGE_FORMAT_VERSION, headerBytes: HEADER_BYTES, sectionCount: sections.length, entryBytes: SECTION_ENTRY.size, fileBytes: offset, tableCrc: crc32(tableBytes), headerCrc: 0 };
  writeRecord(head, FILE_HEADER, fields);
  const bytes = new Uint8Array(offset);
  bytes.set(head.finish(), 0);
  new DataView(bytes.buffer).setUint32(HEADER_BYTES - 4, crc32(bytes, 0, HEADER_BYTES - 4), true);
  bytes.set(tableBytes, HEADER_BYTES);
  bodies.forEach((b, i) => bytes.set(b.bytes, sections[i].offset));
  return { bytes, sections };
}

/** Deterministic: the same image always gives the same bytes. */
export function encodeImage(image: ChipImage): Uint8Array {
  return encodeImageWithLayout(image).bytes;
}

/** Validate, encode and write atomically (temp file, then rename): the path never holds half an image. */
export function writeImageFile(path: string, image: ChipImage): void {
  writeFileAtomic(path, encodeImageWithLayout(image, path).bytes);
}
