// The contract every image section kind implements (STYLE §8): one codec per kind with encode, decode, check and print.
import type { Place } from './errors.ts';
import type { RecordSpec } from './record.ts';
import type {
  AxonTable,
  ChipImage,
  ImageHeader,
  ImageSymbols,
  IoMap,
  NeuronGroupSlice,
  SynapseMemory,
} from './types.ts';

/** One core-table entry as stored in section `cores` (bulk data lives in the per-core sections). */
export interface CoreRecord {
  readonly chip: number;
  readonly core: number;
  readonly x: number;
  readonly y: number;
  readonly neuronCount: number;
  readonly inputAxonCount: number;
  readonly programCount: number;
  readonly groups: readonly NeuronGroupSlice[];
}

/** What each section kind holds in memory (its "part" of a ChipImage). Per-core parts are arrays in core-table order. */
export interface SectionParts {
  meta: ImageHeader;
  cores: readonly CoreRecord[];
  programs: readonly (readonly Uint32Array[])[];
  params: readonly Int32Array[];
  state: readonly Int32Array[];
  synapses: readonly SynapseMemory[];
  axons: readonly AxonTable[];
  io: IoMap;
  symbols: ImageSymbols;
}

export type SectionName = keyof SectionParts;

/** What a section decoder knows: its place in the file, the file's format version and the sections decoded before it. */
export interface DecodeContext extends Place {
  readonly base: number;
  readonly formatVersion: number;
  readonly parts: Partial<SectionParts>;
}

/** Shared look-ups for structural checks, built once the core table has passed its own checks. */
export interface CheckContext {
  readonly file: string;
  place(section: SectionName): Place;
  /** Index into image.cores of (chip, core), or −1. */
  coreIndex(chip: number, core: number): number;
  /** Group index of every neuron of core `c` (valid after the `cores` check). */
  neuronGroups(c: number): Uint16Array;
}

/** What `print` may consult besides its own part. */
export interface PrintView {
  readonly image: ChipImage;
  /** Text of one micro-code program. */
  readonly disassemble: (words: Uint32Array) => string;
  /** Print program listings (default true). */
  readonly listings: boolean;
}

/**
 * One section kind. `select` picks the part out of a ChipImage (undefined: omit this optional
 * section); `encode`/`decode` are inverse over the part; `check` verifies the part within the
 * whole image (limits, references); `print` renders the part for `loom inspect`.
 */
export interface SectionCodec<K extends SectionName> {
  /** u16 kind id in the section table. */
  readonly id: number;
  readonly name: K;
  /** Human title for inspect and the README. */
  readonly title: string;
  readonly required: boolean;
  /** Fixed-layout records of this section, in byte order (documentation and parsing). */
  readonly records: readonly RecordSpec<string>[];
  select(image: ChipImage): SectionParts[K] | undefined;
  encode(part: SectionParts[K]): Uint8Array;
  decode(bytes: Uint8Array, ctx: DecodeContext): SectionParts[K];
  check(image: ChipImage, ctx: CheckContext): void;
  print(part: SectionParts[K], view: PrintView): string;
}

/** The part another section's decoder depends on; the registry order guarantees it was decoded first. */
export function partOf<K extends SectionName>(ctx: DecodeContext, name: K): NonNullable<SectionParts[K]> {
  const part = ctx.parts[name];
  if (part === undefined) throw new Error(`image reader: section ${name} must be decoded before ${ctx.section}`); // registry order bug
  return part as NonNullable<SectionParts[K]>;
}
