// Loader: a ChipImage and its chip spec → the flat, read-only runtime tables the simulator runs on (tasks, synapses, axon routes, host I/O, batches, network).
//
// Everything is indexed globally: cores in image order; a *task* is one neuron-group slice of one core
// (tasks of a core are contiguous, in group order); neuron ports, state and parameters live in one
// global array each; an input axon's global number is axonBase[core] + axon; an output slot's global
// number is slotBase[task] + (neuron − firstNeuron)·channels + channel. No object per synapse or message.
import type { ChipSpec } from '../isa/chip/schema.ts';
import { LoomError } from '../isa/diagnostics/index.ts';
import type { ChipImage, CoreImage, NeuronGroupSlice } from '../isa/image/types.ts';
import { decodeProgram, type DecodedProgram } from '../isa/microcode/index.ts';
import { coreImageUsage, type ResourceCounts } from '../isa/resources.ts';
import { buildBatches, type BatchTable } from './batches.ts';
import { buildNetwork, type Network } from './chip/router.ts';
import { timePrices } from './timing.ts';

/** The cores of the image, in image order. */
export interface CoreTable {
  readonly count: number;
  readonly chip: Int32Array;
  /** Core index within its chip. */
  readonly index: Int32Array;
  readonly x: Int32Array;
  readonly y: Int32Array;
  /** Tasks of core c are taskStart[c] .. taskStart[c + 1] − 1. */
  readonly taskStart: Int32Array;
  /** Global number of the core's input axon 0. */
  readonly axonBase: Int32Array;
  /** Resources each core uses, counted from the image (isa/resources.ts). */
  readonly memory: readonly ResourceCounts[];
  readonly label: readonly string[];
}

/** Neuron-group slices ("tasks"): what a core runs, one program over a run of neurons. */
export interface TaskTable {
  readonly count: number;
  readonly core: Int32Array;
  readonly neurons: Int32Array;
  /** First neuron on its core. */
  readonly firstNeuron: Int32Array;
  readonly program: readonly DecodedProgram[];
  /** Offsets into the global port, state and parameter arrays. */
  readonly portBase: Int32Array;
  readonly stateBase: Int32Array;
  readonly paramBase: Int32Array;
  readonly slotBase: Int32Array;
  readonly channels: Int32Array;
  /** Pipelined execution: the task does not update before this step (pipeline fill). */
  readonly startStep: Int32Array;
  /** Profiling name: symbol name when the image keeps symbols, else `core N group G`. */
  readonly name: readonly string[];
}

/**
 * Synapse memory of all cores, CSR by global input axon. Each synapse is one packed Int32 (one load in
 * the hot loop): entry = localPort << 8 | (weight & 0xff), where localPort indexes the core's ports;
 * the global port is axonPortBase[axon] + (entry >> 8) and the weight (entry << 24) >> 24.
 */
export interface SynapseTable {
  readonly axonCount: number;
  readonly axonCore: Int32Array;
  /** Global index of port 0 of the axon's core. */
  readonly axonPortBase: Int32Array;
  readonly offsets: Int32Array;
  readonly entry: Int32Array;
  /** Task of each synapse's target neuron. */
  readonly task: Int32Array;
}

/** Unpack a synapse entry: its weight. */
export function synapseWeight(entry: number): number {
  return (entry << 24) >> 24;
}

/** Axon tables of all cores, CSR by global output slot: each destination is a global input axon on some core. */
export interface AxonRoutes {
  readonly slotCount: number;
  readonly offsets: Int32Array;
  readonly destAxon: Int32Array;
  readonly destCore: Int32Array;
  /** External output index a slot produces, or −1. */
  readonly slotOutput: Int32Array;
}

/** Host input fan-out, CSR by external input index. */
export interface HostInputs {
  readonly count: number;
  readonly offsets: Int32Array;
  readonly axon: Int32Array;
  readonly core: Int32Array;
}

export interface LoadedImage {
  readonly file: string;
  readonly image: ChipImage;
  readonly spec: ChipSpec;
  readonly cores: CoreTable;
  readonly tasks: TaskTable;
  readonly synapses: SynapseTable;
  readonly axons: AxonRoutes;
  readonly inputs: HostInputs;
  readonly outputCount: number;
  readonly batches: BatchTable;
  readonly network: Network;
  readonly portCount: number;
  readonly initialState: Int32Array;
  readonly params: Int32Array;
  /** Distinct chips holding at least one core. */
  readonly chipsUsed: number;
}

function checkFit(image: ChipImage, spec: ChipSpec, file: string): void {
  if (image.header.chipSpec !== spec.name) {
    throw new LoomError('sim-chip-mismatch', { file, expected: image.header.chipSpec, actual: spec.name });
  }
  for (const c of image.cores) {
    const where = { file, chip: c.chip, core: c.core, x: c.x, y: c.y, spec: spec.name };
    if (c.chip >= spec.chips.count) throw new LoomError('sim-chip-fit', { ...where, detail: `the spec has ${spec.chips.count} chip(s)` });
    if (c.core >= spec.coresPerChip) throw new LoomError('sim-chip-fit', { ...where, detail: `a chip has ${spec.coresPerChip} cores` });
    const x = c.core % spec.mesh.cols;
    const y = Math.floor(c.core / spec.mesh.cols);
    if (x !== c.x || y !== c.y) throw new LoomError('sim-chip-fit', { ...where, detail: `core ${c.core} sits at (${x}, ${y}) on a ${spec.mesh.cols}-column mesh` });
  }
}

/** Pipeline start step of a slice; the field is optional in images written before it existed. */
function startStepOf(g: NeuronGroupSlice): number {
  return (g as NeuronGroupSlice & { readonly startStep?: number }).startStep ?? 0;
}

function sliceNames(image: ChipImage): Map<number, string> {
  const names = new Map<number, string>();
  for (const s of image.symbols?.groups ?? []) names.set(s.core * 0x10000 + s.group, s.neuronOffset > 0 ? `${s.name}[${s.neuronOffset}…]` : s.name);
  return names;
}

function coreTable(image: ChipImage, spec: ChipSpec): CoreTable {
  const cores = image.cores;
  const taskStart = new Int32Array(cores.length + 1);
  const axonBase = new Int32Array(cores.length + 1);
  cores.forEach((c, i) => {
    taskStart[i + 1] = taskStart[i] + c.groups.length;
    axonBase[i + 1] = axonBase[i] + c.synapses.offsets.length - 1;
  });
  return {
    count: cores.length,
    chip: Int32Array.from(cores, (c) => c.chip),
    index: Int32Array.from(cores, (c) => c.core),
    x: Int32Array.from(cores, (c) => c.x),
    y: Int32Array.from(cores, (c) => c.y),
    taskStart,
    axonBase,
    memory: cores.map((c) => coreImageUsage(c, spec.core)),
    label: cores.map((c) => `chip ${c.chip} core ${c.core} (${c.x},${c.y})`),
  };
}

interface TaskBuild {
  readonly tasks: TaskTable;
  readonly portCount: number;
  readonly initialState: Int32Array;
  readonly params: Int32Array;
}

function taskTable(image: ChipImage): TaskBuild {
  const slices = image.cores.flatMap((core, c) => core.groups.map((g, i) => ({ core, c, g, i })));
  const n = slices.length;
  const t = {
    core: new Int32Array(n), neurons: new Int32Array(n), firstNeuron: new Int32Array(n), portBase: new Int32Array(n), stateBase: new Int32Array(n),
    paramBase: new Int32Array(n), slotBase: new Int32Array(n), channels: new Int32Array(n), startStep: new Int32Array(n),
  };
  const cache = new Map<string, DecodedProgram>();
  const names = sliceNames(image);
  const program: DecodedProgram[] = [];
  const name: string[] = [];
  let ports = 0;
  let slots = 0;
  const stateBase = new Int32Array(image.cores.length + 1);
  const paramBase = new Int32Array(image.cores.length + 1);
  image.cores.forEach((core, c) => (stateBase[c + 1] = stateBase[c] + core.state.length, paramBase[c + 1] = paramBase[c] + core.params.length));
  const cursor = { core: -1, state: 0, param: 0 };
  slices.forEach(({ core, c, g, i }, k) => {
    if (cursor.core !== c) Object.assign(cursor, { core: c, state: stateBase[c], param: paramBase[c] });
    const layout = { ports: g.ports, state: g.stateWords, params: g.paramWords, channels: g.channels };
    const key = `${c}:${g.program}:${g.ports}:${g.stateWords}:${g.paramWords}:${g.channels}`;
    let p = cache.get(key);
    if (!p) cache.set(key, (p = decodeProgram(core.programs[g.program], layout)));
    program.push(p);
    name.push(names.get(c * 0x10000 + i) ?? `core ${c} group ${i}`);
    t.core[k] = c;
    t.neurons[k] = g.neuronCount;
    t.firstNeuron[k] = g.firstNeuron;
    t.portBase[k] = ports;
    t.stateBase[k] = cursor.state;
    t.paramBase[k] = cursor.param;
    t.slotBase[k] = slots;
    t.channels[k] = g.channels;
    t.startStep[k] = startStepOf(g);
    ports += g.neuronCount * p.layout.ports;
    slots += g.neuronCount * g.channels;
    cursor.state += g.neuronCount * g.stateWords;
    cursor.param += g.neuronCount * g.paramWords;
  });
  const initialState = new Int32Array(stateBase[image.cores.length]);
  const params = new Int32Array(paramBase[image.cores.length]);
  image.cores.forEach((core, c) => (initialState.set(core.state, stateBase[c]), params.set(core.params, paramBase[c])));
  return { tasks: { count: n, ...t, program, name }, portCount: ports, initialState, params };
}

/** Task of every neuron of core c (global task numbers). */
function taskOfNeuron(core: CoreImage, firstTask: number): Int32Array {
  const of = new Int32Array(core.neuronCount);
  core.groups.forEach((g, i) => of.fill(firstTask + i, g.firstNeuron, g.firstNeuron + g.neuronCount));
  return of;
}

function synapseTable(image: ChipImage, cores: CoreTable, tasks: TaskTable): SynapseTable {
  const axonCount = cores.axonBase[cores.count];
  const total = image.cores.reduce((s, c) => s + c.synapses.weight.length, 0);
  const offsets = new Int32Array(axonCount + 1);
  const axonCore = new Int32Array(axonCount);
  const axonPortBase = new Int32Array(axonCount);
  const entry = new Int32Array(total);
  const task = new Int32Array(total);
  let k = 0;
  image.cores.forEach((core, c) => {
    const of = taskOfNeuron(core, cores.taskStart[c]);
    const base = tasks.portBase[cores.taskStart[c]] ?? 0;
    const syn = core.synapses;
    for (let a = 0; a + 1 < syn.offsets.length; a++) {
      const ga = cores.axonBase[c] + a;
      axonCore[ga] = c;
      axonPortBase[ga] = base;
      for (let s = syn.offsets[a]; s < syn.offsets[a + 1]; s++, k++) {
        const t = of[syn.target[s]];
        const local = tasks.portBase[t] - base + (syn.target[s] - tasks.firstNeuron[t]) * tasks.program[t].layout.ports + syn.port[s];
        entry[k] = (local << 8) | (syn.weight[s] & 0xff);
        task[k] = t;
      }
      offsets[ga + 1] = k;
    }
  });
  return { axonCount, axonCore, axonPortBase, offsets, entry, task };
}

/** Image core index of every (chip, core), as a lookup function. */
function coreLookup(image: ChipImage, file: string): (chip: number, core: number, what: string) => number {
  const index = new Map(image.cores.map((c, i) => [c.chip * 0x10000 + c.core, i]));
  return (chip, core, what) => {
    const i = index.get(chip * 0x10000 + core);
    if (i === undefined) throw new LoomError('image-reference', { file, section: 'simulation load', what, target: `core ${chip}.${core}`, detail: 'no such core in the image' });
    return i;
  };
}

function axonRoutes(image: ChipImage, cores: CoreTable, tasks: TaskTable, file: string): AxonRoutes {
  const lookup = coreLookup(image, file);
  const slotCount = tasks.count === 0 ? 0 : tasks.slotBase[tasks.count - 1] + tasks.neurons[tasks.count - 1] * tasks.channels[tasks.count - 1];
  const total = image.cores.reduce((s, c) => s + c.axons.destAxon.length, 0);
  const offsets = new Int32Array(slotCount + 1);
  const destAxon = new Int32Array(total);
  const destCore = new Int32Array(total);
  let slot = 0;
  let d = 0;
  image.cores.forEach((core, c) => {
    const ax = core.axons;
    for (let s = 0; s + 1 < ax.offsets.length; s++, slot++) {
      for (let r = ax.offsets[s]; r < ax.offsets[s + 1]; r++, d++) {
        const dc = lookup(ax.destChip[r], ax.destCore[r], `axon table of core ${core.chip}.${core.core}`);
        destCore[d] = dc;
        destAxon[d] = cores.axonBase[dc] + ax.destAxon[r];
      }
      offsets[slot + 1] = d;
    }
  });
  const slotOutput = new Int32Array(slotCount).fill(-1);
  const out = image.io.outputs;
  for (let i = 0; i < out.extIndex.length; i++) {
    const c = lookup(out.chip[i], out.core[i], 'output map');
    const t = taskOfNeuron(image.cores[c], cores.taskStart[c])[out.neuron[i]];
    slotOutput[tasks.slotBase[t] + (out.neuron[i] - tasks.firstNeuron[t]) * tasks.channels[t] + out.channel[i]] = out.extIndex[i];
  }
  return { slotCount, offsets, destAxon, destCore, slotOutput };
}

function hostInputs(image: ChipImage, cores: CoreTable, file: string): HostInputs {
  const lookup = coreLookup(image, file);
  const io = image.io.inputs;
  const order = Array.from(io.extIndex.keys()).sort((a, b) => io.extIndex[a] - io.extIndex[b] || a - b);
  const offsets = new Int32Array(io.count + 1);
  for (const i of order) offsets[io.extIndex[i] + 1]++;
  for (let e = 0; e < io.count; e++) offsets[e + 1] += offsets[e];
  const core = Int32Array.from(order, (i) => lookup(io.chip[i], io.core[i], 'input map'));
  const axon = Int32Array.from(order, (i, k) => cores.axonBase[core[k]] + io.axon[i]);
  return { count: io.count, offsets, axon, core };
}

/** Build the runtime tables of `image` for `spec`; `file` names the image in errors. */
export function loadImage(image: ChipImage, spec: ChipSpec, file = 'image'): LoadedImage {
  if (image.cores.length === 0) throw new LoomError('image-structure', { file, section: 'section cores', detail: 'the image has no cores; there is nothing to simulate' });
  checkFit(image, spec, file);
  const cores = coreTable(image, spec);
  const { tasks, portCount, initialState, params } = taskTable(image);
  const synapses = synapseTable(image, cores, tasks);
  const axons = axonRoutes(image, cores, tasks, file);
  const inputs = hostInputs(image, cores, file);
  const batches = buildBatches(cores, tasks, synapses, axons, inputs);
  const endpoints = Array.from({ length: cores.count }, (_, c) => ({ chip: cores.chip[c], x: cores.x[c], y: cores.y[c] }));
  const network = buildNetwork(spec, timePrices(spec), endpoints, batches.routePairs);
  return {
    file,
    image,
    spec,
    cores,
    tasks,
    synapses,
    axons,
    inputs,
    outputCount: image.io.outputs.count,
    batches,
    network,
    portCount,
    initialState,
    params,
    chipsUsed: new Set(cores.chip).size,
  };
}
