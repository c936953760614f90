// Expected per-token actions a mapping makes each core do (synaptic ops, messages in and out, neuron updates, instructions), from the IR's synapses and each node's activity.
//
// These are the counts the simulator will tally, in expectation: a source neuron that emits (with
// probability P(active)) sends one message per distinct destination core of each of its channels; the
// receiving core takes it in and performs one synaptic operation per synapse of that message on the
// core; every neuron updates once per step and executes its whole program (programs have no branches).
// The host input sends for free (its receive and synaptic work is charged to the receiving cores).
// Both the split pass's objective and the compile report's speed estimate count with these functions.
import { ACTION, ACTION_COUNT } from '../../isa/chip/costs.ts';
import { INSTRUCTION_CLASSES } from '../../isa/chip/schema.ts';
import type { Connectivity, NeuronHomes, SynapseRef } from '../physical/connectivity.ts';
import { activeProbability } from '../physical/traffic.ts';

/** P(active) of every IR node: measured activity when given, else the worst case (every neuron emits every token). */
export function nodeActivity(conn: Connectivity, activity: ReadonlyMap<string, number> | undefined): Float64Array {
  return Float64Array.from(conn.ir.nodes, (node) => (activity ? activeProbability(node.name, activity) : 1));
}

/** Synapse groups into group g, gathered by the (source node, channel) stream family they carry. */
function incomingStreams(conn: Connectivity, g: number): (readonly SynapseRef[])[] {
  const byKey = new Map<string, SynapseRef[]>();
  for (const ref of conn.incoming[g]) {
    const key = `${ref.sourceNode}#${ref.channel}`;
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key)!.push(ref);
  }
  return [...byKey.values()];
}

/** Expected synaptic ops per token landing on each neuron of group g (Σ over its synapses of the source's P(active)). */
export function neuronSynops(conn: Connectivity, g: number, active: Float64Array): Float64Array {
  const out = new Float64Array(conn.groups[g].size);
  for (const ref of conn.incoming[g]) {
    const { colStart, rowIndex, cols } = ref.synapse.weights;
    const p = active[ref.sourceNode];
    for (let j = 0; j < cols; j++) for (let k = colStart[j]; k < colStart[j + 1]; k++) out[rowIndex[k]] += p;
  }
  return out;
}

/**
 * Messages group g receives when its neurons sit on cores `coreOf` (values 0 … cores − 1): per core,
 * the expected messages arriving; per source node, the expected messages each of its streams
 * (neuron · channels + channel) sends into g — one per distinct core of g it reaches.
 */
export interface GroupMessages {
  readonly receivedPerCore: Float64Array;
  readonly sentBySource: ReadonlyMap<number, Float64Array>;
}

export function groupMessages(conn: Connectivity, g: number, coreOf: Int32Array, cores: number, active: Float64Array): GroupMessages {
  const receivedPerCore = new Float64Array(cores);
  const sentBySource = new Map<number, Float64Array>();
  const stamp = new Int32Array(cores).fill(-1);
  let tag = 0;
  for (const refs of incomingStreams(conn, g)) {
    const { sourceNode, channel } = refs[0];
    const channels = conn.channels[sourceNode];
    const p = active[sourceNode];
    if (!sentBySource.has(sourceNode)) sentBySource.set(sourceNode, new Float64Array(conn.ir.nodes[sourceNode].size * channels));
    const sent = sentBySource.get(sourceNode)!;
    const cols = refs[0].synapse.weights.cols;
    for (let j = 0; j < cols; j++, tag++) {
      let reached = 0;
      for (const ref of refs) {
        const { colStart, rowIndex } = ref.synapse.weights;
        for (let k = colStart[j]; k < colStart[j + 1]; k++) {
          const core = coreOf[rowIndex[k]];
          if (stamp[core] !== tag) (stamp[core] = tag, reached++, (receivedPerCore[core] += p));
        }
      }
      sent[j * channels + channel] += p * reached;
    }
  }
  return { receivedPerCore, sentBySource };
}

/** Adds the update work of `neurons` neurons of group g (one update each, the program's instructions) to row `row` of `counts`. */
export function addUpdates(conn: Connectivity, g: number, neurons: number, counts: Float64Array, row: number): void {
  const program = conn.programs[conn.programOf[g]];
  counts[row + ACTION.neuronUpdate] += neurons;
  INSTRUCTION_CLASSES.forEach((cls, i) => (counts[row + ACTION.instruction + i] += neurons * program.info.counts[cls]));
}

/**
 * Expected actions per token of every task of a mapping — a task is one group's neurons on one core;
 * `taskOf(g, core)` gives its row — as a [rows × ACTION_COUNT] matrix (core-side actions only; hops and
 * chip crossings depend on placement and are left at 0). By default a row per core.
 */
export function coreWork(
  conn: Connectivity,
  homes: NeuronHomes,
  cores: number,
  active: Float64Array,
  tasks: { readonly rows: number; readonly taskOf: (g: number, core: number) => number } = { rows: cores, taskOf: (_, core) => core },
): Float64Array {
  const counts = new Float64Array(tasks.rows * ACTION_COUNT);
  const sentPerStream = conn.ir.nodes.map((node, i) => new Float64Array(node.size * conn.channels[i]));
  conn.groups.forEach((group, g) => {
    const coreOf = homes.core[g];
    const synops = neuronSynops(conn, g, active);
    for (let n = 0; n < group.size; n++) {
      const row = tasks.taskOf(g, coreOf[n]) * ACTION_COUNT;
      counts[row + ACTION.synop] += synops[n];
      addUpdates(conn, g, 1, counts, row);
    }
    const messages = groupMessages(conn, g, coreOf, cores, active);
    messages.receivedPerCore.forEach((m, c) => m > 0 && (counts[tasks.taskOf(g, c) * ACTION_COUNT + ACTION.messageReceive] += m));
    for (const [node, sent] of messages.sentBySource) sent.forEach((m, s) => (sentPerStream[node][s] += m));
  });
  conn.groups.forEach((group, g) => {
    const node = conn.groupNode[g];
    const channels = conn.channels[node];
    for (let s = 0; s < group.size * channels; s++) {
      counts[tasks.taskOf(g, homes.core[g][Math.floor(s / channels)]) * ACTION_COUNT + ACTION.messageSend] += sentPerStream[node][s];
    }
  });
  return counts;
}
