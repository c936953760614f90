// Chip-image reader: check the frame, check each section's CRC, decode sections through the registry, assemble, validate.
import { readFileBytes } from '../files.ts';
import { sectionLabel } from './errors.ts';
import { checkSectionCrc, readImageFrame, type ImageFrame } from './frame.ts';
import { sectionById, type SectionEntry } from './layout.ts';
import type { DecodeContext, SectionParts } from './section.ts';
import type { ChipImage, CoreImage } from './types.ts';
import { validateImage } from './validate.ts';

/** A decoded image together with the frame it came from (section table for inspect). */
export interface DecodedImage {
  readonly image: ChipImage;
  readonly frame: ImageFrame;
}

function decodeSection(bytes: Uint8Array, entry: SectionEntry, file: string, frame: ImageFrame, parts: Partial<SectionParts>): void {
  checkSectionCrc(bytes, entry, file);
  const codec = sectionById(entry.kind)!; // readImageFrame accepted only known kinds
  const ctx: DecodeContext = { file, section: sectionLabel(entry.name), base: entry.offset, formatVersion: frame.formatVersion, parts };
  const part = codec.decode(bytes.subarray(entry.offset, entry.offset + entry.length), ctx);
  (parts as Record<string, unknown>)[entry.name] = part;
}

function assemble(parts: Partial<SectionParts>): ChipImage {
  // readImageFrame guarantees every required section is present, and each per-core decoder matched the core count.
  const p = parts as SectionParts;
  const cores: CoreImage[] = p.cores.map((rec, c) => ({
    chip: rec.chip,
    core: rec.core,
    x: rec.x,
    y: rec.y,
    neuronCount: rec.neuronCount,
    groups: rec.groups,
    programs: p.programs[c],
    params: p.params[c],
    state: p.state[c],
    synapses: p.synapses[c],
    axons: p.axons[c],
  }));
  return { header: p.meta, cores, io: p.io, ...(parts.symbols ? { symbols: parts.symbols } : {}) };
}

/** Decode and fully check an image; every problem is a LoomError naming `file`, the section and (where useful) the byte offset. */
export function decodeImageWithFrame(bytes: Uint8Array, file: string): DecodedImage {
  const frame = readImageFrame(bytes, file);
  const parts: Partial<SectionParts> = {};
  for (const entry of frame.sections) decodeSection(bytes, entry, file, frame, parts);
  const image = assemble(parts);
  validateImage(image, file);
  return { image, frame };
}

export function decodeImage(bytes: Uint8Array, file: string): ChipImage {
  return decodeImageWithFrame(bytes, file).image;
}

export function readImageFile(path: string): ChipImage {
  return decodeImage(readFileBytes(path), path);
}
