// The typed actions simulated hardware counts, and the one function that prices a vector of counts with a chip-spec cost table.
//
// Components never compute a cost: they add to counts indexed by `ACTION`. A `PriceTable` holds one
// price per action in a single unit — nanoseconds (built from `timing`, simulator/timing.ts) or
// picojoules (built from `energy`, simulator/energy.ts) — and `price` is the only Σ count × cost.
// The unit travels in the table's type and in the branded result, so a time can never be added
// into an energy (STYLE.md §5).
import { INSTRUCTION_CLASSES, type InstructionClass } from '../isa/chip/schema.ts';

/** Action names as reports print them (JSON keys of `by_op`). */
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
export const ALL_ACTIONS: readonly number[] = ACTIONS.map((_, i) => i);

export type Unit = 'ns' | 'pJ';

/** A number in a known unit; only `price` makes one, so units cannot be crossed by accident. */
export type Quantity<U extends Unit> = number & { readonly __unit: U };

/** One price per action, all in `unit`. */
export interface PriceTable<U extends Unit> {
  readonly unit: U;
  readonly perAction: Float64Array;
}

/** Build a price table from a function giving each action's price (used by timing.ts and energy.ts only). */
export function priceTable<U extends Unit>(unit: U, priceOf: (action: ActionName) => number): PriceTable<U> {
  return { unit, perAction: Float64Array.from(ACTIONS, priceOf) };
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

/** into[intoOffset + a] += from[fromOffset + a] for every action. */
export function addCounts(into: Float64Array, intoOffset: number, from: ArrayLike<number>, fromOffset: number): void {
  for (let a = 0; a < ACTION_COUNT; a++) into[intoOffset + a] += from[fromOffset + a];
}
