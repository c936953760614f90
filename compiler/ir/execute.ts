// Functional executor over the IR (no timing): runs every neuron group's micro-code on the messages of its synapse groups.
//
// Fall-through: a token passes all groups in topological order within one step. Pipelined: every
// group integrates what its sources emitted in the previous step, so outputs lag by the pipeline depth.
// It checks lowering, fusion and delay balancing against the reference interpreter, bit for bit.
// While a pipelined program fills, a group stays idle until its stage's first token reaches it, so
// biases cannot drive a stateful neuron before its first real input (the image's per-group start step).
import { SaturationCounter, quantizeActivations } from '../../isa/arith.ts';
import { createEmitBuffer, createInstructionCounts, decodeProgram, runNeuronGroup, type DecodedProgram, type EmitBuffer } from '../../isa/microcode/index.ts';
import type { CompilerIR, InputNode, NeuronGroup, SynapseGroup } from './types.ts';

interface GroupRuntime {
  readonly group: NeuronGroup;
  readonly program: DecodedProgram;
  readonly incoming: readonly SynapseGroup[];
  readonly ports: Float64Array;
  readonly state: Int32Array;
  readonly emitted: EmitBuffer;
}

/** Per channel, the value each neuron of a node emitted this step (0 when it sent nothing). */
type Outputs = Map<string, Int32Array[]>;

export class IrExecutor {
  private readonly input: InputNode;
  private readonly groups: GroupRuntime[];
  private current: Outputs = new Map();
  private previous: Outputs = new Map();
  readonly saturation = new SaturationCounter();
  readonly counts = createInstructionCounts();
  synapticOps = 0;
  private stepIndex = 0;

  constructor(readonly ir: CompilerIR, readonly mode: 'fall-through' | 'pipelined') {
    this.input = ir.nodes[0] as InputNode;
    this.groups = ir.nodes
      .filter((n): n is NeuronGroup => n.kind === 'neuronGroup')
      .map((group) => {
        const program = decodeProgram(group.program!.words, group.program!.info);
        return {
          group,
          program,
          incoming: ir.synapses.filter((s) => s.target.group === group.name),
          ports: new Float64Array(group.size * program.layout.ports),
          state: new Int32Array(group.size * program.layout.state),
          emitted: createEmitBuffer(group.size * program.emitsPerUpdate),
        };
      });
    for (const outputs of [this.current, this.previous]) {
      outputs.set(this.input.name, [new Int32Array(this.input.size)]);
      for (const g of this.groups) outputs.set(g.group.name, Array.from({ length: g.group.channels }, () => new Int32Array(g.group.size)));
    }
  }

  /** One step: inject a frame of |X| (floats); returns the output group's values emitted this step. */
  step(frame: ArrayLike<number>): Int32Array {
    const target = this.mode === 'fall-through' ? this.current : this.previous;
    quantizeActivations(frame, this.input.offset, this.input.exp, 16, target.get(this.input.name)![0]);
    const sources = this.mode === 'fall-through' ? this.current : this.previous;
    for (const g of this.groups) {
      if (this.mode === 'pipelined' && this.stepIndex < (this.ir.stages?.get(g.group.name) ?? 0)) continue;
      this.update(g, sources);
    }
    this.stepIndex++;
    if (this.mode === 'pipelined') [this.current, this.previous] = [this.previous, this.current];
    const out = this.mode === 'pipelined' ? this.previous : this.current;
    return out.get(this.ir.output.group)![this.ir.output.channel];
  }

  private update(g: GroupRuntime, sources: Outputs): void {
    const P = g.program.layout.ports;
    g.ports.fill(0);
    for (const s of g.incoming) {
      const x = sources.get(s.source.node)![s.source.channel];
      const { colStart, rowIndex, values } = s.weights;
      const port = s.target.port;
      for (let c = 0; c < x.length; c++) {
        const v = x[c];
        if (v === 0) continue;
        for (let k = colStart[c]; k < colStart[c + 1]; k++) g.ports[rowIndex[k] * P + port] += values[k] * v;
        this.synapticOps += colStart[c + 1] - colStart[c];
      }
    }
    g.emitted.count = 0;
    runNeuronGroup(g.program, g.group.size, g.ports, g.state, g.group.params, g.emitted, this.counts, this.saturation);
    const channels = this.current.get(g.group.name)!;
    for (const ch of channels) ch.fill(0);
    for (let i = 0; i < g.emitted.count; i++) channels[g.emitted.channel[i]][g.emitted.neuron[i]] = g.emitted.value[i];
  }
}
