// How many cores each neuron group gets, and where its rows are cut, so that the predicted fall-through critical path (objective `latency`) or the slowest core (objective `throughput`) is smallest within the cores available.
//
// Each group owns its cores (no sharing), cut into contiguous row ranges of equal predicted work
// (synaptic ops and updates). A core's busy time is its expected actions per token (compiler/cost/work.ts)
// priced with the chip's cost table: receiving and integrating the messages that reach it, updating its
// neurons, sending its messages. More cores shorten a group's slices but make upstream neurons send
// to more cores, make every core receive the messages its slice needs, and lengthen the barrier, so
// the best count is found by search: starting from the fewest cores each group fits on, give one more
// core at a time to the group whose extra core lowers the objective most (ties: the sum of group times),
// keep going through plateaus, and return the best allocation seen.
import { ACTION, ACTION_COUNT, CORE_ACTIONS, price, timePrices, type PriceTable } from '../../isa/chip/costs.ts';
import { barrierNs, type ChipSpec } from '../../isa/chip/schema.ts';
import type { Connectivity } from '../physical/connectivity.ts';
import { addUpdates, groupMessages, neuronSynops, type GroupMessages } from './work.ts';

export type SpeedObjective = 'latency' | 'throughput';

/** One group's share of the allocation: its cut points (cuts[k] … cuts[k + 1] − 1 on its k-th core). */
export interface GroupCuts {
  readonly cuts: Int32Array;
}

export interface Allocation {
  readonly cuts: readonly Int32Array[];
  /** Predicted objective (ns, barrier included) of the returned allocation and of the fewest-cores start. */
  readonly predictedNs: number;
  readonly startNs: number;
}

/** Per group: cut points of n slices of equal cumulative work (each slice at least one neuron). */
export function balancedCuts(workPrefix: Float64Array, n: number): Int32Array {
  const size = workPrefix.length - 1;
  const cuts = new Int32Array(n + 1);
  cuts[n] = size;
  let i = 0;
  for (let k = 1; k < n; k++) {
    const target = (workPrefix[size] * k) / n;
    while (i < size && workPrefix[i] < target) i++;
    cuts[k] = Math.min(Math.max(i, cuts[k - 1] + 1), size - (n - k));
  }
  return cuts;
}

interface Slices {
  readonly cuts: Int32Array;
  readonly messages: GroupMessages;
}

/** The search state: one entry per group. */
class AllocationSearch {
  private readonly prices: PriceTable<'ns'>;
  private readonly synops: Float64Array[];
  private readonly workPrefix: Float64Array[];
  /** Per group, the prefix sum of its neurons' synaptic-op time. */
  private readonly synPrefix: Float64Array[];
  /** Whether the objective may overlap a slice's integration with its neuron work (separate units, pipelined objective). */
  private readonly overlap: boolean;
  private readonly updateNs: Float64Array;
  private readonly preds: number[][];
  private readonly sources: number[][];
  /** Expected messages each stream of each node sends per token (Σ over destination groups). */
  private readonly sentPerStream: Float64Array[];
  readonly slices: Slices[];
  private readonly next = new Map<number, Slices>();
  /** Per group g: [3g] busy time of its slowest slice, [3g + 1] slowest integration, [3g + 2] slowest neuron work. */
  readonly time: Float64Array;

  constructor(
    private readonly conn: Connectivity,
    private readonly spec: ChipSpec,
    private readonly active: Float64Array,
    start: readonly number[],
    objective: SpeedObjective,
  ) {
    this.prices = timePrices(spec);
    this.overlap = objective === 'throughput' && spec.timing.synapticUnit === 'separate';
    const row = new Float64Array(ACTION_COUNT);
    this.updateNs = Float64Array.from(conn.groups, (_, g) => (row.fill(0), addUpdates(conn, g, 1, row, 0), price(row, this.prices, CORE_ACTIONS)));
    this.synops = conn.groups.map((_, g) => neuronSynops(conn, g, active));
    this.synPrefix = conn.groups.map((group, g) => {
      const prefix = new Float64Array(group.size + 1);
      for (let n = 0; n < group.size; n++) prefix[n + 1] = prefix[n] + this.synops[g][n] * this.prices.perAction[ACTION.synop];
      return prefix;
    });
    this.workPrefix = this.synPrefix.map((syn, g) => syn.map((x, n) => x + n * this.updateNs[g]));
    this.sources = conn.groups.map((_, g) => [...new Set(conn.incoming[g].map((r) => r.sourceNode))]);
    this.preds = this.sources.map((nodes, g) => nodes.map((node) => conn.nodeGroup[node]).filter((u) => u >= 0 && u < g));
    this.sentPerStream = conn.ir.nodes.map((node, i) => new Float64Array(node.size * conn.channels[i]));
    this.slices = start.map((n, g) => this.slicesOf(g, n));
    this.slices.forEach((s) => this.addSends(s, 1));
    this.time = new Float64Array(3 * conn.groups.length);
    conn.groups.forEach((_, g) => this.setTime(this.time, g, this.slices[g]));
  }

  cores(g: number): number {
    return this.slices[g].cuts.length - 1;
  }

  private slicesOf(g: number, n: number): Slices {
    const cuts = balancedCuts(this.workPrefix[g], n);
    const coreOf = new Int32Array(this.conn.groups[g].size);
    for (let k = 0; k < n; k++) coreOf.fill(k, cuts[k], cuts[k + 1]);
    return { cuts, messages: groupMessages(this.conn, g, coreOf, n, this.active) };
  }

  private addSends(s: Slices, sign: number): void {
    for (const [node, sent] of s.messages.sentBySource) {
      const into = this.sentPerStream[node];
      for (let i = 0; i < sent.length; i++) into[i] += sign * sent[i];
    }
  }

  /**
   * Group g's slowest slice, as [its busy time, its slowest integration, its slowest neuron work]:
   * integration = receives + synaptic ops, neuron work = updates + sends; busy = their sum, or the
   * longer of the two when the core's units overlap.
   */
  private groupTimeNs(g: number, s: Slices): [number, number, number] {
    const node = this.conn.groupNode[g];
    const channels = this.conn.channels[node];
    const sent = this.sentPerStream[node];
    const p = this.prices.perAction;
    let busy = 0;
    let synapticMax = 0;
    let neuronMax = 0;
    for (let k = 0; k + 1 < s.cuts.length; k++) {
      const lo = s.cuts[k];
      const hi = s.cuts[k + 1];
      let sends = 0;
      for (let i = lo * channels; i < hi * channels; i++) sends += sent[i];
      const synaptic = this.synPrefix[g][hi] - this.synPrefix[g][lo] + s.messages.receivedPerCore[k] * p[ACTION.messageReceive];
      const neuron = (hi - lo) * this.updateNs[g] + sends * p[ACTION.messageSend];
      busy = Math.max(busy, this.overlap ? Math.max(synaptic, neuron) : synaptic + neuron);
      synapticMax = Math.max(synapticMax, synaptic);
      neuronMax = Math.max(neuronMax, neuron);
    }
    return [busy, synapticMax, neuronMax];
  }

  private setTime(time: Float64Array, g: number, s: Slices): void {
    time.set(this.groupTimeNs(g, s), 3 * g);
  }

  totalCores(): number {
    return this.slices.reduce((n, s) => n + s.cuts.length - 1, 0);
  }

  barrier(cores: number): number {
    const chips = Math.ceil(cores / this.spec.coresPerChip);
    return barrierNs(this.spec, cores, chips);
  }

  /**
   * Objective value and tie-break (Σ group busy times) of the current state. Throughput: within a
   * pipelined step a group integrates what its upstream groups send that step, so the step is at least
   * each group's integration after its slowest upstream neuron work, and at least any slice's busy time.
   * Latency: the longest chain of groups' busy times.
   */
  score(objective: SpeedObjective, time: Float64Array = this.time, cores = this.totalCores()): [number, number] {
    const groups = time.length / 3;
    let sum = 0;
    for (let g = 0; g < groups; g++) sum += time[3 * g];
    if (objective === 'throughput') {
      let step = 0;
      for (let g = 0; g < groups; g++) {
        const upstream = Math.max(0, ...this.preds[g].map((u) => time[3 * u + 2]));
        step = Math.max(step, time[3 * g], upstream + time[3 * g + 1]);
      }
      return [step + this.barrier(cores), sum];
    }
    const path = new Float64Array(groups);
    for (let g = 0; g < groups; g++) path[g] = time[3 * g] + Math.max(0, ...this.preds[g].map((u) => path[u]));
    return [Math.max(...path) + this.barrier(cores), sum];
  }

  /** Score of giving group g one more core (the state is left as it was). */
  trial(g: number, objective: SpeedObjective): [number, number] {
    const old = this.slices[g];
    const proposal = this.proposal(g);
    this.addSends(old, -1);
    this.addSends(proposal, 1);
    const time = Float64Array.from(this.time);
    this.setTime(time, g, proposal);
    for (const node of this.sources[g]) {
      const u = this.conn.nodeGroup[node];
      if (u >= 0) this.setTime(time, u, this.slices[u]);
    }
    this.addSends(proposal, -1);
    this.addSends(old, 1);
    return this.score(objective, time, this.totalCores() + 1);
  }

  private proposal(g: number): Slices {
    if (!this.next.has(g)) this.next.set(g, this.slicesOf(g, this.cores(g) + 1));
    return this.next.get(g)!;
  }

  /** Give group g one more core. */
  grow(g: number): void {
    const proposal = this.proposal(g);
    this.next.delete(g);
    this.addSends(this.slices[g], -1);
    this.addSends(proposal, 1);
    this.slices[g] = proposal;
    this.setTime(this.time, g, proposal);
    for (const node of this.sources[g]) {
      const u = this.conn.nodeGroup[node];
      if (u >= 0) this.setTime(this.time, u, this.slices[u]);
    }
  }
}

const better = (a: [number, number], b: [number, number]) => a[0] < b[0] * (1 - 1e-9) || (a[0] <= b[0] * (1 + 1e-9) && a[1] < b[1]);

/** Steps without a new best before the search stops (plateaus where two groups must both grow). */
const PATIENCE = 12;

/**
 * The allocation minimising `objective`, from `start[g]` cores per group (the fewest each fits on),
 * using at most `available` cores. `active` is P(active) per IR node (compiler/cost/work.ts nodeActivity).
 */
export function allocateCores(conn: Connectivity, spec: ChipSpec, active: Float64Array, start: readonly number[], available: number, objective: SpeedObjective): Allocation {
  const search = new AllocationSearch(conn, spec, active, start, objective);
  const startScore = search.score(objective);
  let best = { score: startScore, cores: conn.groups.map((_, g) => search.cores(g)) };
  let sinceBest = 0;
  while (search.totalCores() < available && sinceBest < PATIENCE) {
    let choice = -1;
    let choiceScore: [number, number] = [Infinity, Infinity];
    conn.groups.forEach((group, g) => {
      if (search.cores(g) >= group.size) return;
      const s = search.trial(g, objective);
      if (better(s, choiceScore)) (choice = g, (choiceScore = s));
    });
    if (choice < 0) break;
    search.grow(choice);
    if (better(choiceScore, best.score)) (best = { score: choiceScore, cores: conn.groups.map((_, g) => search.cores(g)) }), (sinceBest = 0);
    else sinceBest++;
  }
  const final = new AllocationSearch(conn, spec, active, best.cores, objective);
  return { cuts: final.slices.map((s) => s.cuts), predictedNs: best.score[0], startNs: startScore[0] };
}
