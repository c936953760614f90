// The datapath: what the chip computes, with no notion of time — host input injection, a task's neuron update through isa/microcode runNeuronGroup (code generated from the ISA, tested equal to its interpreter), and the synaptic delivery of its messages.
//
// Ports (dendritic accumulators) live in two global buffers. A task reads and clears its ports in the
// *current* buffer; messages are added into the *delivery* buffer: the current one in fall-through
// (integrated within the step), the other one in pipelined (integrated next step; `swap` at the
// barrier). Sums are exact integers in Float64 (isa/README.md), so delivery order cannot change a
// result and delivering at send time is exact. While delivering, the datapath counts per batch the
// messages, synaptic operations and send order the timing model needs.
//
// Delivery runs in WebAssembly (simulator/delivery/): ports, emit buffer, synapse and route tables and
// batch counters live in one arena that the kernel and the JS neuron updates share.
import { SaturationCounter, quantizeActivations } from '../isa/arith.ts';
import { createInstructionCounts, runNeuronGroup, type EmitBuffer, type InstructionCounts } from '../isa/microcode/index.ts';
import { LoomError } from '../isa/diagnostics/index.ts';
import { allocateArena, ArenaTooLarge, float64, int32, uint8, MAX_ARENA_BYTES } from './delivery/arena.ts';
import { deliveryKernel, type DeliverFunction } from './delivery/kernel.ts';
import type { LoadedImage } from './load.ts';

/** Host input quantization: q = sat16(roundHalfEven((|X| − offset)·2^exp)) (isa/arith.ts quantizeActivations). */
export interface InputFormat {
  readonly exp: number;
  readonly offset: number;
}

export class Datapath {
  private current: Float64Array;
  private other: Float64Array;
  private currentAddress: number;
  private otherAddress: number;
  private currentViews: Float64Array[];
  private otherViews: Float64Array[];
  private readonly stateViews: Int32Array[];
  private readonly paramViews: Int32Array[];
  readonly state: Int32Array;
  private readonly emit: EmitBuffer;
  private readonly quantized: Int32Array;
  private readonly deliver: DeliverFunction;
  /** Byte address of every arena array (what the kernel takes as pointers). */
  private readonly at: ReturnType<typeof datapathArena>['address'];

  /** Tasks with a slot that is a model output (their messages are also copied to `outputs`). */
  private readonly writesOutputs: Uint8Array;
  /** Executed instructions of the last task, by class. */
  readonly instructions: InstructionCounts = createInstructionCounts();
  readonly saturation = new SaturationCounter();
  readonly inputSaturation = new SaturationCounter();
  /** Per batch, this step: data messages, synaptic operations at the receiver, first and last send index of its messages. */
  readonly batchMessages: Int32Array;
  readonly batchSynops: Int32Array;
  readonly batchFirst: Int32Array;
  readonly batchLast: Int32Array;
  /** Outputs are written at outputs[outputBase + external index]. */
  outputs: Int32Array = new Int32Array(0);
  outputBase = 0;

  constructor(private readonly img: LoadedImage, deliverNextStep: boolean) {
    const { tasks, axons } = img;
    let emits = 0;
    for (let t = 0; t < tasks.count; t++) emits = Math.max(emits, tasks.neurons[t] * tasks.program[t].emitsPerUpdate);
    const arena = datapathArena(img, deliverNextStep, emits);
    const { views: v, address: a } = arena;
    this.deliver = deliveryKernel(arena.memory, a);
    this.at = a;
    this.current = v.portsA;
    this.currentAddress = a.portsA;
    this.other = deliverNextStep ? v.portsB : v.portsA;
    this.otherAddress = deliverNextStep ? a.portsB : a.portsA;
    const views = (buf: Float64Array) => Array.from({ length: tasks.count }, (_, t) => buf.subarray(tasks.portBase[t], tasks.portBase[t] + tasks.neurons[t] * tasks.program[t].layout.ports));
    this.currentViews = views(this.current);
    this.otherViews = deliverNextStep ? views(this.other) : this.currentViews;
    this.state = Int32Array.from(img.initialState);
    this.stateViews = Array.from({ length: tasks.count }, (_, t) => this.state.subarray(tasks.stateBase[t], tasks.stateBase[t] + tasks.neurons[t] * tasks.program[t].layout.state));
    this.paramViews = Array.from({ length: tasks.count }, (_, t) => img.params.subarray(tasks.paramBase[t], tasks.paramBase[t] + tasks.neurons[t] * tasks.program[t].layout.params));
    this.emit = { neuron: v.emitNeuron, channel: v.emitChannel, value: v.emitValue, count: 0 };
    this.quantized = v.quantized;
    this.batchMessages = v.batchMessages;
    this.batchSynops = v.batchSynops;
    this.batchFirst = v.batchFirst;
    this.batchLast = v.batchLast;
    this.writesOutputs = Uint8Array.from({ length: tasks.count }, (_, t) => {
      for (let s = tasks.slotBase[t]; s < tasks.slotBase[t] + tasks.neurons[t] * tasks.channels[t]; s++) if (axons.slotOutput[s] >= 0) return 1;
      return 0;
    });
  }

  /** Quantize a frame of |X| and deliver its non-zero values to their input axons (integrated this step). Returns the messages sent. */
  inject(frame: ArrayLike<number>, format: InputFormat): number {
    quantizeActivations(frame, format.offset, format.exp, 16, this.quantized, this.inputSaturation);
    const at = this.at;
    return this.deliver(at.inputIndex, at.inputChannel, at.quantized, this.quantized.length, 0, 1, at.inputStart, at.inputAxon, at.ofInput, this.currentAddress, 0);
  }

  /**
   * Update task t's neurons (micro-code, isa/microcode runNeuronGroup), clear its ports, and deliver
   * every message it emits to every destination of its axon table (the wasm kernel). Returns the
   * messages sent (one per destination); `instructions` holds what the update executed.
   */
  runTask(t: number): number {
    const { tasks } = this.img;
    const out = this.emit;
    out.count = 0;
    const counts = this.instructions;
    counts.alu = counts.mul = counts.lut = counts.mem = counts.emit = 0;
    const ports = this.currentViews[t];
    runNeuronGroup(tasks.program[t], tasks.neurons[t], ports, this.stateViews[t], this.paramViews[t], out, counts, this.saturation);
    ports.fill(0);
    const slotBase = tasks.slotBase[t];
    const channels = tasks.channels[t];
    if (this.writesOutputs[t]) this.copyOutputs(slotBase, channels);
    const at = this.at;
    return this.deliver(at.emitNeuron, at.emitChannel, at.emitValue, out.count, slotBase, channels, at.slotStart, at.destAxon, at.ofDest, this.otherAddress, 0);
  }

  /** Messages of output slots are the model's outputs. */
  private copyOutputs(slotBase: number, channels: number): void {
    const { neuron, channel, value, count } = this.emit;
    const slotOutput = this.img.axons.slotOutput;
    for (let i = 0; i < count; i++) {
      const o = slotOutput[slotBase + neuron[i] * channels + channel[i]];
      if (o >= 0) this.outputs[this.outputBase + o] = value[i];
    }
  }

  /** Drop whatever reached an idle task's current ports (pipelined fill: the task had not started). */
  clearTask(t: number): void {
    this.currentViews[t].fill(0);
  }

  /** Forget batch b's counts once its transfer has been launched. */
  resetBatch(b: number): void {
    this.batchMessages[b] = 0;
    this.batchSynops[b] = 0;
  }

  /** Pipelined barrier: what was delivered this step becomes next step's current ports. */
  swap(): void {
    if (this.current === this.other) return;
    [this.current, this.other] = [this.other, this.current];
    [this.currentAddress, this.otherAddress] = [this.otherAddress, this.currentAddress];
    [this.currentViews, this.otherViews] = [this.otherViews, this.currentViews];
  }
}

/** Ports, emit buffer, tables and batch counters of an image in one wasm arena; 711 when it cannot be had. */
function datapathArena(img: LoadedImage, deliverNextStep: boolean, emits: number) {
  const { synapses, axons, inputs, batches } = img;
  const spec = {
    portsA: float64(img.portCount),
    portsB: float64(deliverNextStep ? img.portCount : 0),
    emitNeuron: int32(emits),
    emitValue: int32(emits),
    emitChannel: uint8(emits),
    quantized: int32(inputs.count),
    inputIndex: int32(Int32Array.from({ length: inputs.count }, (_, i) => i)),
    inputChannel: uint8(inputs.count),
    synStart: int32(synapses.offsets),
    entry: int32(synapses.entry),
    axonPortBase: int32(synapses.axonPortBase),
    slotStart: int32(axons.offsets),
    destAxon: int32(axons.destAxon),
    ofDest: int32(batches.ofDest),
    inputStart: int32(inputs.offsets),
    inputAxon: int32(inputs.axon),
    ofInput: int32(batches.ofInput),
    batchMessages: int32(batches.count),
    batchSynops: int32(batches.count),
    batchFirst: int32(batches.count),
    batchLast: int32(batches.count),
  };
  try {
    return allocateArena(spec);
  } catch (e) {
    if (!(e instanceof ArenaTooLarge)) throw e;
    const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;
    throw new LoomError('sim-memory', { file: img.file, needed: gib(e.bytes), limit: gib(MAX_ARENA_BYTES) });
  }
}
