// Public API of the neuron micro-code: ISA table, encoding, assembler, disassembler, interpreter, code generation and S5 program generators.
export {
  EMIT_PAYLOAD_BITS,
  FORMS,
  INSTRUCTION_CLASSES,
  OP,
  OPCODES,
  OUTPUT_CHANNELS,
  REGISTER_COUNT,
  REGISTER_FILES,
  SHORT_IMM_BITS,
  STATE_BITS,
  WIDE_IMM_BITS,
  addInstructionCounts,
  createInstructionCounts,
  opcodeByCode,
  opcodeByMnemonic,
  parseRegisterName,
  registerFile,
  registerName,
} from './opcodes.ts';
export type {
  FormName,
  Instruction,
  InstructionClass,
  InstructionCounts,
  Mnemonic,
  OpcodeSpec,
  OperandKind,
  OperandSlot,
  RegisterFile,
  WordField,
} from './opcodes.ts';
export {
  decodeInstruction,
  decodeInstructions,
  encodeInstruction,
  encodeProgram,
  programFromBytes,
  programToBytes,
} from './encode.ts';
export { assemble, parseAssembly } from './assemble.ts';
export { disassemble, formatInstruction } from './disassemble.ts';
export type { DisassembleOptions } from './disassemble.ts';
export { decodeProgram, usedLayout } from './program.ts';
export type { DecodedProgram, NeuronLayout } from './program.ts';
export { createEmitBuffer, executeNeuron, runNeuronGroupInterpreted } from './interpret.ts';
export { groupFunction, groupSource, runNeuronGroup } from './codegen.ts';
export type { GroupFunction } from './codegen.ts';
export type { EmitBuffer, NeuronIO } from './interpret.ts';
export {
  complexStateProgram,
  delayLineProgram,
  denseNeuronProgram,
  gluResidualProgram,
  outputNeuronProgram,
  relayProgram,
} from './programs.ts';
export type {
  ComplexStateOptions,
  DenseNeuronOptions,
  GluResidualOptions,
  NeuronProgram,
  NeuronProgramInfo,
  OutputNeuronOptions,
} from './programs.ts';
