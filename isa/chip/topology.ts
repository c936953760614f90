// Chip placement (grid or explicit positions → one position per chip) and chip-to-chip links (adjacency or explicit pairs), checked.
import { LoomError } from '../diagnostics/index.ts';
import { childPath, describeValue, expectMapping, GRID_SHAPE, POSITION_SHAPE, readLeaf, readShape, required } from './fields.ts';
import type { ChipLink, ChipPlacement, ChipPosition, LinkSpec, LinkTopology } from './schema.ts';

/** Read `chips`: exactly one of `grid` {x, y, z} (expanded x fastest, then y, then z) or `positions`; optional `count` must agree. */
export function readChips(value: unknown, source: string): ChipPlacement {
  const obj = expectMapping(value, 'chips', source, ['count', 'grid', 'positions']);
  const hasGrid = obj.grid !== undefined;
  if (hasGrid === (obj.positions !== undefined)) {
    const detail = hasGrid ? 'both grid and positions are given' : 'neither grid nor positions is given';
    throw new LoomError('chip-spec-chips', { source, detail }, 'chips');
  }
  const positions = hasGrid ? expandGrid(obj.grid, source) : readPositions(obj.positions, source);
  if (obj.count !== undefined) checkCount(readLeaf(obj.count, 'count', 'chips.count', source) as number, positions.length, source);
  checkDistinct(positions, source);
  return { count: positions.length, positions };
}

function expandGrid(value: unknown, source: string): ChipPosition[] {
  const grid = readShape(value, GRID_SHAPE, 'chips.grid', source);
  const positions: ChipPosition[] = [];
  for (let z = 0; z < grid.z; z++) {
    for (let y = 0; y < grid.y; y++) {
      for (let x = 0; x < grid.x; x++) positions.push({ x, y, z });
    }
  }
  return positions;
}

function readPositions(value: unknown, source: string): ChipPosition[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new LoomError('chip-spec-chips', { source, detail: 'positions must be a non-empty list of {x, y, z}' }, 'chips.positions');
  }
  return value.map((p, i) => readShape(p, POSITION_SHAPE, childPath('chips.positions', i), source));
}

function checkCount(count: number, actual: number, source: string): void {
  if (count !== actual) {
    throw new LoomError('chip-spec-chips', { source, detail: `count is ${count} but the placement has ${actual} chips` }, 'chips.count');
  }
}

function checkDistinct(positions: readonly ChipPosition[], source: string): void {
  const seen = new Map<string, number>();
  positions.forEach((p, i) => {
    const key = `${p.x},${p.y},${p.z}`;
    const first = seen.get(key);
    if (first !== undefined) {
      const detail = `chips ${first} and ${i} are both at (${key})`;
      throw new LoomError('chip-spec-chips', { source, detail }, childPath('chips.positions', i));
    }
    seen.set(key, i);
  });
}

/** Read `links` for a placement: derive or read the pairs, then check every chip can reach every other. */
export function readLinks(value: unknown, chips: ChipPlacement, source: string): LinkSpec {
  const obj = expectMapping(value, 'links', source, ['topology', 'messageNs', 'pairs']);
  const topologyRule = { oneOf: ['adjacent', 'explicit'] } as const;
  const topology = readLeaf(required(obj, 'topology', 'links', source), topologyRule, 'links.topology', source) as LinkTopology;
  const messageNs = readLeaf(required(obj, 'messageNs', 'links', source), 'cost', 'links.messageNs', source) as number;
  let pairs: ChipLink[];
  if (topology === 'explicit') {
    pairs = readPairs(required(obj, 'pairs', 'links', source), chips.count, messageNs, source);
  } else if (obj.pairs === undefined) {
    pairs = adjacentPairs(chips.positions, messageNs);
  } else {
    const detail = 'pairs are only read with topology "explicit"; adjacent links are derived from the placement';
    throw new LoomError('chip-spec-links', { source, detail }, 'links.pairs');
  }
  checkConnected(chips.count, pairs, source);
  return { topology, messageNs, pairs };
}

/** Chips whose positions differ by exactly 1 along exactly one axis, each pair once with a < b. */
export function adjacentPairs(positions: readonly ChipPosition[], messageNs: number): ChipLink[] {
  const index = new Map(positions.map((p, i) => [`${p.x},${p.y},${p.z}`, i]));
  const pairs: ChipLink[] = [];
  positions.forEach((p, a) => {
    for (const [dx, dy, dz] of [[1, 0, 0], [0, 1, 0], [0, 0, 1]]) {
      const b = index.get(`${p.x + dx},${p.y + dy},${p.z + dz}`);
      if (b !== undefined) pairs.push({ a: Math.min(a, b), b: Math.max(a, b), messageNs });
    }
  });
  return pairs.sort((l, r) => l.a - r.a || l.b - r.b);
}

function readPairs(value: unknown, chipCount: number, messageNs: number, source: string): ChipLink[] {
  if (!Array.isArray(value)) {
    const expected = 'a list of [a, b] or {a, b, messageNs}';
    throw new LoomError('chip-spec-type', { source, path: 'links.pairs', actual: describeValue(value), expected }, 'links.pairs');
  }
  const seen = new Set<string>();
  return value.map((entry, i) => {
    const link = readPair(entry, childPath('links.pairs', i), chipCount, messageNs, source);
    const key = `${link.a}-${link.b}`;
    if (seen.has(key)) {
      throw new LoomError('chip-spec-links', { source, detail: `chips ${link.a} and ${link.b} are linked twice` }, childPath('links.pairs', i));
    }
    seen.add(key);
    return link;
  });
}

function readPair(entry: unknown, path: string, chipCount: number, defaultNs: number, source: string): ChipLink {
  const obj: Record<string, unknown> =
    Array.isArray(entry) && entry.length === 2 ? { a: entry[0], b: entry[1] } : expectMapping(entry, path, source, ['a', 'b', 'messageNs']);
  const a = readLeaf(required(obj, 'a', path, source), 'index', childPath(path, 'a'), source) as number;
  const b = readLeaf(required(obj, 'b', path, source), 'index', childPath(path, 'b'), source) as number;
  const messageNs =
    obj.messageNs === undefined ? defaultNs : (readLeaf(obj.messageNs, 'cost', childPath(path, 'messageNs'), source) as number);
  if (a === b || a >= chipCount || b >= chipCount) {
    const detail = `pair (${a}, ${b}) must join two different chips among 0..${chipCount - 1}`;
    throw new LoomError('chip-spec-links', { source, detail }, path);
  }
  return { a: Math.min(a, b), b: Math.max(a, b), messageNs };
}

function checkConnected(chipCount: number, pairs: readonly ChipLink[], source: string): void {
  const neighbours: number[][] = Array.from({ length: chipCount }, () => []);
  for (const { a, b } of pairs) {
    neighbours[a].push(b);
    neighbours[b].push(a);
  }
  const reached = new Uint8Array(chipCount);
  const stack = [0];
  reached[0] = 1;
  while (stack.length > 0) {
    for (const n of neighbours[stack.pop() as number]) {
      if (reached[n]) continue;
      reached[n] = 1;
      stack.push(n);
    }
  }
  const cut = [...reached.keys()].filter((i) => !reached[i]);
  if (cut.length > 0) {
    const detail = `chip(s) ${cut.slice(0, 8).join(', ')}${cut.length > 8 ? ', …' : ''} cannot be reached from chip 0`;
    throw new LoomError('chip-spec-links', { source, detail }, 'links');
  }
}
