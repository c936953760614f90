// The speed model of a placed plan: per-task expected actions per token (compiler/cost/work.ts) and the delivery distances between cores, priced with any chip spec's costs into the predicted pipelined step, fall-through critical path and max-affine lower bound.
//
// Estimates, not simulations. A task is one group's neurons on one core, busy for Σ actions × time; a
// core is busy for its tasks' integration and update work, summed or overlapped as its units are shared
// or separate (isa/chip/costs.ts coreOccupancyNs). A pipelined step lasts as long as the
// slowest core plus its farthest delivery; a fall-through step as long as the longest chain of groups,
// each as slow as its slowest task, plus between two groups the longer of the delivery latency and the
// busiest mesh link's occupancy (counted from the sender's start: packets leave while it works); both end with the
// barrier. The max-affine bound (after Timcheck et al.) is the largest of any core's own work and any
// link's transfers, plus the barrier: no schedule is faster. Building the model counts once; pricing
// it is cheap, so calibration (simulator/calibrate/) re-prices the same model under many cost tables.
import { ACTION_COUNT, CORE_ACTIONS, addCounts, coreOccupancyNs, price, timePrices } from '../../isa/chip/costs.ts';
import { barrierNs, type ChipSpec } from '../../isa/chip/schema.ts';
import type { CorePosition, MappingDecision, PhysicalPlan, PlannedCore } from '../ir/physical.ts';
import type { CompilerIR } from '../ir/types.ts';
import { connectivity, neuronHomes, type Connectivity } from '../physical/connectivity.ts';
import { coreWork, nodeActivity } from './work.ts';
import { linkLoads } from '../passes/route.ts';

/** A delivery distance: east–west hops, north–south hops, chip crossings (by grid distance). */
type Reach = readonly [number, number, number];

export interface SpeedModel {
  readonly groupNames: readonly string[];
  readonly coreCount: number;
  readonly chips: number;
  /** Expected actions per token of each task, [tasks × ACTION_COUNT]; its core and group. */
  readonly taskCounts: Float64Array;
  readonly taskCore: Int32Array;
  readonly taskGroup: Int32Array;
  /** Groups feeding each group within a step (lower index only: the step's order). */
  readonly preds: readonly (readonly number[])[];
  /** Farthest deliveries from each core to the cores it feeds, and between each fed group pair (`u,g`). */
  readonly coreReach: readonly (readonly Reach[])[];
  readonly edgeReach: ReadonlyMap<string, readonly Reach[]>;
  /** Per fed group pair, the busiest east–west and north–south mesh link's messages per token between them. */
  readonly edgeLinks: ReadonlyMap<string, readonly [number, number]>;
  /** Estimated messages per token on each mesh link and whether it runs east–west. */
  readonly links: readonly { readonly messages: number; readonly eastWest: boolean }[];
}

function reach(spec: ChipSpec, a: CorePosition, b: CorePosition): Reach {
  const p = spec.chips.positions[a.chip];
  const q = spec.chips.positions[b.chip];
  return [Math.abs(a.x - b.x), Math.abs(a.y - b.y), a.chip === b.chip ? 0 : Math.abs(p.x - q.x) + Math.abs(p.y - q.y) + Math.abs(p.z - q.z)];
}

/** The reaches no other reach exceeds in every coordinate (only these can be the farthest under some prices). */
function farthest(reaches: Iterable<Reach>): Reach[] {
  const kept: Reach[] = [];
  for (const r of reaches) {
    if (kept.some((k) => k[0] >= r[0] && k[1] >= r[1] && k[2] >= r[2])) continue;
    for (let i = kept.length - 1; i >= 0; i--) if (r[0] >= kept[i][0] && r[1] >= kept[i][1] && r[2] >= kept[i][2]) kept.splice(i, 1);
    kept.push(r);
  }
  return kept;
}

/** Count a placed, routed plan's work once; price it with `evaluateSpeed`. `activity` as given to the compile (worst case when absent). */
export function speedModel(ir: CompilerIR, plan: PhysicalPlan, spec: ChipSpec, activity: ReadonlyMap<string, number> | undefined): SpeedModel {
  const conn = connectivity(ir, spec.core.stateWordBits);
  const links = plan.routes!.meshLinks.map((l) => ({ messages: l.messages, eastWest: l.y === l.toY }));
  const model = countedModel(conn, plan.cores, activity, links, (c) => plan.cores[c].position!, spec);
  const holds = plan.cores.map((c) => new Set(c.blocks.map((b) => b.groupIndex)));
  const edgeLinks = new Map<string, readonly [number, number]>();
  for (const key of model.edgeReach.keys()) {
    const [u, g] = key.split(',').map(Number);
    const { meshLinks } = linkLoads(spec, plan, (a, b) => holds[a].has(u) && holds[b].has(g));
    const busiest = (eastWest: boolean) => Math.max(0, ...meshLinks.filter((l) => (l.y === l.toY) === eastWest).map((l) => l.messages));
    edgeLinks.set(key, [busiest(true), busiest(false)]);
  }
  return { ...model, edgeLinks };
}

/** The same model before placement (every delivery free, no link loads): what the split pass compares packings by. */
export function unplacedSpeedModel(conn: Connectivity, cores: readonly PlannedCore[], activity: ReadonlyMap<string, number> | undefined, spec: ChipSpec): SpeedModel {
  return countedModel(conn, cores, activity, [], undefined, spec);
}

function countedModel(
  conn: Connectivity,
  cores: readonly PlannedCore[],
  activity: ReadonlyMap<string, number> | undefined,
  links: SpeedModel['links'],
  pos: ((c: number) => CorePosition) | undefined,
  spec: ChipSpec,
): SpeedModel {
  const coreCount = cores.length;
  const tasks = new Map<number, number>();
  const taskCore: number[] = [];
  const taskGroup: number[] = [];
  for (const core of cores) {
    for (const b of core.blocks) {
      const key = b.groupIndex * coreCount + core.index;
      if (!tasks.has(key)) (tasks.set(key, tasks.size), taskCore.push(core.index), taskGroup.push(b.groupIndex));
    }
  }
  const taskOf = (g: number, c: number) => tasks.get(g * coreCount + c)!;
  const taskCounts = coreWork(conn, neuronHomes(conn, cores), coreCount, nodeActivity(conn, activity), { rows: tasks.size, taskOf });
  const coresOf = conn.groups.map((_, g) => cores.filter((c) => c.blocks.some((b) => b.groupIndex === g)).map((c) => c.index));
  const preds = conn.groups.map((_, g) => [...new Set(conn.incoming[g].map((r) => conn.nodeGroup[r.sourceNode]).filter((u) => u >= 0 && u < g))]);
  const fed = cores.map(() => new Set<number>());
  const edgeReach = new Map<string, Reach[]>();
  const between = (a: number, b: number): Reach => (pos ? reach(spec, pos(a), pos(b)) : [0, 0, 0]);
  preds.forEach((us, g) => {
    for (const u of us) {
      const all: Reach[] = [];
      for (const a of coresOf[u]) for (const b of coresOf[g]) (fed[a].add(b), all.push(between(a, b)));
      edgeReach.set(`${u},${g}`, farthest(all));
    }
  });
  return {
    groupNames: conn.groups.map((g) => g.name),
    coreCount,
    chips: pos ? new Set(cores.map((_, c) => pos(c).chip)).size : Math.ceil(coreCount / spec.coresPerChip),
    taskCounts,
    taskCore: Int32Array.from(taskCore),
    taskGroup: Int32Array.from(taskGroup),
    preds,
    coreReach: fed.map((set, a) => farthest([...set].map((b) => between(a, b)))),
    edgeReach,
    edgeLinks: new Map(),
    links,
  };
}

export interface SpeedPrediction {
  readonly barrierNs: number;
  readonly pipelinedNs: number;
  readonly fallThroughNs: number;
  readonly boundNs: number;
  readonly coreBusyNs: Float64Array;
  readonly taskBusyNs: Float64Array;
  readonly criticalPath: readonly number[];
}

/** Price a speed model with `spec`'s time costs. */
export function evaluateSpeed(model: SpeedModel, spec: ChipSpec): SpeedPrediction {
  const prices = timePrices(spec);
  const t = spec.timing;
  const latency = (rs: readonly Reach[]) => Math.max(0, ...rs.map((r) => r[0] * t.hopNs.eastWest + r[1] * t.hopNs.northSouth + r[2] * t.chipCrossingNs));
  const tasks = model.taskCore.length;
  const taskBusyNs = Float64Array.from({ length: tasks }, (_, k) => price(model.taskCounts, prices, CORE_ACTIONS, k * ACTION_COUNT));
  const coreCounts = new Float64Array(model.coreCount * ACTION_COUNT);
  for (let k = 0; k < tasks; k++) addCounts(coreCounts, model.taskCore[k] * ACTION_COUNT, model.taskCounts, k * ACTION_COUNT);
  const coreBusyNs = Float64Array.from({ length: model.coreCount }, (_, c) => coreOccupancyNs(coreCounts, prices, t.synapticUnit, c * ACTION_COUNT));
  const groupNs = new Float64Array(model.groupNames.length);
  for (let k = 0; k < tasks; k++) groupNs[model.taskGroup[k]] = Math.max(groupNs[model.taskGroup[k]], taskBusyNs[k]);
  const end = new Float64Array(groupNs.length);
  const from = new Int32Array(groupNs.length).fill(-1);
  for (let g = 0; g < groupNs.length; g++) {
    let start = 0;
    for (const u of model.preds[g]) {
      const key = `${u},${g}`;
      const busiest = model.edgeLinks.get(key) ?? [0, 0];
      const occupancy = Math.max(busiest[0] * t.hopNs.eastWest, busiest[1] * t.hopNs.northSouth);
      // Packets leave while the sender works, so the busiest link's occupancy runs from the sender's start.
      const at = Math.max(end[u] + latency(model.edgeReach.get(key)!), end[u] - groupNs[u] + occupancy);
      if (at > start) (start = at, (from[g] = u));
    }
    end[g] = start + groupNs[g];
  }
  let last = 0;
  for (let g = 1; g < end.length; g++) if (end[g] > end[last]) last = g;
  const criticalPath: number[] = [];
  for (let g = last; g >= 0; g = from[g]) criticalPath.unshift(g);
  let slowest = 0;
  for (let c = 0; c < model.coreCount; c++) slowest = Math.max(slowest, coreBusyNs[c] + latency(model.coreReach[c]));
  const linkNs = Math.max(0, ...model.links.map((l) => l.messages * (l.eastWest ? t.hopNs.eastWest : t.hopNs.northSouth)));
  const barrier = barrierNs(spec, model.coreCount, model.chips);
  return {
    barrierNs: barrier,
    pipelinedNs: Math.max(slowest, linkNs) + barrier,
    fallThroughNs: end[last] + barrier,
    boundNs: Math.max(linkNs, ...coreBusyNs) + barrier,
    coreBusyNs,
    taskBusyNs,
    criticalPath,
  };
}

export interface GroupSpeed {
  readonly group: string;
  readonly cores: number;
  /** Predicted busy time per token of the group's tasks (µs): the slowest and the mean. */
  readonly busyUsMax: number;
  readonly busyUsMean: number;
}

/** The compile report's speed section. */
export interface SpeedEstimate {
  readonly objective: MappingDecision['objective'];
  readonly fallback?: string;
  readonly activity: string;
  readonly groups: readonly GroupSpeed[];
  readonly barrierUs: number;
  /** The longer of the slowest core + its farthest delivery and the busiest link, + barrier. */
  readonly pipelinedStepUs: number;
  /** Longest chain of groups + barrier. */
  readonly fallThroughStepUs: number;
  readonly criticalPath: readonly string[];
  /** max(slowest core's work, busiest link's transfers) + barrier. */
  readonly maxAffineBoundUs: number;
}

/** Predicted speed of a placed and routed plan, for the compile report. */
export function estimateSpeed(ir: CompilerIR, plan: PhysicalPlan, spec: ChipSpec, activity: ReadonlyMap<string, number> | undefined): SpeedEstimate {
  const model = speedModel(ir, plan, spec, activity);
  const p = evaluateSpeed(model, spec);
  const groups = model.groupNames.map((group, g) => {
    const busy = Array.from(p.taskBusyNs).filter((_, k) => model.taskGroup[k] === g);
    return { group, cores: busy.length, busyUsMax: Math.max(...busy) / 1e3, busyUsMean: busy.reduce((a, b) => a + b, 0) / busy.length / 1e3 };
  });
  return {
    objective: plan.mapping.objective,
    fallback: plan.mapping.fallback,
    activity: activity ? 'measured activation sparsity' : 'worst case: every neuron active every token',
    groups,
    barrierUs: p.barrierNs / 1e3,
    pipelinedStepUs: p.pipelinedNs / 1e3,
    fallThroughStepUs: p.fallThroughNs / 1e3,
    criticalPath: p.criticalPath.map((g) => model.groupNames[g]),
    maxAffineBoundUs: p.boundNs / 1e3,
  };
}
