// Per-core hardware resource accounting — the synapse-memory word model and every per-core count — shared by the compiler and the simulator.
//
// Synapse memory word model (all sizes in hardware words of `core.wordBits`):
//   A core's synapse memory holds one synapse list per input axon. Each list starts with a 64-bit header
//   (⌈64 / wordBits⌉ words): 32 bits of list information (format, entry or segment count, body pointer)
//   and a 32-bit inline field holding the list's first dense-segment descriptor or its first sparse entry.
//   The body is the smaller of:
//     sparse: the other n − 1 entries of (target, port, weight), targetBits + portBits + 8 bits each,
//             packed whole into words (⌊wordBits / entryBits⌋ per word; an entry never straddles a word);
//     dense:  one segment per (neuron-group slice, port) the axon reaches on the core, each a run of 8-bit
//             weights over consecutive targets from its first to its last target (gaps hold zeros): the
//             descriptors after the inline one (port, first target, length; 32 bits each, packed whole),
//             then all segments' weights back to back, ⌊wordBits / 8⌋ per word.
//   targetBits = ⌈log2 core.neurons⌉; portBits = ⌈log2 4⌉ = 2 (the micro-code's input ports).
//   On loihi2 (64-bit words, 8,192 neurons): a header is 1 word, a sparse entry 23 bits (2 per word), a
//   dense word holds 8 weights, so a list goes dense where more than about a quarter of its span is non-zero,
//   and a list of one synapse (a relay, a diagonal D) costs one word.
// Other resources: neurons; state words = ⌈(state registers + parameters) · 16 / stateWordBits⌉ per
// neuron; input axons = synapse lists (distinct (source, neuron, channel) streams with ≥ 1 synapse on the
// core); output axons = Σ over (neuron, channel) of distinct destination cores; micro-code slots =
// Σ instructions of the distinct programs on the core.
import type { CoreLimits } from './chip/schema.ts';
import type { CoreImage } from './image/types.ts';
import { REGISTER_FILES, STATE_BITS } from './microcode/index.ts';

/** The per-core resources the compiler packs against, named as their CoreLimits fields. */
export const RESOURCE_NAMES = ['neurons', 'synapseWords', 'stateWords', 'inputAxons', 'outputAxons', 'microcodeSlots'] as const;
export type ResourceName = (typeof RESOURCE_NAMES)[number];

/** One count per resource (a core's usage, a model's total, a limit). */
export type ResourceCounts = { readonly [K in ResourceName]: number };

/** How each resource reads in messages and tables. */
export const RESOURCE_LABELS: { readonly [K in ResourceName]: string } = {
  neurons: 'neurons',
  synapseWords: 'synapse-memory words',
  stateWords: 'state words',
  inputAxons: 'input axons',
  outputAxons: 'output axons',
  microcodeSlots: 'micro-code slots',
};

/** Weights are 8-bit in both bodies (DESIGN §4: W8A16). */
export const WEIGHT_BITS = 8;
/** List header: 32 bits of list information + a 32-bit inline descriptor or entry. */
export const HEADER_BITS = 64;
export const INLINE_BITS = 32;
/** A dense-segment descriptor (port, first target, length). */
export const DESCRIPTOR_BITS = 32;

/** The synapse-memory encoding parameters that follow from a core's limits. */
export interface SynapseWordModel {
  readonly wordBits: number;
  readonly targetBits: number;
  readonly portBits: number;
  /** Bits of one sparse (target, port, weight) entry. */
  readonly entryBits: number;
  readonly headerWords: number;
  /** Whether a sparse entry fits the header's inline field. */
  readonly inlineEntry: boolean;
}

function bitsFor(count: number): number {
  return Math.max(1, Math.ceil(Math.log2(Math.max(2, count))));
}

export function synapseWordModel(limits: CoreLimits): SynapseWordModel {
  const targetBits = bitsFor(limits.neurons);
  const portBits = bitsFor(REGISTER_FILES.port.count);
  return {
    wordBits: limits.wordBits,
    targetBits,
    portBits,
    entryBits: targetBits + portBits + WEIGHT_BITS,
    headerWords: Math.ceil(HEADER_BITS / limits.wordBits),
    inlineEntry: targetBits + portBits + WEIGHT_BITS <= INLINE_BITS,
  };
}

/** Words holding `count` items of `itemBits` packed whole into `wordBits`-bit words (an item wider than a word spans several). */
export function packedWords(count: number, itemBits: number, wordBits: number): number {
  const perWord = Math.floor(wordBits / itemBits);
  return perWord > 0 ? Math.ceil(count / perWord) : count * Math.ceil(itemBits / wordBits);
}

/** Sparse body of a list with `entries` synapses (the first may sit in the header). */
export function sparseBodyWords(model: SynapseWordModel, entries: number): number {
  return packedWords(model.inlineEntry ? entries - 1 : entries, model.entryBits, model.wordBits);
}

/** Dense body of a list with `segments` segments spanning `span` targets in all (the first descriptor sits in the header). */
export function denseBodyWords(model: SynapseWordModel, segments: number, span: number): number {
  return packedWords(segments - 1, DESCRIPTOR_BITS, model.wordBits) + packedWords(span, WEIGHT_BITS, model.wordBits);
}

/** Words of one axon's synapse list: header + the smaller body (0 for an axon with no synapses: it is not allocated). */
export function axonListWords(model: SynapseWordModel, entries: number, segments: number, span: number): number {
  if (entries === 0) return 0;
  return model.headerWords + Math.min(sparseBodyWords(model, entries), denseBodyWords(model, segments, span));
}

/** State-memory words of one neuron with `stateRegisters` states and `params` parameters (16-bit values). */
export function neuronStateWords(stateRegisters: number, params: number, stateWordBits: number): number {
  return Math.ceil(((stateRegisters + params) * STATE_BITS) / stateWordBits);
}

/** The limit of resource `r` on one core. */
export function resourceLimit(limits: CoreLimits, r: ResourceName): number {
  return limits[r];
}

/** The first resource over its limit, or undefined when `usage` fits. */
export function firstExceeded(usage: ResourceCounts, limits: CoreLimits): { resource: ResourceName; used: number; limit: number } | undefined {
  for (const resource of RESOURCE_NAMES) {
    if (usage[resource] > limits[resource]) return { resource, used: usage[resource], limit: limits[resource] };
  }
  return undefined;
}

/** Slice index of every neuron of an image core. */
function sliceOfNeuron(core: CoreImage): Int32Array {
  const of = new Int32Array(core.neuronCount);
  core.groups.forEach((g, i) => of.fill(i, g.firstNeuron, g.firstNeuron + g.neuronCount));
  return of;
}

/** Synapse-memory words of an image core's synapse lists (segments keyed by (slice, port)). */
function imageSynapseWords(core: CoreImage, model: SynapseWordModel): number {
  const { offsets, target, port } = core.synapses;
  const slice = sliceOfNeuron(core);
  let words = 0;
  const keys: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (let a = 0; a + 1 < offsets.length; a++) {
    keys.length = lo.length = hi.length = 0;
    for (let s = offsets[a]; s < offsets[a + 1]; s++) {
      const key = slice[target[s]] * 256 + port[s];
      const k = keys.indexOf(key);
      if (k < 0) (keys.push(key), lo.push(target[s]), hi.push(target[s]));
      else (lo[k] = Math.min(lo[k], target[s]), hi[k] = Math.max(hi[k], target[s]));
    }
    let span = 0;
    for (let k = 0; k < keys.length; k++) span += hi[k] - lo[k] + 1;
    words += axonListWords(model, offsets[a + 1] - offsets[a], keys.length, span);
  }
  return words;
}

/** Σ over output slots of the distinct destination cores among the slot's routes. */
function imageOutputAxons(core: CoreImage): number {
  const { offsets, destChip, destCore } = core.axons;
  let total = 0;
  const seen = new Set<number>();
  for (let slot = 0; slot + 1 < offsets.length; slot++) {
    seen.clear();
    for (let r = offsets[slot]; r < offsets[slot + 1]; r++) seen.add(destChip[r] * 0x10000 + destCore[r]);
    total += seen.size;
  }
  return total;
}

/** Every resource an image core uses, counted from the image alone (the simulator's view of the same numbers the compiler packed). */
export function coreImageUsage(core: CoreImage, limits: CoreLimits): ResourceCounts {
  let stateWords = 0;
  for (const g of core.groups) stateWords += g.neuronCount * neuronStateWords(g.stateWords, g.paramWords, limits.stateWordBits);
  const programs = new Set(core.programs.map((p) => Array.from(p).join(',')));
  let microcodeSlots = 0;
  for (const p of programs) microcodeSlots += p === '' ? 0 : p.split(',').length;
  let inputAxons = 0;
  for (let a = 0; a + 1 < core.synapses.offsets.length; a++) if (core.synapses.offsets[a + 1] > core.synapses.offsets[a]) inputAxons++;
  return {
    neurons: core.neuronCount,
    synapseWords: imageSynapseWords(core, synapseWordModel(limits)),
    stateWords,
    inputAxons,
    outputAxons: imageOutputAxons(core),
    microcodeSlots,
  };
}
