// Pass `fuse`: each neuron group's chain of element-wise operations becomes one micro-code program (isa/microcode generators).
//
// The QGraph ops are already the fusion units the published Loihi 2 deployment used (one encoder
// group, three groups per S5 block, one decoder group): BatchNorm, rescales, biases, the complex
// step, ReLUs, the sigmoid gate, the Hadamard product and the residual add all run inside those
// three neuron programs, so no element-wise op costs a message of its own.
import {
  complexStateProgram,
  denseNeuronProgram,
  gluResidualProgram,
  outputNeuronProgram,
  relayProgram,
  type NeuronProgram,
} from '../../isa/microcode/index.ts';
import type { CompilerIR, NeuronFunction, NeuronGroup } from '../ir/types.ts';

/** The program generator for each neuron function kind. */
const GENERATORS: { readonly [K in NeuronFunction['kind']]: (fn: Extract<NeuronFunction, { kind: K }>) => NeuronProgram } = {
  dense: (fn) => denseNeuronProgram(fn),
  complexState: (fn) => complexStateProgram(fn),
  output: (fn) => outputNeuronProgram(fn),
  gluResidual: (fn) => gluResidualProgram(fn),
  relay: () => relayProgram(),
};

export function programFor(fn: NeuronFunction): NeuronProgram {
  return (GENERATORS[fn.kind] as (f: NeuronFunction) => NeuronProgram)(fn);
}

function fuseGroup(g: NeuronGroup): NeuronGroup {
  const program = programFor(g.fn);
  if (program.info.params !== g.paramWords || program.info.channels !== g.channels) {
    throw new Error(`fuse: group ${g.name} has ${g.paramWords} params / ${g.channels} channels; program ${program.name} needs ${program.info.params} / ${program.info.channels}`);
  }
  return { ...g, program };
}

export function fuse(ir: CompilerIR): CompilerIR {
  return { ...ir, nodes: ir.nodes.map((n) => (n.kind === 'neuronGroup' ? fuseGroup(n) : n)) };
}
