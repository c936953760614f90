// The cost-table quantities calibration fits ("knobs"): what each reads from and writes to a chip spec, tied where measurements cannot tell the fields apart.
//
// A knob is one physical quantity; fields it ties keep their ratios from the base spec (e.g. the five
// instruction classes and the fixed update overhead move together, as one "typical neuron update").
// Knob values are absolute, so a fit does not depend on the base spec's magnitudes, only on its ratios.
import type { ChipSpec, InstructionClass } from '../../isa/chip/schema.ts';
import { INSTRUCTION_CLASSES } from '../../isa/chip/schema.ts';

/** The typical fused S5 neuron program the presets price (isa/chip/README.md, Calibration): 14 instructions. */
export const TYPICAL_PROGRAM: Readonly<Record<InstructionClass, number>> = { alu: 6, mul: 2, lut: 1, mem: 3, emit: 2 };

export type KnobKind = 'time' | 'energy';

export interface Knob {
  readonly name: string;
  readonly kind: KnobKind;
  readonly unit: string;
  /** What it means, for the fitted table. */
  readonly meaning: string;
  /** YAML paths it writes (for the fitted file's comments). */
  readonly fields: readonly string[];
  read(spec: ChipSpec): number;
  /** Returns a new draft with the knob set to `value` (ratios of tied fields kept). */
  write(spec: ChipSpec, value: number): ChipSpec;
}

/** A chip spec copy calibration may write into. */
type Draft<T> = { -readonly [K in keyof T]: Draft<T[K]> };
type DraftSpec = Draft<ChipSpec>;

function edit(spec: ChipSpec, change: (d: DraftSpec) => void): ChipSpec {
  const draft = structuredClone(spec) as DraftSpec;
  change(draft);
  return draft as ChipSpec;
}

const typical = (fixed: number, perClass: Readonly<Record<InstructionClass, number>>) => fixed + INSTRUCTION_CLASSES.reduce((s, c) => s + TYPICAL_PROGRAM[c] * perClass[c], 0);

function scaled(read: (s: ChipSpec) => number, apply: (d: DraftSpec, factor: number) => void) {
  return {
    read,
    write: (spec: ChipSpec, value: number) => {
      const now = read(spec);
      const factor = now > 0 ? value / now : 1;
      return edit(spec, (d) => apply(d, factor));
    },
  };
}

const scaleClasses = (table: Record<InstructionClass, number>, f: number) => INSTRUCTION_CLASSES.forEach((c) => (table[c] *= f));

/** Every knob calibration knows, by name. */
export const KNOBS: readonly Knob[] = [
  { name: 'synOpNs', kind: 'time', unit: 'ns', meaning: 'one synaptic operation', fields: ['timing.synOpNs'], ...scaled((s) => s.timing.synOpNs, (d, f) => (d.timing.synOpNs *= f)) },
  {
    name: 'neuronUpdateNs', kind: 'time', unit: 'ns', meaning: 'a typical 14-instruction neuron update (fixed part + instructions, tied)',
    fields: ['timing.neuronUpdateNs', 'timing.instructionNs'],
    ...scaled((s) => typical(s.timing.neuronUpdateNs, s.timing.instructionNs), (d, f) => ((d.timing.neuronUpdateNs *= f), scaleClasses(d.timing.instructionNs, f))),
  },
  {
    name: 'messageNs', kind: 'time', unit: 'ns', meaning: 'send + receive of one message (tied)',
    fields: ['timing.messageSendNs', 'timing.messageReceiveNs'],
    ...scaled((s) => s.timing.messageSendNs + s.timing.messageReceiveNs, (d, f) => ((d.timing.messageSendNs *= f), (d.timing.messageReceiveNs *= f))),
  },
  {
    name: 'barrierNs', kind: 'time', unit: 'ns', meaning: 'on-chip barrier of one tile (base; the per-doubling slope tied)',
    fields: ['timing.barrier.onChip.baseNs', 'timing.barrier.onChip.slopeNs'],
    ...scaled((s) => s.timing.barrier.onChip.baseNs, (d, f) => ((d.timing.barrier.onChip.baseNs *= f), (d.timing.barrier.onChip.slopeNs *= f))),
  },
  {
    name: 'multiChipBarrierNs', kind: 'time', unit: 'ns', meaning: 'multi-chip barrier term (base; per-doubling tied)',
    fields: ['timing.barrier.multiChip.baseNs', 'timing.barrier.multiChip.perDoublingNs'],
    ...scaled((s) => s.timing.barrier.multiChip.baseNs, (d, f) => ((d.timing.barrier.multiChip.baseNs *= f), (d.timing.barrier.multiChip.perDoublingNs *= f))),
  },
  {
    name: 'linkMessageNs', kind: 'time', unit: 'ns', meaning: 'time one message occupies a chip-to-chip link',
    fields: ['links.messageNs'],
    read: (s) => s.links.messageNs,
    write: (spec, value) => edit(spec, (d) => ((d.links.messageNs = value), d.links.pairs.forEach((p) => (p.messageNs = value)))),
  },
  { name: 'chipCrossingNs', kind: 'time', unit: 'ns', meaning: 'latency of one chip-to-chip crossing', fields: ['timing.chipCrossingNs'], ...scaled((s) => s.timing.chipCrossingNs, (d, f) => (d.timing.chipCrossingNs *= f)) },
  { name: 'synOpPj', kind: 'energy', unit: 'pJ', meaning: 'one synaptic operation', fields: ['energy.synOpPj'], ...scaled((s) => s.energy.synOpPj, (d, f) => (d.energy.synOpPj *= f)) },
  {
    name: 'neuronUpdatePj', kind: 'energy', unit: 'pJ', meaning: 'a typical 14-instruction neuron update (tied)',
    fields: ['energy.neuronUpdatePj', 'energy.instructionPj'],
    ...scaled((s) => typical(s.energy.neuronUpdatePj, s.energy.instructionPj), (d, f) => ((d.energy.neuronUpdatePj *= f), scaleClasses(d.energy.instructionPj, f))),
  },
  {
    name: 'messagePj', kind: 'energy', unit: 'pJ', meaning: 'send + receive of one message (tied)',
    fields: ['energy.messageSendPj', 'energy.messageReceivePj'],
    ...scaled((s) => s.energy.messageSendPj + s.energy.messageReceivePj, (d, f) => ((d.energy.messageSendPj *= f), (d.energy.messageReceivePj *= f))),
  },
  {
    name: 'activeWattsPerChip', kind: 'energy', unit: 'W', meaning: 'time-proportional power of a running chip beyond leakage',
    fields: ['energy.activeWattsPerChip'],
    read: (s) => s.energy.activeWattsPerChip,
    write: (spec, value) => edit(spec, (d) => (d.energy.activeWattsPerChip = value)),
  },
];

export const KNOB_NAMES = KNOBS.map((k) => k.name);

/** Fields a measurement file may pin to a published value (not fitted). */
export const FIXABLE_FIELDS: Readonly<Record<string, (spec: ChipSpec, value: number) => ChipSpec>> = {
  'energy.staticWattsPerChip': (spec, v) => edit(spec, (d) => (d.energy.staticWattsPerChip = v)),
};

/** A spec with `chips` chips in a row (for barrier and crossing terms of runs on several chips). */
export function withChipRow(spec: ChipSpec, chips: number): ChipSpec {
  return edit(spec, (d) => (d.chips = { count: chips, positions: Array.from({ length: chips }, (_, x) => ({ x, y: 0, z: 0 })) }));
}
