// Batches: the messages of one step that share a path — from one sender (a task, or the host) to one receiving core — and the static dependencies between tasks they carry.
//
// A batch moves through the network as one transfer event carrying a count (simulator/README.md,
// "Batching"). Its *dependents* are the tasks on the receiving core whose neurons its axons reach:
// in fall-through a task may update only after every batch it depends on has arrived and been
// received, which is how end-of-step markers are counted. Tasks are ranked topologically along
// these edges; a loop between tasks means the image cannot run fall-through.
import type { AxonRoutes, CoreTable, HostInputs, SynapseTable, TaskTable } from './load.ts';

export interface BatchTable {
  readonly count: number;
  /** Sending task, or −1 for the host. */
  readonly srcTask: Int32Array;
  /** Sending core, or −1 for the host. */
  readonly srcCore: Int32Array;
  readonly dstCore: Int32Array;
  /** Route (network.routes) of the batch, or −1 when it crosses no link (same core, or from the host). */
  readonly route: Int32Array;
  /** Batches of task t: taskStart[t] .. taskStart[t + 1] − 1 (ascending receiving core). */
  readonly taskStart: Int32Array;
  /** Host batches: hostStart .. count − 1. */
  readonly hostStart: number;
  /** Batch of every axon-table destination entry (parallel to axons.destAxon). */
  readonly ofDest: Int32Array;
  /** Batch of every host fan-out entry (parallel to inputs.axon). */
  readonly ofInput: Int32Array;
  /** Tasks that need batch b: deps[depStart[b]] .. deps[depStart[b + 1] − 1]. */
  readonly depStart: Int32Array;
  readonly deps: Int32Array;
  /** Batches each task needs per step (fall-through). */
  readonly depCount: Int32Array;
  /** Topological rank of each task (fall-through: a core runs its ready task of lowest rank first). */
  readonly rank: Int32Array;
  /** Tasks left on a loop (empty when the task graph is acyclic). */
  readonly cycle: readonly number[];
  /** Batches arriving at each core per step, at most (its receive queue's capacity). */
  readonly inbound: Int32Array;
  /** (sending core, receiving core) of every route, flat. */
  readonly routePairs: Int32Array;
}

/** Distinct values of `values[from..to)`, ascending. */
function distinct(values: Int32Array, from: number, to: number, into: number[]): number[] {
  into.length = 0;
  for (let i = from; i < to; i++) if (!into.includes(values[i])) into.push(values[i]);
  return into.sort((a, b) => a - b);
}

interface Draft {
  srcTask: number[];
  srcCore: number[];
  dstCore: number[];
}

/** One batch per (task, receiving core); entries of the task's slots point at their batch. */
function taskBatches(tasks: TaskTable, axons: AxonRoutes, draft: Draft, ofDest: Int32Array): Int32Array {
  const taskStart = new Int32Array(tasks.count + 1);
  const cores: number[] = [];
  for (let t = 0; t < tasks.count; t++) {
    const first = axons.offsets[tasks.slotBase[t]];
    const last = axons.offsets[tasks.slotBase[t] + tasks.neurons[t] * tasks.channels[t]];
    const base = draft.dstCore.length;
    for (const c of distinct(axons.destCore, first, last, cores)) (draft.srcTask.push(t), draft.srcCore.push(tasks.core[t]), draft.dstCore.push(c));
    for (let d = first; d < last; d++) ofDest[d] = base + cores.indexOf(axons.destCore[d]);
    taskStart[t + 1] = draft.dstCore.length;
  }
  return taskStart;
}

function hostBatches(inputs: HostInputs, draft: Draft, ofInput: Int32Array): void {
  const base = draft.dstCore.length;
  const cores = distinct(inputs.core, 0, inputs.core.length, []);
  for (const c of cores) (draft.srcTask.push(-1), draft.srcCore.push(-1), draft.dstCore.push(c));
  for (let e = 0; e < inputs.core.length; e++) ofInput[e] = base + cores.indexOf(inputs.core[e]);
}

/** Dependents of every batch: the tasks its axons' synapses reach. */
function dependents(count: number, synapses: SynapseTable, entries: { axon: Int32Array; batch: Int32Array }[]): { depStart: Int32Array; deps: Int32Array } {
  const lists: number[][] = Array.from({ length: count }, () => []);
  for (const { axon, batch } of entries) {
    for (let e = 0; e < axon.length; e++) {
      const list = lists[batch[e]];
      for (let k = synapses.offsets[axon[e]]; k < synapses.offsets[axon[e] + 1]; k++) if (!list.includes(synapses.task[k])) list.push(synapses.task[k]);
    }
  }
  const depStart = new Int32Array(count + 1);
  lists.forEach((l, b) => (l.sort((p, q) => p - q), depStart[b + 1] = depStart[b] + l.length));
  return { depStart, deps: Int32Array.from(lists.flat()) };
}

/** Kahn's algorithm over task → dependent edges (host batches excluded); ties go to the lowest task number. */
function rankTasks(tasks: number, table: Pick<BatchTable, 'srcTask' | 'depStart' | 'deps' | 'count'>): { rank: Int32Array; cycle: number[] } {
  const indegree = new Int32Array(tasks);
  const edges: number[][] = Array.from({ length: tasks }, () => []);
  for (let b = 0; b < table.count; b++) {
    const src = table.srcTask[b];
    if (src < 0) continue;
    for (let i = table.depStart[b]; i < table.depStart[b + 1]; i++) (edges[src].push(table.deps[i]), indegree[table.deps[i]]++);
  }
  const rank = new Int32Array(tasks).fill(-1);
  const ready: number[] = [];
  for (let t = 0; t < tasks; t++) if (indegree[t] === 0) ready.push(t);
  let next = 0;
  while (ready.length > 0) {
    ready.sort((p, q) => q - p);
    const t = ready.pop()!;
    rank[t] = next++;
    for (const d of edges[t]) if (--indegree[d] === 0) ready.push(d);
  }
  const cycle: number[] = [];
  for (let t = 0; t < tasks; t++) if (rank[t] < 0) (cycle.push(t), rank[t] = next++);
  return { rank, cycle };
}

/** Routes: one per distinct (sending core, receiving core) pair of batches between different cores. */
function assignRoutes(srcCore: Int32Array, dstCore: Int32Array, coreCount: number): { route: Int32Array; routePairs: Int32Array } {
  const ids = new Map<number, number>();
  const pairs: number[] = [];
  const route = new Int32Array(srcCore.length).fill(-1);
  for (let b = 0; b < srcCore.length; b++) {
    if (srcCore[b] < 0 || srcCore[b] === dstCore[b]) continue;
    const key = srcCore[b] * coreCount + dstCore[b];
    let id = ids.get(key);
    if (id === undefined) (ids.set(key, (id = pairs.length / 2)), pairs.push(srcCore[b], dstCore[b]));
    route[b] = id;
  }
  return { route, routePairs: Int32Array.from(pairs) };
}

export function buildBatches(cores: CoreTable, tasks: TaskTable, synapses: SynapseTable, axons: AxonRoutes, inputs: HostInputs): BatchTable {
  const draft: Draft = { srcTask: [], srcCore: [], dstCore: [] };
  const ofDest = new Int32Array(axons.destAxon.length);
  const ofInput = new Int32Array(inputs.axon.length);
  const taskStart = taskBatches(tasks, axons, draft, ofDest);
  const hostStart = draft.dstCore.length;
  hostBatches(inputs, draft, ofInput);
  const count = draft.dstCore.length;
  const srcTask = Int32Array.from(draft.srcTask);
  const srcCore = Int32Array.from(draft.srcCore);
  const dstCore = Int32Array.from(draft.dstCore);
  const { depStart, deps } = dependents(count, synapses, [{ axon: axons.destAxon, batch: ofDest }, { axon: inputs.axon, batch: ofInput }]);
  const depCount = new Int32Array(tasks.count);
  for (const t of deps) depCount[t]++;
  const { rank, cycle } = rankTasks(tasks.count, { srcTask, depStart, deps, count });
  const inbound = new Int32Array(cores.count);
  for (const c of dstCore) inbound[c]++;
  const { route, routePairs } = assignRoutes(srcCore, dstCore, cores.count);
  return { count, srcTask, srcCore, dstCore, route, taskStart, hostStart, ofDest, ofInput, depStart, deps, depCount, rank, cycle, inbound, routePairs };
}
