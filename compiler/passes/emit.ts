// Pass `emit`: lay out every placed core's memory (group slices, programs, parameters, initial state, synapse lists, axon tables), the I/O map and symbols, as a validated ChipImage.
import { validateImage } from '../../isa/image/index.ts';
import { FLAG_RELAY_BALANCED, IMAGE_FORMAT_VERSION, type AxonTable, type ChipImage, type CoreImage, type GroupSymbol, type ImageHeader, type IoMap, type NeuronGroupSlice, type SynapseMemory } from '../../isa/image/types.ts';
import type { CoreRouting, PhysicalPlan, PlannedCore } from '../ir/physical.ts';
import type { CompilerIR } from '../ir/types.ts';
import type { PassContext } from '../pass.ts';
import { connectivity, lowerBound, neuronHomes, type Connectivity } from '../physical/connectivity.ts';


/** Axon index of `stream` in the core's ascending axon streams. */
function axonIndex(streams: Int32Array, stream: number): number {
  let lo = 0;
  let hi = streams.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (streams[mid] < stream) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Visit every synapse into the core's blocks: (axon, local target, port, weight), per axon in block order,
 * then synapse-group order, then ascending target.
 */
function forEachSynapse(conn: Connectivity, core: PlannedCore, axons: Int32Array, visit: (axon: number, target: number, port: number, weight: number) => void): void {
  let local = 0;
  for (const b of core.blocks) {
    for (const ref of conn.incoming[b.groupIndex]) {
      const { colStart, rowIndex, values, cols } = ref.synapse.weights;
      const base = conn.streamBase[ref.sourceNode];
      const channels = conn.channels[ref.sourceNode];
      for (let c = 0; c < cols; c++) {
        const end = colStart[c + 1];
        const begin = lowerBound(rowIndex, colStart[c], end, b.first);
        if (begin === end || rowIndex[begin] >= b.first + b.count) continue;
        const axon = axonIndex(axons, base + c * channels + ref.channel);
        for (let k = begin; k < end && rowIndex[k] < b.first + b.count; k++) visit(axon, local + rowIndex[k] - b.first, ref.port, values[k]);
      }
    }
    local += b.count;
  }
}

/** Synapse memory, CSR by input axon (two passes: count, then fill). */
function synapseMemory(conn: Connectivity, core: PlannedCore, axons: Int32Array): SynapseMemory {
  const offsets = new Uint32Array(axons.length + 1);
  forEachSynapse(conn, core, axons, (axon) => offsets[axon + 1]++);
  for (let a = 0; a < axons.length; a++) offsets[a + 1] += offsets[a];
  const n = offsets[axons.length];
  const cursor = offsets.slice(0, axons.length);
  const target = new Uint16Array(n);
  const port = new Uint8Array(n);
  const weight = new Int8Array(n);
  forEachSynapse(conn, core, axons, (axon, t, p, w) => {
    const k = cursor[axon]++;
    (target[k] = t, port[k] = p, weight[k] = w);
  });
  return { offsets, target, port, weight };
}

function axonTable(routing: CoreRouting, cores: readonly PlannedCore[]): AxonTable {
  const dest = (r: number) => cores[routing.destCore[r]].position!;
  const n = routing.destCore.length;
  return {
    offsets: Uint32Array.from(routing.slotStart),
    destChip: Uint16Array.from({ length: n }, (_, r) => dest(r).chip),
    destCore: Uint16Array.from({ length: n }, (_, r) => dest(r).core),
    destAxon: Uint16Array.from(routing.destAxon),
  };
}

/** Group slices, distinct programs, parameters and zeroed state of one core. */
function neuronMemory(conn: Connectivity, core: PlannedCore, startStep: (group: string) => number): Pick<CoreImage, 'groups' | 'programs' | 'params' | 'state'> {
  const programIds: number[] = [];
  const groups: NeuronGroupSlice[] = [];
  const params: Int32Array[] = [];
  let firstNeuron = 0;
  let stateWords = 0;
  for (const b of core.blocks) {
    const group = conn.groups[b.groupIndex];
    const info = group.program!.info;
    const id = conn.programOf[b.groupIndex];
    if (!programIds.includes(id)) programIds.push(id);
    const layout = { ports: info.ports, stateWords: info.state, paramWords: info.params, channels: info.channels };
    groups.push({ program: programIds.indexOf(id), firstNeuron, neuronCount: b.count, ...layout, startStep: startStep(b.group) });
    params.push(group.params.subarray(b.first * group.paramWords, (b.first + b.count) * group.paramWords));
    firstNeuron += b.count;
    stateWords += b.count * info.state;
  }
  const flat = new Int32Array(params.reduce((n, p) => n + p.length, 0));
  params.reduce((at, p) => (flat.set(p, at), at + p.length), 0);
  return { groups, programs: programIds.map((id) => Uint32Array.from(conn.programs[id].words)), params: flat, state: new Int32Array(stateWords) };
}

/** Host inputs → every (chip, core, axon) carrying them; the output group's neurons → external outputs by neuron index. */
function ioMap(conn: Connectivity, ir: CompilerIR, plan: PhysicalPlan, order: readonly number[]): IoMap {
  const inputSize = conn.streamBase[1];
  const records: [number, number, number][] = [];
  order.forEach((logical) => {
    const streams = plan.routes!.cores[logical].axonStreams;
    for (let a = 0; a < streams.length && streams[a] < inputSize; a++) records.push([streams[a], logical, a]);
  });
  const rank = new Int32Array(plan.cores.length);
  order.forEach((logical, i) => (rank[logical] = i));
  records.sort((p, q) => p[0] - q[0] || rank[p[1]] - rank[q[1]]);
  const pos = (logical: number) => plan.cores[logical].position!;
  const g = conn.groupIndex.get(ir.output.group)!;
  const homes = neuronHomes(conn, plan.cores);
  const size = conn.groups[g].size;
  const input = ir.nodes[0];
  const output = ir.nodes.find((n) => n.name === ir.output.group);
  return {
    inputs: {
      count: inputSize,
      exp: input.kind === 'input' ? input.exp : 0,
      offset: input.kind === 'input' ? input.offset : 0,
      extIndex: Uint32Array.from(records, (r) => r[0]),
      chip: Uint16Array.from(records, (r) => pos(r[1]).chip),
      core: Uint16Array.from(records, (r) => pos(r[1]).core),
      axon: Uint16Array.from(records, (r) => r[2]),
    },
    outputs: {
      count: size,
      exp: output?.kind === 'neuronGroup' ? output.outExp : 0,
      extIndex: Uint32Array.from({ length: size }, (_, n) => n),
      chip: Uint16Array.from(homes.core[g], (c) => pos(c).chip),
      core: Uint16Array.from(homes.core[g], (c) => pos(c).core),
      neuron: Uint16Array.from(homes.local[g]),
      channel: new Uint8Array(size).fill(ir.output.channel),
    },
  };
}

function header(ir: CompilerIR, plan: PhysicalPlan, ctx: PassContext): ImageHeader {
  const pipelined = ir.mode !== 'fall-through';
  return {
    formatVersion: IMAGE_FORMAT_VERSION,
    chipSpec: ctx.chip.name,
    chipCount: Math.max(...plan.cores.map((c) => c.position!.chip)) + 1,
    mode: pipelined ? 'pipelined' : 'fall-through',
    pipelineDepth: pipelined ? ir.pipelineDepth ?? 0 : 0,
    seed: ctx.seed >>> 0,
    flags: pipelined ? FLAG_RELAY_BALANCED : 0,
  };
}

export function emit(ir: CompilerIR, plan: PhysicalPlan, ctx: PassContext): ChipImage {
  if (!plan.routes) throw new Error('emit: the plan has no routes; run route first');
  const conn = connectivity(ir, ctx.chip.core.stateWordBits);
  const key = (c: PlannedCore) => c.position!.chip * 0x10000 + c.position!.core;
  const order = plan.cores.map((c) => c.index).sort((a, b) => key(plan.cores[a]) - key(plan.cores[b]));
  const startStep = (group: string) => (ir.mode === 'fall-through' ? 0 : ir.stages?.get(group) ?? 0);
  const cores: CoreImage[] = order.map((logical) => {
    const core = plan.cores[logical];
    const routing = plan.routes!.cores[logical];
    const { chip, core: index, x, y } = core.position!;
    const memory = neuronMemory(conn, core, startStep);
    return { chip, core: index, x, y, neuronCount: core.usage.neurons, ...memory, synapses: synapseMemory(conn, core, routing.axonStreams), axons: axonTable(routing, plan.cores) };
  });
  const symbols: GroupSymbol[] = order.flatMap((logical, c) =>
    plan.cores[logical].blocks.map((b, i) => ({ core: c, group: i, name: b.group, layer: conn.groups[b.groupIndex].layer, neuronOffset: b.first })),
  );
  const image: ChipImage = { header: header(ir, plan, ctx), cores, io: ioMap(conn, ir, plan, order), symbols: { groups: symbols } };
  validateImage(image, `compiled image (chip spec ${ctx.chip.name})`);
  return image;
}
