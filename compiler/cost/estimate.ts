// The compile report's speed estimate: per-core busy time per token from the expected actions (compiler/cost/work.ts) and the chip's cost table, the predicted pipelined step and fall-through critical path, and the max-affine lower bound.
//
// Estimates, not simulations: a core is a sequential server whose busy time is Σ actions × time of its tasks (a task: one group on one core); a
// pipelined step lasts as long as its slowest core plus that core's farthest delivery, a fall-through
// step as long as the longest chain of groups (each as slow as its slowest task, plus the mesh latency
// between them); both end with the barrier. The max-affine bound (after Timcheck et al.) is the
// largest of any core's own work and any link's transfers, plus the barrier: no schedule is faster.
import { ACTION_COUNT, CORE_ACTIONS, price, timePrices } from '../../isa/chip/costs.ts';
import { barrierNs, type ChipSpec } from '../../isa/chip/schema.ts';
import type { CorePosition, MappingDecision, PhysicalPlan } from '../ir/physical.ts';
import type { CompilerIR } from '../ir/types.ts';
import { connectivity, type Connectivity } from '../physical/connectivity.ts';
import { neuronHomes } from '../passes/split.ts';
import { coreWork, nodeActivity } from './work.ts';

export interface GroupSpeed {
  readonly group: string;
  readonly cores: number;
  /** Predicted busy time per token of the group's cores (µs): the slowest and the mean. */
  readonly busyUsMax: number;
  readonly busyUsMean: number;
}

export interface SpeedEstimate {
  readonly objective: MappingDecision['objective'];
  readonly fallback?: string;
  readonly activity: string;
  readonly groups: readonly GroupSpeed[];
  readonly barrierUs: number;
  /** Slowest core + its farthest delivery + barrier. */
  readonly pipelinedStepUs: number;
  /** Longest chain of groups + barrier. */
  readonly fallThroughStepUs: number;
  readonly criticalPath: readonly string[];
  /** max(slowest core's work, busiest link's transfers) + barrier. */
  readonly maxAffineBoundUs: number;
}

/** Mesh and chip-link latency of one message between two placed cores (X-Y hops, chip crossings by grid distance). */
function deliveryNs(spec: ChipSpec, a: CorePosition, b: CorePosition): number {
  const t = spec.timing;
  const mesh = Math.abs(a.x - b.x) * t.hopNs.eastWest + Math.abs(a.y - b.y) * t.hopNs.northSouth;
  if (a.chip === b.chip) return mesh;
  const p = spec.chips.positions[a.chip];
  const q = spec.chips.positions[b.chip];
  return mesh + (Math.abs(p.x - q.x) + Math.abs(p.y - q.y) + Math.abs(p.z - q.z)) * t.chipCrossingNs;
}

/** Logical cores of each group. */
function groupCores(conn: Connectivity, plan: PhysicalPlan): number[][] {
  const cores: number[][] = conn.groups.map(() => []);
  for (const core of plan.cores) for (const b of core.blocks) if (!cores[b.groupIndex].includes(core.index)) cores[b.groupIndex].push(core.index);
  return cores;
}

function maxDelivery(spec: ChipSpec, plan: PhysicalPlan, from: readonly number[], to: readonly number[]): number {
  let worst = 0;
  for (const a of from) for (const b of to) worst = Math.max(worst, deliveryNs(spec, plan.cores[a].position!, plan.cores[b].position!));
  return worst;
}

/** Predicted speed of a placed and routed plan. `activity` as given to the compile (worst case when absent). */
export function estimateSpeed(ir: CompilerIR, plan: PhysicalPlan, spec: ChipSpec, activity: ReadonlyMap<string, number> | undefined): SpeedEstimate {
  const conn = connectivity(ir, spec.core.stateWordBits);
  const tasks = new Map<number, number>();
  const coreCount = plan.cores.length;
  for (const core of plan.cores) for (const b of core.blocks) if (!tasks.has(b.groupIndex * coreCount + core.index)) tasks.set(b.groupIndex * coreCount + core.index, tasks.size);
  const taskOf = (g: number, c: number) => tasks.get(g * coreCount + c)!;
  const counts = coreWork(conn, neuronHomes(conn, plan.cores), coreCount, nodeActivity(conn, activity), { rows: tasks.size, taskOf });
  const prices = timePrices(spec);
  const taskBusy = Float64Array.from({ length: tasks.size }, (_, t) => price(counts, prices, CORE_ACTIONS, t * ACTION_COUNT));
  const busy = plan.cores.map(() => 0);
  for (const [key, t] of tasks) busy[key % coreCount] += taskBusy[t];
  const chips = new Set(plan.cores.map((c) => c.position!.chip)).size;
  const barrier = barrierNs(spec, plan.cores.length, chips);
  const cores = groupCores(conn, plan);
  const groupBusy = cores.map((list, g) => list.map((c) => taskBusy[taskOf(g, c)]));
  const groups = conn.groups.map((g, i) => ({
    group: g.name,
    cores: cores[i].length,
    busyUsMax: Math.max(...groupBusy[i]) / 1e3,
    busyUsMean: groupBusy[i].reduce((a, b) => a + b, 0) / groupBusy[i].length / 1e3,
  }));
  const downstream = plan.cores.map(() => new Set<number>());
  conn.groups.forEach((_, g) => {
    for (const ref of conn.incoming[g]) {
      const u = conn.nodeGroup[ref.sourceNode];
      if (u >= 0) for (const a of cores[u]) for (const b of cores[g]) downstream[a].add(b);
    }
  });
  const slowest = Math.max(...busy.map((b, c) => b + maxDelivery(spec, plan, [c], [...downstream[c]])));
  const path = critical(conn, cores, groups, spec, plan);
  const linkNs = Math.max(0, ...plan.routes!.meshLinks.map((l) => l.messages * (l.y === l.toY ? spec.timing.hopNs.eastWest : spec.timing.hopNs.northSouth)));
  return {
    objective: plan.mapping.objective,
    fallback: plan.mapping.fallback,
    activity: activity ? 'measured activation sparsity' : 'worst case: every neuron active every token',
    groups,
    barrierUs: barrier / 1e3,
    pipelinedStepUs: (slowest + barrier) / 1e3,
    fallThroughStepUs: (path.ns + barrier) / 1e3,
    criticalPath: path.groups,
    maxAffineBoundUs: (Math.max(linkNs, ...busy) + barrier) / 1e3,
  };
}

/** Longest chain of groups: each group's slowest core, plus the delivery latency from the group before it. */
function critical(conn: Connectivity, cores: readonly number[][], groups: readonly GroupSpeed[], spec: ChipSpec, plan: PhysicalPlan): { ns: number; groups: string[] } {
  const end = new Float64Array(conn.groups.length);
  const from = new Int32Array(conn.groups.length).fill(-1);
  conn.groups.forEach((_, g) => {
    let start = 0;
    for (const ref of conn.incoming[g]) {
      const u = conn.nodeGroup[ref.sourceNode];
      if (u < 0 || u >= g) continue;
      const t = end[u] + maxDelivery(spec, plan, cores[u], cores[g]);
      if (t > start) (start = t, (from[g] = u));
    }
    end[g] = start + groups[g].busyUsMax * 1e3;
  });
  let g = end.indexOf(Math.max(...end));
  const chain: string[] = [];
  for (; g >= 0; g = from[g]) chain.unshift(conn.groups[g].name);
  return { ns: Math.max(...end), groups: chain };
}
