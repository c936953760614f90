// The datapath: what the chip computes, with no notion of time — host input injection, a task's neuron update through isa/microcode runNeuronGroup (code generated from the ISA, tested equal to its interpreter), and the synaptic delivery of its messages.
//
// Ports (dendritic accumulators) live in two global buffers. A task reads and clears its ports in the
// *current* buffer; messages are added into the *delivery* buffer: the current one in fall-through
// (integrated within the step), the other one in pipelined (integrated next step; `swap` at the
// barrier). Sums are exact integers in Float64 (isa/README.md), so delivery order cannot change a
// result and delivering at send time is exact. While delivering, the datapath counts per batch the
// messages, synaptic operations and send order the timing model needs.
import { SaturationCounter, quantizeActivations } from '../isa/arith.ts';
import { createEmitBuffer, createInstructionCounts, runNeuronGroup, type EmitBuffer, type InstructionCounts } from '../isa/microcode/index.ts';
import type { LoadedImage } from './load.ts';

/** Host input quantization: q = sat16(roundHalfEven((|X| − offset)·2^exp)) (isa/arith.ts quantizeActivations). */
export interface InputFormat {
  readonly exp: number;
  readonly offset: number;
}

export class Datapath {
  private current: Float64Array;
  private other: Float64Array;
  private currentViews: Float64Array[];
  private otherViews: Float64Array[];
  private readonly stateViews: Int32Array[];
  private readonly paramViews: Int32Array[];
  readonly state: Int32Array;
  private readonly emit: EmitBuffer;
  private readonly quantized: Int32Array;
  /** Executed instructions of the last task, by class. */
  readonly instructions: InstructionCounts = createInstructionCounts();
  readonly saturation = new SaturationCounter();
  readonly inputSaturation = new SaturationCounter();
  /** Per batch, this step: data messages, synaptic operations at the receiver, first and last send index of its messages. */
  readonly batchMessages: Int32Array;
  readonly batchSynops: Float64Array;
  readonly batchFirst: Int32Array;
  readonly batchLast: Int32Array;
  /** Outputs are written at outputs[outputBase + external index]. */
  outputs: Int32Array = new Int32Array(0);
  outputBase = 0;

  constructor(private readonly img: LoadedImage, private readonly deliverNextStep: boolean) {
    const { tasks } = img;
    this.current = new Float64Array(img.portCount);
    this.other = deliverNextStep ? new Float64Array(img.portCount) : this.current;
    const views = (buf: Float64Array) => Array.from({ length: tasks.count }, (_, t) => buf.subarray(tasks.portBase[t], tasks.portBase[t] + tasks.neurons[t] * tasks.program[t].layout.ports));
    this.currentViews = views(this.current);
    this.otherViews = deliverNextStep ? views(this.other) : this.currentViews;
    this.state = Int32Array.from(img.initialState);
    this.stateViews = Array.from({ length: tasks.count }, (_, t) => this.state.subarray(tasks.stateBase[t], tasks.stateBase[t] + tasks.neurons[t] * tasks.program[t].layout.state));
    this.paramViews = Array.from({ length: tasks.count }, (_, t) => img.params.subarray(tasks.paramBase[t], tasks.paramBase[t] + tasks.neurons[t] * tasks.program[t].layout.params));
    let emits = 0;
    for (let t = 0; t < tasks.count; t++) emits = Math.max(emits, tasks.neurons[t] * tasks.program[t].emitsPerUpdate);
    this.emit = createEmitBuffer(emits);
    this.quantized = new Int32Array(img.inputs.count);
    const b = img.batches.count;
    this.batchMessages = new Int32Array(b);
    this.batchSynops = new Float64Array(b);
    this.batchFirst = new Int32Array(b);
    this.batchLast = new Int32Array(b);
  }

  /** Quantize a frame of |X| and deliver its non-zero values to their input axons (integrated this step). Returns the messages sent. */
  inject(frame: ArrayLike<number>, format: InputFormat): number {
    const q = this.quantized;
    quantizeActivations(frame, format.offset, format.exp, 16, q, this.inputSaturation);
    const { offsets, axon } = this.img.inputs;
    const ofInput = this.img.batches.ofInput;
    let sent = 0;
    for (let i = 0; i < q.length; i++) {
      const v = q[i];
      if (v === 0) continue;
      for (let e = offsets[i]; e < offsets[i + 1]; e++) sent = this.deliver(this.current, axon[e], v, ofInput[e], sent);
    }
    return sent;
  }

  /** Add value v through every synapse of global axon `ga` into `ports`; count it in batch b as send number `index`. */
  private deliver(ports: Float64Array, ga: number, v: number, b: number, index: number): number {
    const { offsets, entry, axonPortBase } = this.img.synapses;
    const k1 = offsets[ga + 1];
    const base = axonPortBase[ga];
    for (let k = offsets[ga]; k < k1; k++) {
      const e = entry[k];
      ports[base + (e >> 8)] += ((e << 24) >> 24) * v;
    }
    if (this.batchMessages[b]++ === 0) this.batchFirst[b] = index;
    this.batchLast[b] = index;
    this.batchSynops[b] += k1 - offsets[ga];
    return index + 1;
  }

  /**
   * Update task t's neurons (micro-code, isa/microcode runNeuronGroup), clear its ports, and deliver
   * every message it emits to every destination of its axon table. Returns the messages sent (one per
   * destination); `instructions` holds what the update executed.
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
    return this.fanOut(tasks.slotBase[t], tasks.channels[t]);
  }

  /**
   * The hot loop: every emitted message × every destination of its slot × every synapse of that
   * destination axon. Counts per batch as it goes; kept free of calls and property chains.
   */
  private fanOut(slotBase: number, channels: number): number {
    const out = this.emit;
    const { neuron, channel, value } = out;
    const target = this.other;
    const { offsets: slotStart, destAxon, slotOutput } = this.img.axons;
    const { offsets: synStart, entry, axonPortBase } = this.img.synapses;
    const ofDest = this.img.batches.ofDest;
    const { batchMessages, batchFirst, batchLast, batchSynops } = this;
    const outputs = this.outputs;
    const outputBase = this.outputBase;
    const n = out.count;
    let sent = 0;
    for (let i = 0; i < n; i++) {
      const slot = slotBase + neuron[i] * channels + channel[i];
      const v = value[i];
      const o = slotOutput[slot];
      if (o >= 0) outputs[outputBase + o] = v;
      const dEnd = slotStart[slot + 1];
      for (let d = slotStart[slot]; d < dEnd; d++) {
        const ga = destAxon[d];
        const k0 = synStart[ga];
        const k1 = synStart[ga + 1];
        const base = axonPortBase[ga];
        for (let k = k0; k < k1; k++) {
          const e = entry[k];
          target[base + (e >> 8)] += ((e << 24) >> 24) * v;
        }
        const b = ofDest[d];
        if (batchMessages[b]++ === 0) batchFirst[b] = sent;
        batchLast[b] = sent++;
        batchSynops[b] += k1 - k0;
      }
    }
    return sent;
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
    [this.currentViews, this.otherViews] = [this.otherViews, this.currentViews];
  }
}
