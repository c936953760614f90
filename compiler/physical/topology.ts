// Placement geometry: chip-link shortest paths, the compact set of chips a program uses, the core positions on them (with per-chip quotas), and the priced hop cost between two positions.
//
// Cost of one message from position p to q (pJ, from the chip spec's energy table):
//   |Δx| · hopPj.eastWest + |Δy| · hopPj.northSouth + chip-link hops · chipCrossingPj.
// Across chips the mesh part is the X-Y displacement between the two cores' mesh positions (the model
// leaves where a chip's link ports sit on its mesh unspecified; see route.ts).
import type { ChipSpec } from '../../isa/chip/schema.ts';

export interface HopPrices {
  readonly eastWest: number;
  readonly northSouth: number;
  readonly chipCrossing: number;
}

export function hopPrices(spec: ChipSpec): HopPrices {
  return { eastWest: spec.energy.hopPj.eastWest, northSouth: spec.energy.hopPj.northSouth, chipCrossing: spec.energy.chipCrossingPj };
}

/** Neighbours of every chip over the chip-to-chip links, ascending (the deterministic tie-break of every search). */
export function chipNeighbours(spec: ChipSpec): number[][] {
  const neighbours: number[][] = Array.from({ length: spec.chips.count }, () => []);
  for (const { a, b } of spec.links.pairs) (neighbours[a].push(b), neighbours[b].push(a));
  for (const list of neighbours) list.sort((p, q) => p - q);
  return neighbours;
}

/** Breadth-first search from `source`: hop count and parent (first discovered, neighbours in ascending order) of every chip. */
export function chipSearch(neighbours: readonly (readonly number[])[], source: number): { readonly hops: Int32Array; readonly parent: Int32Array } {
  const hops = new Int32Array(neighbours.length).fill(-1);
  const parent = new Int32Array(neighbours.length).fill(-1);
  hops[source] = 0;
  const queue = [source];
  for (let head = 0; head < queue.length; head++) {
    const c = queue[head];
    for (const n of neighbours[c]) {
      if (hops[n] >= 0) continue;
      hops[n] = hops[c] + 1;
      parent[n] = c;
      queue.push(n);
    }
  }
  return { hops, parent };
}

/** The chips on a shortest path from the search's source to `target`, both ends included. */
export function chipPath(parent: Int32Array, source: number, target: number): number[] {
  const path = [target];
  for (let c = target; c !== source; c = parent[c]) path.push(parent[c]);
  return path.reverse();
}

/** `count` chips grown from chip 0, each next chip the one with the fewest link hops to those chosen (ties: lowest index). */
export function chooseChips(spec: ChipSpec, count: number): number[] {
  const neighbours = chipNeighbours(spec);
  const chosen = [0];
  const sum = Int32Array.from(chipSearch(neighbours, 0).hops);
  const taken = new Uint8Array(spec.chips.count);
  taken[0] = 1;
  while (chosen.length < count) {
    let best = -1;
    for (let c = 0; c < sum.length; c++) if (!taken[c] && (best < 0 || sum[c] < sum[best])) best = c;
    chosen.push(best);
    taken[best] = 1;
    const hops = chipSearch(neighbours, best).hops;
    for (let c = 0; c < sum.length; c++) sum[c] += hops[c];
  }
  return chosen;
}

/** The positions a placement may use: every core of the chosen chips, chip by chip in core order. */
export interface PositionSet {
  readonly chips: readonly number[];
  readonly count: number;
  /** Per position: index into `chips`, core index on the chip, mesh x and y. */
  readonly slot: Int32Array;
  readonly core: Int32Array;
  readonly x: Int32Array;
  readonly y: Int32Array;
  /** Most logical cores each chosen chip may take. */
  readonly quota: Int32Array;
  /** Chip-link hops between chosen chips, [slot · chips + slot]. */
  readonly hops: Int32Array;
}

export function positionSet(spec: ChipSpec, chips: readonly number[], quota: Int32Array): PositionSet {
  const per = spec.coresPerChip;
  const count = chips.length * per;
  const slot = new Int32Array(count);
  const core = new Int32Array(count);
  for (let p = 0; p < count; p++) (slot[p] = Math.floor(p / per), core[p] = p % per);
  const neighbours = chipNeighbours(spec);
  const hops = new Int32Array(chips.length * chips.length);
  chips.forEach((c, i) => {
    const h = chipSearch(neighbours, c).hops;
    chips.forEach((d, j) => (hops[i * chips.length + j] = h[d]));
  });
  return {
    chips,
    count,
    slot,
    core,
    x: core.map((c) => c % spec.mesh.cols),
    y: core.map((c) => Math.floor(c / spec.mesh.cols)),
    quota,
    hops,
  };
}

/** Priced cost of one message between positions p and q. */
export function positionCost(ps: PositionSet, prices: HopPrices, p: number, q: number): number {
  const chipHops = ps.hops[ps.slot[p] * ps.chips.length + ps.slot[q]];
  return Math.abs(ps.x[p] - ps.x[q]) * prices.eastWest + Math.abs(ps.y[p] - ps.y[q]) * prices.northSouth + chipHops * prices.chipCrossing;
}
