// Pass `route`: number every core's input axons, build the axon tables (per source neuron and channel: destination core and axon), and estimate the message load on every mesh and chip link.
//
// Input axons of a core are its streams (source node, neuron, channel) with at least one synapse there,
// numbered in ascending stream id, i.e. by (source node in topological order, neuron, channel). A slot's
// routes go to its distinct destination cores, sorted by (chip, core). Messages travel dimension-order
// inside a chip (X first, then Y); between chips they follow a shortest path over the chip links
// (breadth-first, ties to the lowest chip index). A message to another chip is modelled as taking its X-Y
// mesh route on the source chip toward the destination core's (x, y), then the chip links.
import type { ChipSpec } from '../../isa/chip/schema.ts';
import { LoomError } from '../../isa/diagnostics/index.ts';
import { IMAGE_LIMITS } from '../../isa/image/types.ts';
import type { ChipLinkLoad, CoreRouting, MeshLinkLoad, PhysicalPlan, PlannedCore, RoutePlan } from '../ir/physical.ts';
import type { CompilerIR } from '../ir/types.ts';
import type { PassContext } from '../pass.ts';
import { connectivity, lowerBound, neuronHomes, type Connectivity, type NeuronHomes } from '../physical/connectivity.ts';
import { chipNeighbours, chipPath, chipSearch } from '../physical/topology.ts';
import { destinationCores } from '../physical/traffic.ts';

/** Streams with at least one synapse into the core's blocks, ascending. */
export function coreAxonStreams(conn: Connectivity, core: PlannedCore, seen: Uint8Array): Int32Array {
  const streams: number[] = [];
  for (const b of core.blocks) {
    for (const ref of conn.incoming[b.groupIndex]) {
      const { colStart, rowIndex, cols } = ref.synapse.weights;
      const base = conn.streamBase[ref.sourceNode];
      const channels = conn.channels[ref.sourceNode];
      for (let c = 0; c < cols; c++) {
        const k = lowerBound(rowIndex, colStart[c], colStart[c + 1], b.first);
        if (k === colStart[c + 1] || rowIndex[k] >= b.first + b.count) continue;
        const s = base + c * channels + ref.channel;
        if (!seen[s]) (seen[s] = 1, streams.push(s));
      }
    }
  }
  for (const s of streams) seen[s] = 0;
  return Int32Array.from(streams).sort();
}

/** Index of `stream` in a core's sorted axon streams (it must be there). */
function axonOf(streams: Int32Array, stream: number): number {
  let lo = 0;
  let hi = streams.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (streams[mid] < stream) lo = mid + 1;
    else hi = mid;
  }
  if (streams[lo] !== stream) throw new Error(`route: stream ${stream} has no input axon on its destination core`);
  return lo;
}

function checkFormatLimits(core: PlannedCore, axons: number): void {
  const where = { chip: core.position!.chip, core: core.position!.core };
  if (axons > IMAGE_LIMITS.inputAxonsPerCore) throw new LoomError('route-format-limit', { ...where, amount: axons, what: 'input axons', limit: IMAGE_LIMITS.inputAxonsPerCore });
  if (core.usage.neurons > IMAGE_LIMITS.neuronsPerCore) throw new LoomError('route-format-limit', { ...where, amount: core.usage.neurons, what: 'neurons', limit: IMAGE_LIMITS.neuronsPerCore });
}

/** Axon table of one core: per slot its destination cores (sorted by chip, core) and their axons for the slot's stream. */
function axonTable(conn: Connectivity, homes: NeuronHomes, cores: readonly PlannedCore[], axons: readonly Int32Array[], core: PlannedCore, stamp: Int32Array, tag: { next: number }): CoreRouting {
  const slotStart: number[] = [0];
  const destCore: number[] = [];
  const destAxon: number[] = [];
  const dests = new Int32Array(cores.length);
  const where = (c: number) => cores[c].position!.chip * 0x10000 + cores[c].position!.core;
  for (const b of core.blocks) {
    const node = conn.groupNode[b.groupIndex];
    for (let n = b.first; n < b.first + b.count; n++) {
      for (let ch = 0; ch < conn.channels[node]; ch++) {
        const count = destinationCores(conn, homes, b.groupIndex, n, ch, stamp, tag.next++, dests);
        const sorted = Array.from(dests.subarray(0, count)).sort((p, q) => where(p) - where(q));
        const stream = conn.streamBase[node] + n * conn.channels[node] + ch;
        for (const d of sorted) (destCore.push(d), destAxon.push(axonOf(axons[d], stream)));
        slotStart.push(destCore.length);
      }
    }
  }
  return { axonStreams: axons[core.index], slotStart: Int32Array.from(slotStart), destCore: Int32Array.from(destCore), destAxon: Int32Array.from(destAxon) };
}

/** Message load per directed mesh link and chip link, from the traffic estimate (only the core pairs `include` accepts, when given). */
export function linkLoads(spec: ChipSpec, plan: PhysicalPlan, include?: (src: number, dst: number) => boolean): { meshLinks: MeshLinkLoad[]; chipLinks: ChipLinkLoad[] } {
  const traffic = plan.traffic!;
  const mesh = new Map<number, number>();
  const chip = new Map<number, number>();
  const neighbours = chipNeighbours(spec);
  const searches = new Map<number, Int32Array>();
  const { cols, rows } = spec.mesh;
  const add = (map: Map<number, number>, key: number, m: number) => map.set(key, (map.get(key) ?? 0) + m);
  for (let k = 0; k < traffic.src.length; k++) {
    if (include && !include(traffic.src[k], traffic.dst[k])) continue;
    const from = plan.cores[traffic.src[k]].position!;
    const to = plan.cores[traffic.dst[k]].position!;
    const m = traffic.messages[k];
    let { x, y } = from;
    const base = from.chip * rows * cols;
    for (; x !== to.x; x += Math.sign(to.x - x)) add(mesh, ((base + y * cols + x) * 4) + (to.x > x ? 0 : 1), m);
    for (; y !== to.y; y += Math.sign(to.y - y)) add(mesh, ((base + y * cols + x) * 4) + (to.y > y ? 2 : 3), m);
    if (from.chip === to.chip) continue;
    if (!searches.has(from.chip)) searches.set(from.chip, chipSearch(neighbours, from.chip).parent);
    const path = chipPath(searches.get(from.chip)!, from.chip, to.chip);
    for (let i = 1; i < path.length; i++) add(chip, path[i - 1] * spec.chips.count + path[i], m);
  }
  const meshLinks = [...mesh.keys()].sort((a, b) => a - b).map((key) => {
    const dir = key % 4;
    const cell = Math.floor(key / 4);
    const x = cell % cols;
    const y = Math.floor(cell / cols) % rows;
    const [dx, dy] = [[1, 0], [-1, 0], [0, 1], [0, -1]][dir];
    return { chip: Math.floor(cell / (cols * rows)), x, y, toX: x + dx, toY: y + dy, messages: mesh.get(key)! };
  });
  const chipLinks = [...chip.keys()].sort((a, b) => a - b).map((key) => ({ from: Math.floor(key / spec.chips.count), to: key % spec.chips.count, messages: chip.get(key)! }));
  return { meshLinks, chipLinks };
}

export function route(ir: CompilerIR, plan: PhysicalPlan, ctx: PassContext): PhysicalPlan {
  if (!plan.traffic || plan.cores.some((c) => !c.position)) throw new Error('route: the plan has no placement; run place first');
  const conn = connectivity(ir, ctx.chip.core.stateWordBits);
  const homes = neuronHomes(conn, plan.cores);
  const seen = new Uint8Array(conn.streamCount);
  const axons = plan.cores.map((core) => coreAxonStreams(conn, core, seen));
  plan.cores.forEach((core, i) => checkFormatLimits(core, axons[i].length));
  const stamp = new Int32Array(plan.cores.length).fill(-1);
  const tag = { next: 0 };
  const cores = plan.cores.map((core) => axonTable(conn, homes, plan.cores, axons, core, stamp, tag));
  const routes: RoutePlan = { cores, ...linkLoads(ctx.chip, plan) };
  return { ...plan, routes };
}
