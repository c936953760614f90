// Code generation for micro-code: a decoded program becomes a specialised group function (straight-line, registers as locals), written from the opcode table's `js` templates; the simulator's `runNeuronGroup`.
//
// Each opcode's semantics is written once as a template in `opcodes.ts`; this file only lays out the
// neuron loop around them: load the registers a program names into locals, run the instructions in
// order, store the state back. Generated code calls the isa/arith.ts functions the interpreter calls,
// so the fixed-point rules stay defined in one place. Tests compare it with `interpret.ts` (STYLE.md §7).
import { complexReluPasses, rescale, saturate, shiftRightFloor, sigmoidLut } from '../arith.ts';
import type { SaturationCounter } from '../arith.ts';
import { decodeInstruction } from './encode.ts';
import { formatInstruction } from './disassemble.ts';
import { FORMS, REGISTER_FILES, addInstructionCounts, opcodeByMnemonic, registerFile, registerName } from './opcodes.ts';
import type { Instruction, InstructionCounts, JsOperands, OpcodeSpec, RegisterFile } from './opcodes.ts';
import { checkGroupArrays } from './interpret.ts';
import type { EmitBuffer } from './interpret.ts';
import type { DecodedProgram } from './program.ts';

/** A program's group update: `runNeuronGroup` without the checks and the instruction counts. */
export type GroupFunction = (
  neuronCount: number,
  ports: Float64Array,
  state: Int32Array,
  params: Int32Array,
  out: EmitBuffer,
  saturations: SaturationCounter,
) => void;

/** The isa/arith.ts functions generated code may call, under the names the `js` templates use. */
const RUNTIME = { shiftRightFloor, rescale, saturate, sigmoidLut, complexReluPasses } as const;

/** Appends one message of neuron `n` (the generated loop's variables: emit arrays and their count `c`). */
function send(channel: number, value: string): string {
  return `{ neuron[c] = n; channel[c] = ${channel}; value[c] = ${value}; c++; }`;
}

function specOf(ins: Instruction): OpcodeSpec {
  const spec = opcodeByMnemonic(ins.op);
  if (!spec) throw new Error(`unknown mnemonic ${ins.op}`); // decoded instructions always have one
  return spec;
}

/** The JavaScript statement of one instruction, from its opcode's template. */
function statement(ins: Instruction): string {
  const operands: JsOperands = { d: registerName(ins.dst), a: registerName(ins.a), b: registerName(ins.b), imm: ins.imm, send };
  return `${specOf(ins).js(operands)} // ${formatInstruction(ins)}`;
}

/** Register numbers an instruction names (its operand slots, not its unused zero fields). */
function registersOf(ins: Instruction): number[] {
  return FORMS[specOf(ins).form].filter((slot) => slot.kind !== 'imm' && slot.kind !== 'channel').map((slot) => ins[slot.field]);
}

/** Registers the program names, by file, in ascending order; and the state registers it writes. */
function usedRegisters(program: readonly Instruction[]): { byFile: Record<RegisterFile, number[]>; stored: number[] } {
  const byFile: Record<RegisterFile, Set<number>> = { temp: new Set(), state: new Set(), param: new Set(), port: new Set() };
  const stored = new Set<number>();
  for (const ins of program) {
    for (const reg of registersOf(ins)) {
      const file = registerFile(reg);
      if (file) byFile[file].add(reg);
    }
    if (specOf(ins).form === 'sA') stored.add(ins.dst);
  }
  const sorted = (s: Set<number>): number[] => [...s].sort((x, y) => x - y);
  return {
    byFile: { temp: sorted(byFile.temp), state: sorted(byFile.state), param: sorted(byFile.param), port: sorted(byFile.port) },
    stored: sorted(stored),
  };
}

/** Element of register `reg` in its neuron-major array: `ports[n * 3 + 1]`. */
function element(reg: number, file: RegisterFile, array: string, stride: number): string {
  return `${array}[n * ${stride} + ${reg - REGISTER_FILES[file].base}]`;
}

/** `const p0 = ports[n * 3 + 0], p2 = …;` for the registers of one file the program names. */
function loads(keyword: string, regs: readonly number[], file: RegisterFile, array: string, stride: number): string[] {
  if (regs.length === 0) return [];
  return [`${keyword} ${regs.map((r) => `${registerName(r)} = ${element(r, file, array, stride)}`).join(', ')};`];
}

/**
 * The generated factory's body: binds the runtime and returns the group function. Per neuron: load the
 * ports, parameters and state words the program names into locals, zero its temporaries, run the
 * instructions in order, store back the state registers it writes (the others are unchanged).
 */
export function groupSource(p: DecodedProgram): string {
  const program = Array.from(p.words, (w, i) => decodeInstruction(w, i));
  const { byFile, stored } = usedRegisters(program);
  const { ports: P, state: S, params: K } = p.layout;
  const temps = byFile.temp.map((r) => `${registerName(r)} = 0`);
  const loop = [
    ...loads('const', byFile.port, 'port', 'ports', P),
    ...loads('const', byFile.param, 'param', 'params', K),
    ...loads('let', byFile.state, 'state', 'state', S),
    ...(temps.length > 0 ? [`let ${temps.join(', ')};`] : []),
    ...program.map(statement),
    ...stored.map((r) => `${element(r, 'state', 'state', S)} = ${registerName(r)};`),
  ];
  return [
    `const { ${Object.keys(RUNTIME).join(', ')} } = runtime;`,
    `return function microcodeGroup(neuronCount, ports, state, params, out, sat) {`,
    `  const neuron = out.neuron, channel = out.channel, value = out.value;`,
    `  let c = out.count;`,
    `  for (let n = 0; n < neuronCount; n++) {`,
    ...loop.map((line) => `    ${line}`),
    `  }`,
    `  out.count = c;`,
    `};`,
  ].join('\n');
}

const byProgram = new WeakMap<DecodedProgram, GroupFunction>();
const byWords = new Map<string, GroupFunction>();

/** Words and strides: everything the generated code depends on. */
function cacheKey(p: DecodedProgram): string {
  const { ports, state, params } = p.layout;
  return `${ports},${state},${params}:${Array.from(p.words).join(',')}`;
}

/** The program's generated group function, compiled once per distinct program (words and layout). */
export function groupFunction(program: DecodedProgram): GroupFunction {
  const known = byProgram.get(program);
  if (known) return known;
  const key = cacheKey(program);
  let fn = byWords.get(key);
  if (!fn) {
    fn = new Function('runtime', groupSource(program))(RUNTIME) as GroupFunction;
    byWords.set(key, fn);
  }
  byProgram.set(program, fn);
  return fn;
}

/**
 * Update every neuron of a group through the program's generated code: the same contract, results
 * and counts as `runNeuronGroupInterpreted` (interpret.ts), which tests hold it to. Arrays are
 * neuron-major with the program's layout as strides; state is updated in place; messages are appended
 * to `out`; `counts` and `saturations` accumulate. No allocation per call once the program is compiled.
 */
export function runNeuronGroup(
  program: DecodedProgram,
  neuronCount: number,
  ports: Float64Array,
  state: Int32Array,
  params: Int32Array,
  out: EmitBuffer,
  counts: InstructionCounts,
  saturations: SaturationCounter,
): void {
  checkGroupArrays(program, neuronCount, ports, state, params, out);
  groupFunction(program)(neuronCount, ports, state, params, out, saturations);
  addInstructionCounts(counts, program.counts, neuronCount);
}
