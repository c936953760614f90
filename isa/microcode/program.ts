// A decoded micro-code program: flat typed arrays for the interpreter, the neuron's memory layout, and its static per-update cost.
import { LoomError } from '../diagnostics/index.ts';
import { decodeInstruction } from './encode.ts';
import {
  FORMS,
  OUTPUT_CHANNELS,
  REGISTER_FILES,
  createInstructionCounts,
  opcodeByMnemonic,
  registerFile,
} from './opcodes.ts';
import type { Instruction, InstructionCounts, OpcodeSpec } from './opcodes.ts';

/** Per-neuron memory a program needs: input ports, state words, parameter words, output channels. */
export interface NeuronLayout {
  readonly ports: number;
  readonly state: number;
  readonly params: number;
  readonly channels: number;
}

/**
 * A program decoded once, ready to run many times. Instruction i is (op[i], dst[i], a[i], b[i], imm[i]).
 * Programs have no branches, so every update executes all `length` instructions and `counts` is exact.
 */
export interface DecodedProgram {
  readonly words: Uint32Array;
  readonly length: number;
  readonly op: Uint8Array;
  readonly dst: Uint8Array;
  readonly a: Uint8Array;
  readonly b: Uint8Array;
  readonly imm: Int32Array;
  /** Strides of the neuron-major port, state and parameter arrays the batch interpreter reads. */
  readonly layout: NeuronLayout;
  /** Number of emit instructions: the most messages one update can send. */
  readonly emitsPerUpdate: number;
  /** Instructions one update executes, by cost class. */
  readonly counts: Readonly<InstructionCounts>;
}

function specOf(ins: Instruction): OpcodeSpec {
  const spec = opcodeByMnemonic(ins.op);
  if (!spec) throw new Error(`unknown mnemonic ${ins.op}`); // decoded instructions always have one
  return spec;
}

/** The smallest layout a program fits: highest port, state and parameter register it names, highest channel it emits on. */
export function usedLayout(program: readonly Instruction[]): NeuronLayout {
  const used = { port: 0, state: 0, param: 0, temp: 0, channel: 0 };
  for (const ins of program) {
    for (const slot of FORMS[specOf(ins).form]) {
      if (slot.kind === 'imm') continue;
      if (slot.kind === 'channel') {
        used.channel = Math.max(used.channel, ins.imm + 1);
        continue;
      }
      const reg = ins[slot.field];
      const file = registerFile(reg);
      if (file) used[file] = Math.max(used[file], reg - REGISTER_FILES[file].base + 1);
    }
  }
  return { ports: used.port, state: used.state, params: used.param, channels: used.channel };
}

const LIMITS: Readonly<Record<keyof NeuronLayout, number>> = {
  ports: REGISTER_FILES.port.count,
  state: REGISTER_FILES.state.count,
  params: REGISTER_FILES.param.count,
  channels: OUTPUT_CHANNELS,
};

/** The used layout widened to `declared` (a compiler may give a neuron more memory than its program touches). */
function resolveLayout(used: NeuronLayout, declared: Partial<NeuronLayout>): NeuronLayout {
  const out = { ...used };
  for (const key of Object.keys(LIMITS) as (keyof NeuronLayout)[]) {
    const given = declared[key];
    if (given === undefined) continue;
    if (!Number.isInteger(given) || given > LIMITS[key] || given < 0) {
      throw new LoomError('microcode-layout-limit', { given, file: key, limit: LIMITS[key] });
    }
    if (given < used[key]) throw new LoomError('microcode-layout', { file: key, used: used[key] - 1, given });
    out[key] = given;
  }
  return out;
}

/** Decode and check a program once into the interpreter's flat form; 55x/57x LoomErrors name the bad word. */
export function decodeProgram(words: Uint32Array, layout: Partial<NeuronLayout> = {}): DecodedProgram {
  const n = words.length;
  const program = Array.from(words, (w, i) => decodeInstruction(w, i));
  const decoded = {
    words: Uint32Array.from(words),
    length: n,
    op: new Uint8Array(n),
    dst: new Uint8Array(n),
    a: new Uint8Array(n),
    b: new Uint8Array(n),
    imm: new Int32Array(n),
    layout: resolveLayout(usedLayout(program), layout),
    emitsPerUpdate: 0,
    counts: createInstructionCounts(),
  };
  program.forEach((ins, i) => {
    const spec = specOf(ins);
    decoded.op[i] = spec.code;
    decoded.dst[i] = ins.dst;
    decoded.a[i] = ins.a;
    decoded.b[i] = ins.b;
    decoded.imm[i] = ins.imm;
    decoded.counts[spec.cls]++;
    if (spec.cls === 'emit') decoded.emitsPerUpdate++;
  });
  return decoded;
}
