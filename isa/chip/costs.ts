// The cost table of a chip: every action hardware counts, with its time and its energy side by side, and the one Σ count × cost.
//
// The chip spec's YAML keeps times under `timing` and energies under `energy` (units in field names);
// `costTable` joins them by action so that the simulator's price tables (simulator/timing.ts,
// simulator/energy.ts) and the compiler's work estimates (compiler/cost/) are built from one table and
// cannot drift. Components only count actions; `price` is the only place a count becomes a time or an
// energy, and the unit travels in the type, so a time can never be added into an energy.
import { INSTRUCTION_CLASSES, type ChipSpec, type InstructionClass, type SynapticUnit } from './schema.ts';

/** Action names as reports print them (JSON keys of `by_op`). Fixed order: count vectors are indexed by it. */
export const ACTIONS = [
  'synop',
  'neuron_update',
  'instruction_alu',
  'instruction_mul',
  'instruction_lut',
  'instruction_mem',
  'instruction_emit',
  'message_send',
  'message_receive',
  'hop_east_west',
  'hop_north_south',
  'chip_crossing',
] as const;
export type ActionName = (typeof ACTIONS)[number];

/** Index of each action in a count vector. */
export const ACTION = {
  synop: 0,
  neuronUpdate: 1,
  instruction: 2, // + INSTRUCTION_CLASSES index (alu, mul, lut, mem, emit)
  messageSend: 7,
  messageReceive: 8,
  hopEastWest: 9,
  hopNorthSouth: 10,
  chipCrossing: 11,
} as const;
export const ACTION_COUNT = ACTIONS.length;

/** Index of an instruction class's action. */
export function instructionAction(cls: InstructionClass): number {
  return ACTION.instruction + INSTRUCTION_CLASSES.indexOf(cls);
}

/** Actions a core performs itself (its busy time); hops and chip crossings happen on links. */
export const CORE_ACTIONS: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
export const NETWORK_ACTIONS: readonly number[] = [9, 10, 11];
/** A core's actions by the unit that performs them: integrating arriving messages, and updating neurons and sending. */
export const SYNAPTIC_ACTIONS: readonly number[] = [ACTION.synop, ACTION.messageReceive];
export const NEURON_ACTIONS: readonly number[] = [1, 2, 3, 4, 5, 6, ACTION.messageSend];
export const ALL_ACTIONS: readonly number[] = ACTIONS.map((_, i) => i);

/** Time and energy of one action, in unit-named fields. */
export interface ActionCost {
  readonly timeNs: number;
  readonly energyPj: number;
}

export type CostTable = Readonly<Record<ActionName, ActionCost>>;

/** The chip spec's cost of every action (the join of `timing` and `energy`). */
export function costTable(spec: ChipSpec): CostTable {
  const t = spec.timing;
  const e = spec.energy;
  const cost = (timeNs: number, energyPj: number): ActionCost => ({ timeNs, energyPj });
  const instruction = (c: InstructionClass) => cost(t.instructionNs[c], e.instructionPj[c]);
  return {
    synop: cost(t.synOpNs, e.synOpPj),
    neuron_update: cost(t.neuronUpdateNs, e.neuronUpdatePj),
    instruction_alu: instruction('alu'),
    instruction_mul: instruction('mul'),
    instruction_lut: instruction('lut'),
    instruction_mem: instruction('mem'),
    instruction_emit: instruction('emit'),
    message_send: cost(t.messageSendNs, e.messageSendPj),
    message_receive: cost(t.messageReceiveNs, e.messageReceivePj),
    hop_east_west: cost(t.hopNs.eastWest, e.hopPj.eastWest),
    hop_north_south: cost(t.hopNs.northSouth, e.hopPj.northSouth),
    chip_crossing: cost(t.chipCrossingNs, e.chipCrossingPj),
  };
}

export type Unit = 'ns' | 'pJ';

/** A number in a known unit; only `price` makes one, so units cannot be crossed by accident. */
export type Quantity<U extends Unit> = number & { readonly __unit: U };

/** One price per action, all in `unit`. */
export interface PriceTable<U extends Unit> {
  readonly unit: U;
  readonly perAction: Float64Array;
}

/** ns per action, from the cost table. */
export function timePrices(spec: ChipSpec): PriceTable<'ns'> {
  const costs = costTable(spec);
  return { unit: 'ns', perAction: Float64Array.from(ACTIONS, (a) => costs[a].timeNs) };
}

/** pJ per action, from the cost table. */
export function energyPrices(spec: ChipSpec): PriceTable<'pJ'> {
  const costs = costTable(spec);
  return { unit: 'pJ', perAction: Float64Array.from(ACTIONS, (a) => costs[a].energyPj) };
}

/**
 * Σ counts[offset + a] × price[a] over `actions` (all by default): the one place a count becomes a
 * time or an energy. `counts` is a vector laid out by ACTION, starting at `offset` (a row of a
 * per-core matrix, for example).
 */
export function price<U extends Unit>(counts: ArrayLike<number>, table: PriceTable<U>, actions: readonly number[] = ALL_ACTIONS, offset = 0): Quantity<U> {
  let sum = 0;
  for (const a of actions) sum += counts[offset + a] * table.perAction[a];
  return sum as Quantity<U>;
}

/** Per-action cost of a count vector (same unit as the table), keyed by action name. */
export function priceByAction<U extends Unit>(counts: ArrayLike<number>, table: PriceTable<U>, offset = 0): Record<ActionName, Quantity<U>> {
  const out = {} as Record<ActionName, Quantity<U>>;
  ACTIONS.forEach((name, a) => (out[name] = price(counts, table, [a], offset)));
  return out;
}

/**
 * How long a core's actions keep it busy (the max-affine term of one core): their sum when its units
 * are shared, the longer of the synaptic unit's and the neuron unit's when they are separate
 * (timing.synapticUnit). `counts` is laid out by ACTION from `offset`.
 */
export function coreOccupancyNs(counts: ArrayLike<number>, table: PriceTable<'ns'>, units: SynapticUnit, offset = 0): Quantity<'ns'> {
  const synaptic = price(counts, table, SYNAPTIC_ACTIONS, offset);
  const neuron = price(counts, table, NEURON_ACTIONS, offset);
  return (units === 'separate' ? Math.max(synaptic, neuron) : synaptic + neuron) as Quantity<'ns'>;
}

/** into[intoOffset + a] += from[fromOffset + a] for every action. */
export function addCounts(into: Float64Array, intoOffset: number, from: ArrayLike<number>, fromOffset: number): void {
  for (let a = 0; a < ACTION_COUNT; a++) into[intoOffset + a] += from[fromOffset + a];
}
