// The chip-spec field rules as one table per section, and the one generic reader that checks YAML values against them.
import { LoomError } from '../diagnostics/index.ts';
import { INSTRUCTION_CLASSES, SYNAPTIC_UNITS } from './schema.ts';
import type { InstructionClass } from './schema.ts';

/**
 * A leaf rule: `count` a positive integer (limits, sizes); `index` a non-negative integer (positions);
 * `bits` an integer 1..64 (widths); `cost` a finite number ≥ 0 (times, energies, power); or one of listed strings.
 */
export type Leaf = 'count' | 'index' | 'bits' | 'cost' | { readonly oneOf: readonly string[] };

/** A mapping whose keys are all required and all known: anything else in the YAML is an unknown-key error. */
export interface Shape {
  readonly [key: string]: Leaf | Shape;
}

/** The TypeScript value a shape reads to (numbers for numeric leaves, the string union for `oneOf`). */
export type Read<S extends Shape> = {
  readonly [K in keyof S]: S[K] extends { readonly oneOf: readonly (infer E)[] }
    ? E
    : S[K] extends string
      ? number
      : S[K] extends Shape
        ? Read<S[K]>
        : never;
};

const LEAF_CONSTRAINT: Readonly<Record<Exclude<Leaf, object>, string>> = {
  count: 'a positive integer',
  index: 'a non-negative integer',
  bits: 'an integer from 1 to 64',
  cost: 'a finite number ≥ 0',
};

function perClass<L extends Leaf>(leaf: L): { readonly [K in InstructionClass]: L } {
  return Object.fromEntries(INSTRUCTION_CLASSES.map((c) => [c, leaf])) as { readonly [K in InstructionClass]: L };
}

export const POSITION_SHAPE = { x: 'index', y: 'index', z: 'index' } as const satisfies Shape;
export const GRID_SHAPE = { x: 'count', y: 'count', z: 'count' } as const satisfies Shape;
export const MESH_SHAPE = { cols: 'count', rows: 'count' } as const satisfies Shape;

export const CORE_SHAPE = {
  neurons: 'count',
  synapseWords: 'count',
  wordBits: 'bits',
  stateWords: 'count',
  stateWordBits: 'bits',
  inputAxons: 'count',
  outputAxons: 'count',
  microcodeSlots: 'count',
} as const satisfies Shape;

const HOP_SHAPE = { eastWest: 'cost', northSouth: 'cost' } as const satisfies Shape;

export const TIMING_SHAPE = {
  synOpNs: 'cost',
  neuronUpdateNs: 'cost',
  instructionNs: perClass('cost'),
  messageSendNs: 'cost',
  messageReceiveNs: 'cost',
  hopNs: HOP_SHAPE,
  chipCrossingNs: 'cost',
  barrier: {
    onChip: { scaling: { oneOf: ['log2', 'linear'] }, coresPerTile: 'count', baseNs: 'cost', slopeNs: 'cost' },
    multiChip: { baseNs: 'cost', perDoublingNs: 'cost' },
  },
  synapticUnit: { oneOf: SYNAPTIC_UNITS },
} as const satisfies Shape;

export const ENERGY_SHAPE = {
  synOpPj: 'cost',
  neuronUpdatePj: 'cost',
  instructionPj: perClass('cost'),
  messageSendPj: 'cost',
  messageReceivePj: 'cost',
  hopPj: HOP_SHAPE,
  chipCrossingPj: 'cost',
  staticWattsPerChip: 'cost',
  activeWattsPerChip: 'cost',
} as const satisfies Shape;

/** `a.b` / `a[3]` path of a child; the root is the empty path. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** How a YAML value reads in a message: `a string ("8 KB")`, `a list`, `null`, … */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `a string (${JSON.stringify(value)})`;
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value} (${String(value)})`;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path` must be a mapping whose keys are all in `known`. */
export function expectMapping(value: unknown, path: string, source: string, known: readonly string[]): Record<string, unknown> {
  if (!isMapping(value)) {
    const args = { source, path: path || '(document)', actual: describeValue(value), expected: 'a mapping' };
    throw new LoomError('chip-spec-type', args, path || undefined);
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw unknownKey(source, childPath(path, key), key, known);
  }
  return value;
}

function unknownKey(source: string, path: string, key: string, known: readonly string[]): LoomError {
  const near = closest(key, known);
  const suggestion = near === undefined ? '' : ` (did you mean ${near}?)`;
  return new LoomError('chip-spec-unknown-key', { source, path, suggestion, known: known.join(', ') }, path);
}

/** The known name nearest to `key` by edit distance, if it is close enough to be a typo. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const name of known) {
    const d = editDistance(key.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** A required key: missing (absent) is its own error, distinct from present-but-wrong. */
export function required(obj: Record<string, unknown>, key: string, path: string, source: string): unknown {
  const value = obj[key];
  if (value === undefined) throw new LoomError('chip-spec-missing', { source, path: childPath(path, key) }, childPath(path, key));
  return value;
}

/** Read a mapping against a shape: every key required, no other keys, every leaf checked. */
export function readShape<S extends Shape>(value: unknown, shape: S, path: string, source: string): Read<S> {
  const obj = expectMapping(value, path, source, Object.keys(shape));
  const out: Record<string, unknown> = {};
  for (const [key, rule] of Object.entries(shape)) {
    const raw = required(obj, key, path, source);
    const at = childPath(path, key);
    out[key] = isShape(rule) ? readShape(raw, rule, at, source) : readLeaf(raw, rule, at, source);
  }
  return out as Read<S>;
}

function isShape(rule: Leaf | Shape): rule is Shape {
  return typeof rule === 'object' && !('oneOf' in rule && Array.isArray(rule.oneOf));
}

/** Check one scalar against its leaf rule; a wrong type and an out-of-range number are separate diagnostics. */
export function readLeaf(value: unknown, rule: Leaf, path: string, source: string): number | string {
  if (typeof rule === 'object') return readOneOf(value, rule.oneOf, path, source);
  if (typeof value !== 'number') {
    throw new LoomError('chip-spec-type', { source, path, actual: describeValue(value), expected: LEAF_CONSTRAINT[rule] }, path);
  }
  if (!leafAccepts(rule, value)) {
    throw new LoomError('chip-spec-range', { source, path, value, constraint: LEAF_CONSTRAINT[rule] }, path);
  }
  return value;
}

function leafAccepts(rule: Exclude<Leaf, object>, value: number): boolean {
  switch (rule) {
    case 'count':
      return Number.isInteger(value) && value >= 1;
    case 'index':
      return Number.isInteger(value) && value >= 0;
    case 'bits':
      return Number.isInteger(value) && value >= 1 && value <= 64;
    case 'cost':
      return Number.isFinite(value) && value >= 0;
  }
}

function readOneOf(value: unknown, allowed: readonly string[], path: string, source: string): string {
  const expected = `one of ${allowed.map((a) => `"${a}"`).join(', ')}`;
  if (typeof value !== 'string') throw new LoomError('chip-spec-type', { source, path, actual: describeValue(value), expected }, path);
  if (!allowed.includes(value)) throw new LoomError('chip-spec-range', { source, path, value: `"${value}"`, constraint: expected }, path);
  return value;
}

/** A required non-empty string field. */
export function readText(value: unknown, path: string, source: string): string {
  if (typeof value !== 'string') {
    throw new LoomError('chip-spec-type', { source, path, actual: describeValue(value), expected: 'a string' }, path);
  }
  if (value.trim() === '') throw new LoomError('chip-spec-range', { source, path, value: '""', constraint: 'a non-empty string' }, path);
  return value;
}
