// Placement search over a PositionSet: symmetric core affinity, hop-weighted cost, the naive in-order placement, the greedy affinity seed and simulated-annealing refinement.
import type { Rng } from '../../models/random.ts';
import type { TrafficEstimate } from '../ir/physical.ts';
import { positionCost, type HopPrices, type PositionSet } from './topology.ts';

/** Symmetric affinity w(i, j) = messages i→j + j→i, CSR by core. */
export interface Affinity {
  readonly cores: number;
  readonly start: Int32Array;
  readonly other: Int32Array;
  readonly weight: Float64Array;
  /** Σ_j w(i, j). */
  readonly strength: Float64Array;
}

export function affinity(traffic: TrafficEstimate, cores: number): Affinity {
  const pairs = new Map<number, number>();
  for (let k = 0; k < traffic.src.length; k++) {
    const [a, b] = [traffic.src[k], traffic.dst[k]];
    const key = Math.min(a, b) * cores + Math.max(a, b);
    pairs.set(key, (pairs.get(key) ?? 0) + traffic.messages[k]);
  }
  const keys = [...pairs.keys()].sort((a, b) => a - b);
  const degree = new Int32Array(cores + 1);
  for (const key of keys) (degree[Math.floor(key / cores) + 1]++, degree[(key % cores) + 1]++);
  for (let i = 0; i < cores; i++) degree[i + 1] += degree[i];
  const fill = degree.slice(0, cores);
  const other = new Int32Array(2 * keys.length);
  const weight = new Float64Array(2 * keys.length);
  const strength = new Float64Array(cores);
  for (const key of keys) {
    const [a, b, w] = [Math.floor(key / cores), key % cores, pairs.get(key)!];
    (other[fill[a]] = b, weight[fill[a]++] = w, other[fill[b]] = a, weight[fill[b]++] = w);
    (strength[a] += w, strength[b] += w);
  }
  return { cores, start: degree, other, weight, strength };
}

/** Σ over core pairs of w · cost between their positions. */
export function placementCost(aff: Affinity, ps: PositionSet, prices: HopPrices, assign: Int32Array): number {
  let cost = 0;
  for (let i = 0; i < aff.cores; i++) {
    for (let k = aff.start[i]; k < aff.start[i + 1]; k++) if (aff.other[k] > i) cost += aff.weight[k] * positionCost(ps, prices, assign[i], assign[aff.other[k]]);
  }
  return cost;
}

/** Logical core i on the i-th position in order, each chip taking its quota before the next. */
export function naivePlacement(ps: PositionSet, cores: number): Int32Array {
  const assign = new Int32Array(cores);
  const per = ps.count / ps.chips.length;
  let i = 0;
  for (let s = 0; s < ps.chips.length && i < cores; s++) for (let c = 0; c < ps.quota[s] && i < cores; c++) assign[i++] = s * per + c;
  return assign;
}

/** The position with the least total cost to every position (the geometric centre). */
function medoid(ps: PositionSet, prices: HopPrices): number {
  if (ps.count > 4096) return 0;
  let best = 0;
  let bestCost = Infinity;
  for (let p = 0; p < ps.count; p++) {
    let c = 0;
    for (let q = 0; q < ps.count; q++) c += positionCost(ps, prices, p, q);
    if (c < bestCost) (best = p, bestCost = c);
  }
  return best;
}

/** Most-attached unplaced core (ties: strongest overall, then lowest index). */
function nextCore(aff: Affinity, placed: Uint8Array, attach: Float64Array): number {
  let best = -1;
  for (let i = 0; i < aff.cores; i++) {
    if (placed[i]) continue;
    if (best < 0 || attach[i] > attach[best] || (attach[i] === attach[best] && aff.strength[i] > aff.strength[best])) best = i;
  }
  return best;
}

/** Free position with room on its chip minimising the added cost to placed neighbours (ties: closest to the placed cores, then lowest index). */
function bestPosition(aff: Affinity, ps: PositionSet, prices: HopPrices, core: number, assign: Int32Array, placed: Uint8Array, occupied: Uint8Array, used: Int32Array): number {
  let best = -1;
  let bestCost = Infinity;
  let bestSpread = Infinity;
  for (let p = 0; p < ps.count; p++) {
    if (occupied[p] || used[ps.slot[p]] >= ps.quota[ps.slot[p]]) continue;
    let cost = 0;
    for (let k = aff.start[core]; k < aff.start[core + 1]; k++) if (placed[aff.other[k]]) cost += aff.weight[k] * positionCost(ps, prices, p, assign[aff.other[k]]);
    if (cost > bestCost) continue;
    let spread = 0;
    for (let j = 0; j < aff.cores; j++) if (placed[j]) spread += positionCost(ps, prices, p, assign[j]);
    if (cost < bestCost || spread < bestSpread) (best = p, bestCost = cost, bestSpread = spread);
  }
  return best;
}

/** Greedy affinity seed: the heaviest core at the centre, then each most-attached core at its cheapest free position. */
export function greedyPlacement(aff: Affinity, ps: PositionSet, prices: HopPrices): Int32Array {
  const assign = new Int32Array(aff.cores).fill(-1);
  const placed = new Uint8Array(aff.cores);
  const occupied = new Uint8Array(ps.count);
  const used = new Int32Array(ps.chips.length);
  const attach = new Float64Array(aff.cores);
  const put = (core: number, p: number) => {
    (assign[core] = p, placed[core] = 1, occupied[p] = 1, used[ps.slot[p]]++);
    for (let k = aff.start[core]; k < aff.start[core + 1]; k++) attach[aff.other[k]] += aff.weight[k];
  };
  const first = nextCore(aff, placed, attach);
  const centre = medoid(ps, prices);
  put(first, used[ps.slot[centre]] < ps.quota[ps.slot[centre]] ? centre : bestPosition(aff, ps, prices, first, assign, placed, occupied, used));
  for (let n = 1; n < aff.cores; n++) {
    const core = nextCore(aff, placed, attach);
    put(core, bestPosition(aff, ps, prices, core, assign, placed, occupied, used));
  }
  return assign;
}

/** Cost change when core a moves from its position to p, with core b (or −1) moving the other way. */
function moveDelta(aff: Affinity, ps: PositionSet, prices: HopPrices, assign: Int32Array, a: number, p: number, b: number): number {
  const pa = assign[a];
  let delta = 0;
  for (let k = aff.start[a]; k < aff.start[a + 1]; k++) {
    const j = aff.other[k];
    if (j !== b) delta += aff.weight[k] * (positionCost(ps, prices, p, assign[j]) - positionCost(ps, prices, pa, assign[j]));
  }
  if (b < 0) return delta;
  for (let k = aff.start[b]; k < aff.start[b + 1]; k++) {
    const j = aff.other[k];
    if (j !== a) delta += aff.weight[k] * (positionCost(ps, prices, pa, assign[j]) - positionCost(ps, prices, p, assign[j]));
  }
  return delta;
}

export interface Refined {
  readonly assign: Int32Array;
  readonly moves: number;
  readonly accepted: number;
}

/**
 * Simulated annealing from `start`: random moves (a core to a random position: a swap when it is taken, a move
 * when free and its chip has room), geometric cooling from a temperature sampled from the moves' costs; the best
 * placement seen is returned, so the result is never worse than `start`. Deterministic for the Rng's seed.
 */
export function refinePlacement(aff: Affinity, ps: PositionSet, prices: HopPrices, start: Int32Array, rng: Rng, iterations: number): Refined {
  const assign = Int32Array.from(start);
  const occupant = new Int32Array(ps.count).fill(-1);
  const used = new Int32Array(ps.chips.length);
  assign.forEach((p, i) => ((occupant[p] = i), used[ps.slot[p]]++));
  const best = Int32Array.from(assign);
  if (aff.cores < 2 || aff.other.length === 0) return { assign: best, moves: 0, accepted: 0 };
  let cost = placementCost(aff, ps, prices, assign);
  let bestCost = cost;
  const t0 = startTemperature(aff, ps, prices, assign, occupant, rng);
  let accepted = 0;
  for (let it = 0; it < iterations; it++) {
    const a = rng.int(aff.cores);
    const p = rng.int(ps.count);
    const b = occupant[p];
    const from = assign[a];
    if (p === from || (b < 0 && ps.slot[p] !== ps.slot[from] && used[ps.slot[p]] >= ps.quota[ps.slot[p]])) continue;
    const delta = moveDelta(aff, ps, prices, assign, a, p, b);
    const temperature = t0 * Math.pow(1e-3, it / iterations);
    if (delta > 0 && rng.next() >= Math.exp(-delta / temperature)) continue;
    (assign[a] = p, occupant[p] = a, occupant[from] = b);
    if (b >= 0) assign[b] = from;
    else (used[ps.slot[from]]--, used[ps.slot[p]]++);
    cost += delta;
    accepted++;
    if (cost < bestCost - 1e-9) (bestCost = cost, best.set(assign));
  }
  return { assign: best, moves: iterations, accepted };
}

/** Mean cost increase of 64 sampled swaps (or 1 pJ when none increases it). */
function startTemperature(aff: Affinity, ps: PositionSet, prices: HopPrices, assign: Int32Array, occupant: Int32Array, rng: Rng): number {
  let sum = 0;
  let n = 0;
  for (let s = 0; s < 64; s++) {
    const a = rng.int(aff.cores);
    const p = rng.int(ps.count);
    if (p === assign[a]) continue;
    const delta = moveDelta(aff, ps, prices, assign, a, p, occupant[p]);
    if (delta > 0) (sum += delta, n++);
  }
  return n > 0 ? sum / n : 1;
}
