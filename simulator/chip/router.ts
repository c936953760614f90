// Routing: the links a message crosses from one core to another — dimension-order X-Y on the sender's mesh, then a shortest chain of chip-to-chip links — built once per (sender, receiver) pair.
//
// The rule is the one the compiler's route pass assumes (compiler/passes/route.ts): inside a chip, X
// first, then Y; to another chip, the X-Y route on the sending chip toward the receiving core's mesh
// position, then a breadth-first shortest path over the chip links (neighbours in ascending order,
// first found wins). Mesh links are directed (each direction serialises separately); so are chip links.
import type { ChipSpec } from '../../isa/chip/schema.ts';
import { ACTION, type PriceTable } from '../actions.ts';

/** Where a core sits: chip and mesh position. */
export interface Endpoint {
  readonly chip: number;
  readonly x: number;
  readonly y: number;
}

/** Every link some route uses. A packet occupies link l for occupancyNs[l] and reaches its far end latencyNs[l] after entering. */
export interface LinkTable {
  readonly count: number;
  readonly occupancyNs: Float64Array;
  readonly latencyNs: Float64Array;
  /** 1 for a mesh link inside a chip, 0 for a chip-to-chip link. */
  readonly onChip: Uint8Array;
  /** Mesh link: its chip; chip link: the sending chip. */
  readonly chip: Int32Array;
  readonly label: readonly string[];
}

/** Route r crosses links link[start[r]] .. link[start[r + 1] − 1] in order. */
export interface RouteTable {
  readonly count: number;
  readonly start: Int32Array;
  readonly link: Int32Array;
  readonly hopsEastWest: Int32Array;
  readonly hopsNorthSouth: Int32Array;
  readonly crossings: Int32Array;
}

export interface Network {
  readonly links: LinkTable;
  readonly routes: RouteTable;
}

const DIRECTIONS = [
  { dx: 1, dy: 0, name: 'east' },
  { dx: -1, dy: 0, name: 'west' },
  { dx: 0, dy: 1, name: 'south' },
  { dx: 0, dy: -1, name: 'north' },
] as const;

/** Chip-link neighbours of every chip, ascending. */
function chipNeighbours(spec: ChipSpec): number[][] {
  const out: number[][] = Array.from({ length: spec.chips.count }, () => []);
  for (const { a, b } of spec.links.pairs) (out[a].push(b), out[b].push(a));
  for (const list of out) list.sort((p, q) => p - q);
  return out;
}

/** Breadth-first parents from `source` (first discovered, neighbours ascending). */
function chipParents(neighbours: readonly (readonly number[])[], source: number): Int32Array {
  const parent = new Int32Array(neighbours.length).fill(-1);
  parent[source] = source;
  const queue = [source];
  for (let head = 0; head < queue.length; head++) {
    for (const n of neighbours[queue[head]]) if (parent[n] < 0) (parent[n] = queue[head], queue.push(n));
  }
  return parent;
}

class NetworkBuilder {
  private readonly ids = new Map<string, number>();
  readonly occupancy: number[] = [];
  readonly latency: number[] = [];
  readonly onChip: number[] = [];
  readonly chip: number[] = [];
  readonly label: string[] = [];
  private readonly parents = new Map<number, Int32Array>();
  private readonly neighbours: number[][];
  private readonly chipLinkNs = new Map<string, number>();

  constructor(private readonly spec: ChipSpec, private readonly prices: PriceTable<'ns'>) {
    this.neighbours = chipNeighbours(spec);
    for (const p of spec.links.pairs) this.chipLinkNs.set(`${p.a}-${p.b}`, p.messageNs);
  }

  private link(key: string, make: () => { occ: number; lat: number; onChip: number; chip: number; label: string }): number {
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const l = make();
    this.ids.set(key, this.occupancy.length);
    this.occupancy.push(l.occ);
    this.latency.push(l.lat);
    this.onChip.push(l.onChip);
    this.chip.push(l.chip);
    this.label.push(l.label);
    return this.occupancy.length - 1;
  }

  /** One directed mesh hop from (x, y) in direction d on `chip`; a hop occupies its link for its own hop time. */
  meshLink(chip: number, x: number, y: number, d: number): number {
    const dir = DIRECTIONS[d];
    const hopNs = this.prices.perAction[dir.dy === 0 ? ACTION.hopEastWest : ACTION.hopNorthSouth];
    const label = `chip ${chip} (${x},${y})→(${x + dir.dx},${y + dir.dy}) ${dir.name}`;
    return this.link(`m${chip}:${x}:${y}:${d}`, () => ({ occ: hopNs, lat: hopNs, onChip: 1, chip, label }));
  }

  /** Directed chip link a → b: occupancy is the link's messageNs, latency the chip crossing time. */
  chipLink(a: number, b: number): number {
    const occ = this.chipLinkNs.get(`${Math.min(a, b)}-${Math.max(a, b)}`);
    if (occ === undefined) throw new Error(`router: chips ${a} and ${b} are not linked`);
    const lat = this.prices.perAction[ACTION.chipCrossing];
    return this.link(`c${a}:${b}`, () => ({ occ, lat, onChip: 0, chip: a, label: `chip ${a}→chip ${b}` }));
  }

  /** The chips from `a` to `b` along the breadth-first tree of `a`, both ends included. */
  chipPath(a: number, b: number): number[] {
    let parent = this.parents.get(a);
    if (!parent) this.parents.set(a, (parent = chipParents(this.neighbours, a)));
    if (parent[b] < 0) throw new Error(`router: chip ${b} cannot be reached from chip ${a}`);
    const path = [b];
    for (let c = b; c !== a; c = parent[c]) path.push(parent[c]);
    return path.reverse();
  }
}

/** Links of one route, plus its hop and crossing counts. */
function routeLinks(nb: NetworkBuilder, from: Endpoint, to: Endpoint): { links: number[]; ew: number; ns: number; crossings: number } {
  const links: number[] = [];
  let { x, y } = from;
  for (; x !== to.x; x += Math.sign(to.x - x)) links.push(nb.meshLink(from.chip, x, y, to.x > x ? 0 : 1));
  for (; y !== to.y; y += Math.sign(to.y - y)) links.push(nb.meshLink(from.chip, x, y, to.y > y ? 2 : 3));
  const ew = Math.abs(to.x - from.x);
  const ns = Math.abs(to.y - from.y);
  if (from.chip === to.chip) return { links, ew, ns, crossings: 0 };
  const path = nb.chipPath(from.chip, to.chip);
  for (let i = 1; i < path.length; i++) links.push(nb.chipLink(path[i - 1], path[i]));
  return { links, ew, ns, crossings: path.length - 1 };
}

/** Routes for `pairs` (route i joins endpoints[pairs[2i]] → endpoints[pairs[2i + 1]]) and the links they use. */
export function buildNetwork(spec: ChipSpec, prices: PriceTable<'ns'>, endpoints: readonly Endpoint[], pairs: Int32Array): Network {
  const nb = new NetworkBuilder(spec, prices);
  const count = pairs.length / 2;
  const start = new Int32Array(count + 1);
  const link: number[] = [];
  const hopsEastWest = new Int32Array(count);
  const hopsNorthSouth = new Int32Array(count);
  const crossings = new Int32Array(count);
  for (let r = 0; r < count; r++) {
    const route = routeLinks(nb, endpoints[pairs[2 * r]], endpoints[pairs[2 * r + 1]]);
    link.push(...route.links);
    start[r + 1] = link.length;
    hopsEastWest[r] = route.ew;
    hopsNorthSouth[r] = route.ns;
    crossings[r] = route.crossings;
  }
  const links: LinkTable = {
    count: nb.occupancy.length,
    occupancyNs: Float64Array.from(nb.occupancy),
    latencyNs: Float64Array.from(nb.latency),
    onChip: Uint8Array.from(nb.onChip),
    chip: Int32Array.from(nb.chip),
    label: nb.label,
  };
  return { links, routes: { count, start, link: Int32Array.from(link), hopsEastWest, hopsNorthSouth, crossings } };
}
