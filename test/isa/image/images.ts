// Test images for the chip-image format: a fast-check arbitrary of valid ChipImages, a known small image, and byte-tampering helpers.
import fc from 'fast-check';
import { LoomError } from '../../../isa/diagnostics/index.ts';
import { crc32 } from '../../../isa/image/crc32.ts';
import { readImageFrame } from '../../../isa/image/frame.ts';
import type { SectionName } from '../../../isa/image/section.ts';
import type {
  AxonTable,
  ChipImage,
  CoreImage,
  GroupSymbol,
  ImageHeader,
  IoMap,
  NeuronGroupSlice,
  SynapseMemory,
} from '../../../isa/image/types.ts';

type Gen = fc.GeneratorValue;

const int = (g: Gen, min: number, max: number): number => g(fc.integer, { min, max });

/** Values spread over 8-, 16- and 32-bit ranges so every element width gets exercised. */
function ints(g: Gen, n: number): Int32Array {
  const bound = g(fc.constantFrom, 0x7f, 0x7fff, 0x7fffffff);
  return Int32Array.from({ length: n }, () => int(g, -bound - 1, bound));
}

function randomHeader(g: Gen): ImageHeader {
  const mode = g(fc.constantFrom, 'fall-through' as const, 'pipelined' as const);
  return {
    formatVersion: 1,
    chipSpec: g(fc.string, { unit: fc.constantFrom('a', 'Z', '-', '2', 'é', '漢', '😀'), minLength: 1, maxLength: 30 }),
    chipCount: int(g, 1, 3),
    mode,
    pipelineDepth: mode === 'pipelined' ? int(g, 1, 0xffff) : 0,
    seed: int(g, 0, 0xffffffff),
    flags: int(g, 0, 0xffffffff),
  };
}

interface Skeleton {
  readonly chip: number;
  readonly core: number;
  readonly groups: readonly NeuronGroupSlice[];
  readonly neuronCount: number;
  readonly programs: readonly Uint32Array[];
  readonly inputAxons: number;
}

function randomSkeleton(g: Gen, k: number, chipCount: number): Skeleton {
  const programs = Array.from({ length: int(g, 1, 3) }, () => Uint32Array.from({ length: int(g, 0, 6) }, () => int(g, 0, 0xffffffff)));
  const groups: NeuronGroupSlice[] = [];
  let first = 0;
  for (let i = int(g, 0, 3); i > 0; i--) {
    const neuronCount = int(g, 1, 5);
    groups.push({ program: int(g, 0, programs.length - 1), firstNeuron: first, neuronCount, ports: int(g, 0, 4), stateWords: int(g, 0, 3), paramWords: int(g, 0, 3), channels: int(g, 0, 2), startStep: int(g, 0, 0xffff) });
    first += neuronCount;
  }
  return { chip: int(g, 0, chipCount - 1), core: 3 * k + int(g, 0, 2), groups, neuronCount: first, programs, inputAxons: int(g, 0, 5) };
}

function randomSynapses(g: Gen, s: Skeleton): SynapseMemory {
  const targets: [number, number][] = []; // (neuron, ports) for neurons that have ports
  for (const grp of s.groups) for (let n = 0; n < grp.neuronCount; n++) if (grp.ports > 0) targets.push([grp.firstNeuron + n, grp.ports]);
  const offsets = new Uint32Array(s.inputAxons + 1);
  const t: number[] = [];
  const p: number[] = [];
  const w: number[] = [];
  for (let a = 0; a < s.inputAxons; a++) {
    for (let i = targets.length > 0 ? int(g, 0, 6) : 0; i > 0; i--) {
      const [neuron, ports] = targets[int(g, 0, targets.length - 1)];
      t.push(neuron);
      p.push(int(g, 0, ports - 1));
      w.push(int(g, -128, 127));
    }
    offsets[a + 1] = t.length;
  }
  return { offsets, target: Uint16Array.from(t), port: Uint8Array.from(p), weight: Int8Array.from(w) };
}

function randomAxons(g: Gen, s: Skeleton, all: readonly Skeleton[]): AxonTable {
  const dests = all.filter((d) => d.inputAxons > 0);
  const slots = s.groups.reduce((n, grp) => n + grp.neuronCount * grp.channels, 0);
  const offsets = new Uint32Array(slots + 1);
  const chip: number[] = [];
  const core: number[] = [];
  const axon: number[] = [];
  for (let slot = 0; slot < slots; slot++) {
    for (let i = dests.length > 0 ? int(g, 0, 3) : 0; i > 0; i--) {
      const d = dests[int(g, 0, dests.length - 1)];
      chip.push(d.chip);
      core.push(d.core);
      axon.push(int(g, 0, d.inputAxons - 1));
    }
    offsets[slot + 1] = chip.length;
  }
  return { offsets, destChip: Uint16Array.from(chip), destCore: Uint16Array.from(core), destAxon: Uint16Array.from(axon) };
}

function randomIo(g: Gen, all: readonly Skeleton[]): IoMap {
  const dests = all.filter((d) => d.inputAxons > 0);
  const inputCount = int(g, 0, 6);
  const ins = Array.from({ length: inputCount > 0 && dests.length > 0 ? int(g, 0, 8) : 0 }, () => {
    const d = dests[int(g, 0, dests.length - 1)];
    return [int(g, 0, inputCount - 1), d.chip, d.core, int(g, 0, d.inputAxons - 1)] as const;
  });
  const sources: (readonly [number, number, number, number])[] = [];
  for (const s of all) for (const grp of s.groups) for (let n = 0; n < grp.neuronCount; n++) for (let c = 0; c < grp.channels; c++) sources.push([s.chip, s.core, grp.firstNeuron + n, c]);
  const outs = g(fc.shuffledSubarray, sources, { maxLength: Math.min(8, sources.length) });
  const ext = g(fc.shuffledSubarray, outs.map((_, i) => i), { minLength: outs.length, maxLength: outs.length });
  return {
    inputs: { count: inputCount, exp: int(g, -64, 64), offset: g(fc.double, { noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), extIndex: Uint32Array.from(ins, (x) => x[0]), chip: Uint16Array.from(ins, (x) => x[1]), core: Uint16Array.from(ins, (x) => x[2]), axon: Uint16Array.from(ins, (x) => x[3]) },
    outputs: { count: outs.length, exp: int(g, -64, 64), extIndex: Uint32Array.from(ext), chip: Uint16Array.from(outs, (x) => x[0]), core: Uint16Array.from(outs, (x) => x[1]), neuron: Uint16Array.from(outs, (x) => x[2]), channel: Uint8Array.from(outs, (x) => x[3]) },
  };
}

function randomSymbols(g: Gen, all: readonly Skeleton[]): GroupSymbol[] {
  const out: GroupSymbol[] = [];
  all.forEach((s, core) =>
    s.groups.forEach((_, group) => {
      if (g(fc.boolean)) return;
      const name = g(fc.constantFrom, 'enc', 'b1.x', 'b1.gate', 'dec', 'ünï名', '');
      const layer = g(fc.constantFrom, 'encoder', 'block1', 'decoder');
      out.push({ core, group, name, layer, neuronOffset: int(g, 0, 0xffffffff) });
    }),
  );
  return out;
}

/** Build a random valid image from a fast-check generator. */
export function randomImage(g: Gen): ChipImage {
  const header = randomHeader(g);
  const skeletons = Array.from({ length: int(g, 1, 4) }, (_, k) => randomSkeleton(g, k, header.chipCount));
  const cores: CoreImage[] = skeletons.map((s) => ({
    chip: s.chip,
    core: s.core,
    x: int(g, 0, 0xffff),
    y: int(g, 0, 15),
    neuronCount: s.neuronCount,
    groups: s.groups,
    programs: s.programs,
    params: ints(g, s.groups.reduce((n, grp) => n + grp.neuronCount * grp.paramWords, 0)),
    state: ints(g, s.groups.reduce((n, grp) => n + grp.neuronCount * grp.stateWords, 0)),
    synapses: randomSynapses(g, s),
    axons: randomAxons(g, s, skeletons),
  }));
  const io = randomIo(g, skeletons);
  return g(fc.boolean) ? { header, cores, io, symbols: { groups: randomSymbols(g, skeletons) } } : { header, cores, io };
}

/** Random valid ChipImages: 1–4 cores on 1–3 chips, 0–3 groups per core, programs, synapses, routes, I/O, symbols or not. */
export const arbImage: fc.Arbitrary<ChipImage> = fc.gen().map((g) => randomImage(g));

/**
 * A small hand-made image with known numbers: 2 cores (chip 0 core 0 at (0,0); chip 1 core 5 at (2,1)),
 * 6 neurons, 3 groups, 3 programs (one repeated), 8 synapses, 5 routes, 2 inputs (3 routes), 2 outputs, 3 symbols.
 */
export function smallImage(): ChipImage {
  const core0: CoreImage = {
    chip: 0, core: 0, x: 0, y: 0, neuronCount: 4,
    groups: [
      { program: 0, firstNeuron: 0, neuronCount: 3, ports: 2, stateWords: 2, paramWords: 3, channels: 1, startStep: 0 },
      { program: 1, firstNeuron: 3, neuronCount: 1, ports: 1, stateWords: 1, paramWords: 1, channels: 2, startStep: 2 },
    ],
    programs: [Uint32Array.of(0x11111111, 0x22222222), Uint32Array.of(0xdeadbeef)],
    params: Int32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, -10),
    state: Int32Array.of(0, 0, 0, 0, 0, 0, -1),
    synapses: { offsets: Uint32Array.of(0, 2, 2, 5), target: Uint16Array.of(0, 2, 3, 1, 0), port: Uint8Array.of(0, 1, 0, 1, 0), weight: Int8Array.of(5, -3, 127, -128, 1) },
    axons: { offsets: Uint32Array.of(0, 1, 3, 3, 4, 4), destChip: Uint16Array.of(1, 1, 0, 1), destCore: Uint16Array.of(5, 5, 0, 5), destAxon: Uint16Array.of(0, 1, 2, 0) },
  };
  const core1: CoreImage = {
    chip: 1, core: 5, x: 2, y: 1, neuronCount: 2,
    groups: [{ program: 0, firstNeuron: 0, neuronCount: 2, ports: 1, stateWords: 1, paramWords: 2, channels: 1, startStep: 3 }],
    programs: [Uint32Array.of(0x11111111, 0x22222222)],
    params: Int32Array.of(300, -300, 7, 8),
    state: Int32Array.of(70000, 0),
    synapses: { offsets: Uint32Array.of(0, 2, 3), target: Uint16Array.of(0, 1, 1), port: Uint8Array.of(0, 0, 0), weight: Int8Array.of(10, 20, -1) },
    axons: { offsets: Uint32Array.of(0, 1, 1), destChip: Uint16Array.of(0), destCore: Uint16Array.of(0), destAxon: Uint16Array.of(1) },
  };
  return {
    header: { formatVersion: 1, chipSpec: 'loihi2-test', chipCount: 2, mode: 'pipelined', pipelineDepth: 3, seed: 42, flags: 5 },
    cores: [core0, core1],
    io: {
      inputs: { count: 2, exp: 10, offset: 0.25, extIndex: Uint32Array.of(0, 1, 1), chip: Uint16Array.of(0, 0, 1), core: Uint16Array.of(0, 0, 5), axon: Uint16Array.of(0, 2, 1) },
      outputs: { count: 2, exp: 14, extIndex: Uint32Array.of(1, 0), chip: Uint16Array.of(1, 1), core: Uint16Array.of(5, 5), neuron: Uint16Array.of(0, 1), channel: Uint8Array.of(0, 0) },
    },
    symbols: {
      groups: [
        { core: 0, group: 0, name: 'b1.state', layer: 'block1', neuronOffset: 0 },
        { core: 0, group: 1, name: 'b1.gate', layer: 'block1', neuronOffset: 0 },
        { core: 1, group: 0, name: 'b1.state', layer: 'block1', neuronOffset: 3 },
      ],
    },
  };
}

/** Absolute byte range of a section in an encoded image. */
export function sectionAt(bytes: Uint8Array, name: SectionName): { readonly offset: number; readonly length: number } {
  const s = readImageFrame(bytes, 'test').sections.find((e) => e.name === name);
  if (!s) throw new Error(`no section ${name}`);
  return s;
}

/**
 * Copy `bytes`, apply `mutate`, then recompute every CRC (sections, table, header) so the reader's
 * deeper checks — not the CRCs — must catch the change.
 */
export function resealed(bytes: Uint8Array, mutate: (b: Uint8Array, view: DataView) => void): Uint8Array {
  const b = bytes.slice();
  const view = new DataView(b.buffer);
  mutate(b, view);
  const count = view.getUint16(12, true);
  const tableEnd = 32 + 16 * count;
  for (let i = 0; i < count && 32 + 16 * i + 16 <= b.length; i++) {
    const e = 32 + 16 * i;
    const offset = view.getUint32(e + 4, true);
    const length = view.getUint32(e + 8, true);
    view.setUint32(e + 12, crc32(b, Math.min(offset, b.length), Math.min(offset + length, b.length)), true);
  }
  if (tableEnd <= b.length) view.setUint32(20, crc32(b, 32, tableEnd), true);
  view.setUint32(28, crc32(b, 0, 28), true);
  return b;
}

/** Absolute offset of core `core`'s block inside a per-core section (programs, params, state, synapses, axons). */
export function blockAt(bytes: Uint8Array, name: SectionName, core: number): number {
  const s = sectionAt(bytes, name);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const cores = view.getUint32(s.offset, true);
  const area = s.offset + 4 + 4 * cores;
  return area + (core === 0 ? 0 : view.getUint32(s.offset + 4 + 4 * (core - 1), true));
}

/** Build a file from section bodies with correct framing and CRCs (for section-table cases the encoder never produces). */
export function frameFile(bodies: readonly { readonly kind: number; readonly bytes: Uint8Array }[]): Uint8Array {
  const tableEnd = 32 + 16 * bodies.length;
  const total = tableEnd + bodies.reduce((n, b) => n + b.bytes.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(Uint8Array.from('LOOMIMG\0', (c) => c.charCodeAt(0)));
  view.setUint16(8, 1, true);
  view.setUint16(10, 32, true);
  view.setUint16(12, bodies.length, true);
  view.setUint16(14, 16, true);
  view.setUint32(16, total, true);
  let offset = tableEnd;
  bodies.forEach((b, i) => {
    view.setUint16(32 + 16 * i, b.kind, true);
    view.setUint32(32 + 16 * i + 4, offset, true);
    view.setUint32(32 + 16 * i + 8, b.bytes.length, true);
    out.set(b.bytes, offset);
    offset += b.bytes.length;
  });
  return resealed(out, () => {});
}

/** The section bodies of an encoded image, by kind. */
export function sectionBodies(bytes: Uint8Array): { kind: number; bytes: Uint8Array }[] {
  return readImageFrame(bytes, 'test').sections.map((s) => ({ kind: s.kind, bytes: bytes.slice(s.offset, s.offset + s.length) }));
}

/** Run `fn`, expect a LoomError with `code` whose message contains every string in `names`; return it. */
export function expectImageError(fn: () => unknown, code: number, ...names: string[]): LoomError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  if (!(caught instanceof LoomError)) throw new Error(`expected LoomError L${code}, got ${caught === undefined ? 'no error' : String(caught)}`);
  if (caught.code !== code) throw new Error(`expected L${code}, got: ${caught.message}`);
  for (const name of names) if (!caught.message.includes(name)) throw new Error(`expected the message to name "${name}": ${caught.message}`);
  return caught;
}

/** fast-check options for every property here: a failing property reports within seconds instead of shrinking for minutes. */
export const PROPERTY_LIMITS = { interruptAfterTimeLimit: 20_000, markInterruptAsFailure: true } as const;
