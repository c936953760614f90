// Flat index of the IR the back-end passes share: neuron groups in order, message streams, synapse groups per target and per source, distinct programs.
//
// A stream is one (source node, neuron, channel): the unit an input axon carries. Stream ids are dense:
// streamBase[node] + neuron · channels[node] + channel, nodes in topological order (the host input first),
// so sorting by stream id sorts by (node, neuron, channel).
import type { NeuronProgram } from '../../isa/microcode/index.ts';
import { neuronStateWords } from '../../isa/resources.ts';
import type { PlannedCore } from '../ir/physical.ts';
import type { CompilerIR, NeuronGroup, SynapseGroup } from '../ir/types.ts';

/** A synapse group with its ends resolved to indices. */
export interface SynapseRef {
  readonly synapse: SynapseGroup;
  /** Node index of the source (ir.nodes order). */
  readonly sourceNode: number;
  readonly channel: number;
  /** Group index of the target (groups order). */
  readonly target: number;
  readonly port: number;
}

export interface Connectivity {
  readonly ir: CompilerIR;
  /** Neuron groups in topological order. */
  readonly groups: readonly NeuronGroup[];
  /** Node index (ir.nodes) of each group. */
  readonly groupNode: Int32Array;
  /** Group index of each node, −1 for the host input. */
  readonly nodeGroup: Int32Array;
  readonly groupIndex: ReadonlyMap<string, number>;
  readonly streamBase: Int32Array;
  readonly channels: Int32Array;
  readonly streamCount: number;
  /** Synapse groups into each group (IR order). */
  readonly incoming: readonly (readonly SynapseRef[])[];
  /** Synapse groups out of each node (IR order). */
  readonly outgoing: readonly (readonly SynapseRef[])[];
  /** Distinct programs (by instruction words) and each group's index into them. */
  readonly programs: readonly NeuronProgram[];
  readonly programOf: Int32Array;
  /** State-memory words per neuron of each group. */
  readonly stateWordsPerNeuron: Int32Array;
}

function programKey(p: NeuronProgram): string {
  return Array.from(p.words).join(',');
}

/** The index of each IR, per state word width (IRs are immutable, so split, place, route and emit share one). */
const built = new WeakMap<CompilerIR, Map<number, Connectivity>>();

export function connectivity(ir: CompilerIR, stateWordBits: number): Connectivity {
  let perWidth = built.get(ir);
  if (!perWidth) built.set(ir, (perWidth = new Map()));
  if (!perWidth.has(stateWordBits)) perWidth.set(stateWordBits, buildConnectivity(ir, stateWordBits));
  return perWidth.get(stateWordBits)!;
}

function buildConnectivity(ir: CompilerIR, stateWordBits: number): Connectivity {
  const nodeIndex = new Map(ir.nodes.map((n, i) => [n.name, i]));
  const groups = ir.nodes.filter((n): n is NeuronGroup => n.kind === 'neuronGroup');
  const groupIndex = new Map(groups.map((g, i) => [g.name, i]));
  const nodeGroup = Int32Array.from(ir.nodes, (n) => groupIndex.get(n.name) ?? -1);
  const channels = Int32Array.from(ir.nodes, (n) => (n.kind === 'input' ? 1 : n.channels));
  const streamBase = new Int32Array(ir.nodes.length + 1);
  ir.nodes.forEach((n, i) => (streamBase[i + 1] = streamBase[i] + n.size * channels[i]));
  const incoming: SynapseRef[][] = groups.map(() => []);
  const outgoing: SynapseRef[][] = ir.nodes.map(() => []);
  for (const synapse of ir.synapses) {
    const ref: SynapseRef = {
      synapse,
      sourceNode: nodeIndex.get(synapse.source.node)!,
      channel: synapse.source.channel,
      target: groupIndex.get(synapse.target.group)!,
      port: synapse.target.port,
    };
    incoming[ref.target].push(ref);
    outgoing[ref.sourceNode].push(ref);
  }
  checkSynapses(ir.synapses, incoming);
  const keys = new Map<string, number>();
  const programs: NeuronProgram[] = [];
  const programOf = Int32Array.from(groups, (g) => {
    const key = programKey(g.program!);
    if (!keys.has(key)) (keys.set(key, programs.length), programs.push(g.program!));
    return keys.get(key)!;
  });
  return {
    ir,
    groups,
    groupNode: Int32Array.from(groups, (g) => nodeIndex.get(g.name)!),
    nodeGroup,
    groupIndex,
    streamBase,
    channels,
    streamCount: streamBase[ir.nodes.length],
    incoming,
    outgoing,
    programs,
    programOf,
    stateWordsPerNeuron: Int32Array.from(groups, (g) => neuronStateWords(g.program!.info.state, g.program!.info.params, stateWordBits)),
  };
}

/**
 * Invariants the word model relies on (compiler bugs if broken): rows ascend within every CSC column, and no
 * two synapse groups join the same source channel to the same target port (one dense segment per block and port).
 */
function checkSynapses(synapses: readonly SynapseGroup[], incoming: readonly (readonly SynapseRef[])[]): void {
  for (const s of synapses) {
    const { colStart, rowIndex, cols } = s.weights;
    for (let c = 0; c < cols; c++) {
      for (let k = colStart[c] + 1; k < colStart[c + 1]; k++) {
        if (rowIndex[k] <= rowIndex[k - 1]) throw new Error(`synapse group ${s.name}: rows of column ${c} do not ascend`);
      }
    }
  }
  for (const refs of incoming) {
    const seen = new Set<string>();
    for (const r of refs) {
      const key = `${r.sourceNode}#${r.channel}#${r.port}`;
      if (seen.has(key)) throw new Error(`synapse group ${r.synapse.name}: a second synapse group joins the same source channel to the same target port`);
      seen.add(key);
    }
  }
}

/** The stream of (node, neuron, channel). */
export function streamId(conn: Connectivity, node: number, neuron: number, channel: number): number {
  return conn.streamBase[node] + neuron * conn.channels[node] + channel;
}

/** (node, neuron, channel) of a stream id. */
export function streamSource(conn: Connectivity, stream: number): { node: number; neuron: number; channel: number } {
  let lo = 0;
  let hi = conn.streamBase.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (conn.streamBase[mid] <= stream) lo = mid;
    else hi = mid - 1;
  }
  const offset = stream - conn.streamBase[lo];
  return { node: lo, neuron: Math.floor(offset / conn.channels[lo]), channel: offset % conn.channels[lo] };
}

/** First k in begin..end with rows[k] ≥ value (rows ascending within a CSC column). */
export function lowerBound(rows: Uint16Array, begin: number, end: number, value: number): number {
  let lo = begin;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** For every neuron of each group, the logical core it was packed on and its local index there. */
export interface NeuronHomes {
  readonly core: readonly Int32Array[];
  readonly local: readonly Int32Array[];
}

/** Per-group arrays filled with −1, ready for a packer to fill. */
export function emptyHomes(conn: Connectivity): NeuronHomes {
  return {
    core: conn.groups.map((g) => new Int32Array(g.size).fill(-1)),
    local: conn.groups.map((g) => new Int32Array(g.size).fill(-1)),
  };
}

/** Recompute where every neuron lives from a plan (later passes: logical core and local index per group neuron). */
export function neuronHomes(conn: Connectivity, cores: readonly PlannedCore[]): NeuronHomes {
  const homes = emptyHomes(conn);
  for (const core of cores) {
    let local = 0;
    for (const b of core.blocks) {
      homes.core[b.groupIndex].fill(core.index, b.first, b.first + b.count);
      for (let n = 0; n < b.count; n++) homes.local[b.groupIndex][b.first + n] = local++;
    }
  }
  return homes;
}
