// Helpers for the back-end tests: test models, an independent per-core resource recount from an emitted image, and a functional executor of chip images.
import { quantizeActivations, SaturationCounter } from '../../isa/arith.ts';
import type { ChipSpec } from '../../isa/chip/schema.ts';
import type { ChipImage, CoreImage } from '../../isa/image/types.ts';
import { createEmitBuffer, createInstructionCounts, decodeProgram, runNeuronGroup, type DecodedProgram, type EmitBuffer } from '../../isa/microcode/index.ts';
import type { CompilerIR, InputNode } from '../../compiler/ir/types.ts';
import { createModel } from '../../models/commands/model.ts';
import { exportNetwork } from '../../models/commands/export.ts';
import type { QGraph } from '../../models/qgraph/types.ts';

/** A width-w model (dense or 90 % sparse), exported with a short calibration (exponents only need to be plausible here). */
export function testModel(width: number, sparsity: number): QGraph {
  return exportNetwork(createModel({ width, sparsity, seed: 0 }), { seed: 0, fidelityFrames: 0, calibrationFrames: 32 }).graph;
}

export interface Recount {
  readonly neurons: number;
  readonly synapseWords: number;
  readonly stateWords: number;
  readonly inputAxons: number;
  readonly outputAxons: number;
  readonly microcodeSlots: number;
}

const words = (count: number, bits: number, wordBits: number) => (count <= 0 ? 0 : Math.ceil(count / Math.floor(wordBits / bits)));

/**
 * The resources of one image core, recounted straight from the image with the documented word model
 * (a 64-bit header with one inline descriptor or entry; sparse 23-bit entries or dense 8-bit runs per
 * (slice, port) segment), written out independently of isa/resources.ts. Assumes wordBits ≥ 32.
 */
export function recountCore(core: CoreImage, spec: ChipSpec): Recount {
  const { wordBits, neurons, stateWordBits } = spec.core;
  const entryBits = Math.ceil(Math.log2(neurons)) + 2 + 8;
  const sliceOf = new Int32Array(core.neuronCount);
  core.groups.forEach((g, i) => sliceOf.fill(i, g.firstNeuron, g.firstNeuron + g.neuronCount));
  let synapseWords = 0;
  let inputAxons = 0;
  const { offsets, target, port } = core.synapses;
  for (let a = 0; a + 1 < offsets.length; a++) {
    const n = offsets[a + 1] - offsets[a];
    if (n === 0) continue;
    inputAxons++;
    const segments = new Map<number, [number, number]>();
    for (let s = offsets[a]; s < offsets[a + 1]; s++) {
      const key = sliceOf[target[s]] * 256 + port[s];
      const [lo, hi] = segments.get(key) ?? [Infinity, -Infinity];
      segments.set(key, [Math.min(lo, target[s]), Math.max(hi, target[s])]);
    }
    const span = [...segments.values()].reduce((sum, [lo, hi]) => sum + hi - lo + 1, 0);
    const sparse = words(n - (entryBits <= 32 ? 1 : 0), entryBits, wordBits);
    const dense = words(segments.size - 1, 32, wordBits) + words(span, 8, wordBits);
    synapseWords += Math.ceil(64 / wordBits) + Math.min(sparse, dense);
  }
  let outputAxons = 0;
  for (let slot = 0; slot + 1 < core.axons.offsets.length; slot++) {
    const dests = new Set<string>();
    for (let r = core.axons.offsets[slot]; r < core.axons.offsets[slot + 1]; r++) dests.add(`${core.axons.destChip[r]}:${core.axons.destCore[r]}`);
    outputAxons += dests.size;
  }
  const programs = new Map(core.programs.map((p) => [p.join(','), p.length]));
  return {
    neurons: core.neuronCount,
    synapseWords,
    stateWords: core.groups.reduce((sum, g) => sum + g.neuronCount * Math.ceil(((g.stateWords + g.paramWords) * 16) / stateWordBits), 0),
    inputAxons,
    outputAxons,
    microcodeSlots: [...programs.values()].reduce((a, b) => a + b, 0),
  };
}

interface SliceRuntime {
  readonly core: number;
  readonly program: DecodedProgram;
  readonly first: number;
  readonly count: number;
  readonly params: Int32Array;
  readonly state: Int32Array;
  readonly ports: Float64Array;
  readonly emitted: EmitBuffer;
  /** Topological index of the slice's logical group (from the symbols) and its pipeline stage. */
  readonly order: number;
  readonly stage: number;
  /** First axon-table slot of the slice and its channels per neuron. */
  readonly slotBase: number;
  readonly channels: number;
}

/**
 * Runs a chip image functionally, from its own tables only (synapse memory, axon tables, I/O map): slices
 * update in their groups' topological order; fall-through delivers messages within the step, pipelined in
 * the next step (a slice starts at its start step). The IR supplies only group names → topological order
 * and the host input's quantization.
 */
export class ImageExecutor {
  private readonly slices: SliceRuntime[] = [];
  private readonly sliceOf: Int32Array[];
  private readonly coreIndex = new Map<number, number>();
  private readonly saturation = new SaturationCounter();
  private readonly counts = createInstructionCounts();
  private readonly input: InputNode;
  private pending: [number, number, number][] = [];
  private stepIndex = 0;

  constructor(private readonly image: ChipImage, ir: CompilerIR, private readonly mode: 'fall-through' | 'pipelined') {
    this.input = ir.nodes[0] as InputNode;
    const names = ir.nodes.filter((n) => n.kind === 'neuronGroup').map((n) => n.name);
    image.cores.forEach((c, i) => this.coreIndex.set(c.chip * 0x10000 + c.core, i));
    this.sliceOf = image.cores.map((c) => new Int32Array(c.neuronCount));
    for (const sym of image.symbols!.groups) {
      const core = image.cores[sym.core];
      const g = core.groups[sym.group];
      const layout = { ports: g.ports, state: g.stateWords, params: g.paramWords, channels: g.channels };
      const params = core.params.subarray(this.offset(core, sym.group, 'paramWords'), this.offset(core, sym.group, 'paramWords') + g.neuronCount * g.paramWords);
      const state = core.state.slice(this.offset(core, sym.group, 'stateWords'), this.offset(core, sym.group, 'stateWords') + g.neuronCount * g.stateWords);
      const program = decodeProgram(core.programs[g.program], layout);
      this.sliceOf[sym.core].fill(this.slices.length, g.firstNeuron, g.firstNeuron + g.neuronCount);
      const slotBase = core.groups.slice(0, sym.group).reduce((sum, x) => sum + x.neuronCount * x.channels, 0);
      const order = names.indexOf(sym.name);
      // The pipeline start step the compiler wrote into the slice (not yet an image-format field).
      const stage = (g as { readonly startStep?: number }).startStep ?? 0;
      const ports = new Float64Array(g.neuronCount * g.ports);
      const emitted = createEmitBuffer(g.neuronCount * program.emitsPerUpdate);
      this.slices.push({ core: sym.core, program, first: g.firstNeuron, count: g.neuronCount, params, state, ports, emitted, order, stage, slotBase, channels: g.channels });
    }
    this.updateOrder = this.slices.map((_, i) => i).sort((a, b) => this.slices[a].order - this.slices[b].order);
  }

  private readonly updateOrder: number[];

  private offset(core: CoreImage, group: number, field: 'paramWords' | 'stateWords'): number {
    return core.groups.slice(0, group).reduce((sum, g) => sum + g.neuronCount * g[field], 0);
  }

  /** Deliver one message from (core, axon) with `value` to every synapse of the axon. */
  private deliver(core: number, axon: number, value: number): void {
    const { offsets, target, port, weight } = this.image.cores[core].synapses;
    for (let s = offsets[axon]; s < offsets[axon + 1]; s++) {
      const slice = this.slices[this.sliceOf[core][target[s]]];
      slice.ports[(target[s] - slice.first) * slice.program.layout.ports + port[s]] += weight[s] * value;
    }
  }

  private send(slice: SliceRuntime, neuron: number, channel: number, value: number): void {
    const slot = slice.slotBase + neuron * slice.channels + channel;
    const { offsets, destChip, destCore, destAxon } = this.image.cores[slice.core].axons;
    for (let r = offsets[slot]; r < offsets[slot + 1]; r++) {
      const dest = this.coreIndex.get(destChip[r] * 0x10000 + destCore[r])!;
      if (this.mode === 'fall-through') this.deliver(dest, destAxon[r], value);
      else this.pending.push([dest, destAxon[r], value]);
    }
  }

  /** One token: returns the external outputs emitted this step (0 where nothing was sent). */
  step(frame: ArrayLike<number>): Int32Array {
    const q = new Int32Array(this.input.size);
    quantizeActivations(frame, this.input.offset, this.input.exp, 16, q);
    const arriving = this.pending;
    this.pending = [];
    for (const [core, axon, value] of arriving) this.deliver(core, axon, value);
    const inputs = this.image.io.inputs;
    for (let k = 0; k < inputs.extIndex.length; k++) {
      const v = q[inputs.extIndex[k]];
      if (v !== 0) this.deliver(this.coreIndex.get(inputs.chip[k] * 0x10000 + inputs.core[k])!, inputs.axon[k], v);
    }
    const emitted = new Map<number, Int32Array>();
    for (const index of this.updateOrder) {
      const slice = this.slices[index];
      slice.emitted.count = 0;
      if (this.mode === 'fall-through' || this.stepIndex >= slice.stage) {
        runNeuronGroup(slice.program, slice.count, slice.ports, slice.state, slice.params, slice.emitted, this.counts, this.saturation);
      }
      slice.ports.fill(0);
      const values = new Int32Array(slice.count * 8);
      for (let i = 0; i < slice.emitted.count; i++) {
        const [n, ch, v] = [slice.emitted.neuron[i], slice.emitted.channel[i], slice.emitted.value[i]];
        values[n * 8 + ch] = v;
        this.send(slice, n, ch, v);
      }
      emitted.set(index, values);
    }
    this.stepIndex++;
    const outputs = this.image.io.outputs;
    const out = new Int32Array(outputs.count);
    for (let k = 0; k < outputs.extIndex.length; k++) {
      const core = this.coreIndex.get(outputs.chip[k] * 0x10000 + outputs.core[k])!;
      const s = this.sliceOf[core][outputs.neuron[k]];
      out[outputs.extIndex[k]] = emitted.get(s)![(outputs.neuron[k] - this.slices[s].first) * 8 + outputs.channel[k]];
    }
    return out;
  }
}
