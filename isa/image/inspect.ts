// `loom inspect` for chip images: header, section table, and each section's own print (core summary, program listings, …).
import { readFileBytes } from '../files.ts';
import { isLoomError } from '../diagnostics/index.ts';
import { disassemble as disassembleMicrocode } from '../microcode/index.ts';
import { hex32 } from './crc32.ts';
import { SECTION_LIST, type SectionEntry } from './layout.ts';
import { decodeImageWithFrame } from './read.ts';
import type { PrintView } from './section.ts';
import { textTable } from './text.ts';
import type { ChipImage } from './types.ts';
import { encodeImageWithLayout } from './write.ts';

export interface FormatImageOptions {
  /**
   * Program listing; default: isa/microcode's `disassemble` with word annotations. Pass `hexWords`
   * for raw words. When the disassembler rejects a program (a LoomError), that program prints as hex.
   */
  readonly disassemble?: (words: Uint32Array) => string;
  /** The file's section table; by default the table of the image's canonical encoding (identical for files Loom wrote). */
  readonly sections?: readonly SectionEntry[];
  /** Print program listings (default true). */
  readonly listings?: boolean;
  /** Name shown in the title line. */
  readonly file?: string;
}

/** Eight words per line, each line prefixed with the index of its first word. */
export function hexWords(words: Uint32Array): string {
  const lines: string[] = [];
  for (let i = 0; i < words.length; i += 8) {
    const row = Array.from(words.subarray(i, i + 8), (w) => w.toString(16).padStart(8, '0'));
    lines.push(`${String(i).padStart(4)}: ${row.join(' ')}`);
  }
  return lines.join('\n');
}

function annotatedListing(words: Uint32Array): string {
  return disassembleMicrocode(words, { annotate: true });
}

function safeDisassembler(disassemble: (words: Uint32Array) => string = annotatedListing): (words: Uint32Array) => string {
  return (words) => {
    try {
      return disassemble(words);
    } catch (e) {
      if (!isLoomError(e)) throw e;
      return `; not valid micro-code (${e.message.split(' — ')[0]}); raw words:\n${hexWords(words)}`;
    }
  };
}

function sectionTable(sections: readonly SectionEntry[]): string {
  const rows = sections.map((s) => [s.kind, s.name, s.offset, s.length, hex32(s.crc)]);
  return textTable(['kind', 'section', 'offset', 'bytes', 'crc32'], rows);
}

function totals(image: ChipImage): string {
  let neurons = 0;
  let synapses = 0;
  let routes = 0;
  let programs = 0;
  for (const c of image.cores) {
    neurons += c.neuronCount;
    synapses += c.synapses.target.length;
    routes += c.axons.destChip.length;
    programs += c.programs.length;
  }
  return `  ${image.cores.length} cores, ${neurons} neurons, ${synapses} synapses, ${routes} axon routes, ${programs} programs`;
}

/** Human-readable description of an image; deterministic, so it can serve as a golden file. */
export function formatImage(image: ChipImage, options: FormatImageOptions = {}): string {
  const sections = options.sections ?? encodeImageWithLayout(image).sections;
  const bytes = sections.reduce((end, s) => Math.max(end, s.offset + s.length), 0);
  const view: PrintView = { image, disassemble: safeDisassembler(options.disassemble), listings: options.listings ?? true };
  const out = [`Loom chip image${options.file ? ` ${options.file}` : ''} — format ${image.header.formatVersion}, ${bytes} bytes`, totals(image), '', 'Section table', sectionTable(sections)];
  for (const codec of SECTION_LIST) {
    const part = codec.select(image);
    if (part === undefined) continue;
    out.push('', `${codec.title} (${codec.name})`, codec.print(part, view));
  }
  return out.join('\n') + '\n';
}

/** Read, fully check and describe an image file; a broken file is a LoomError, as for every reader. */
export function inspectImageFile(path: string, options: Omit<FormatImageOptions, 'sections' | 'file'> = {}): string {
  const { image, frame } = decodeImageWithFrame(readFileBytes(path), path);
  return formatImage(image, { ...options, sections: frame.sections, file: path });
}
