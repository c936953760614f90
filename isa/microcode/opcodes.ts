// The neuron micro-code instruction set: register files, cost classes and the one opcode table that encode, decode, assemble, disassemble, code generation and the README read.

// Cost classes come from the chip spec, whose timing (ns) and energy (pJ) tables are keyed by them.
import { INSTRUCTION_CLASSES } from '../chip/schema.ts';
import type { InstructionClass } from '../chip/schema.ts';

export { INSTRUCTION_CLASSES };
export type { InstructionClass };

/** Executed instructions of one or many neuron updates, by cost class (mutable: accumulated in place). */
export type InstructionCounts = Record<InstructionClass, number>;

export function createInstructionCounts(): InstructionCounts {
  return { alu: 0, mul: 0, lut: 0, mem: 0, emit: 0 };
}

/** into += from × times, class by class. */
export function addInstructionCounts(into: InstructionCounts, from: InstructionCounts, times = 1): void {
  for (const c of INSTRUCTION_CLASSES) into[c] += from[c] * times;
}

/**
 * Register files. One 5-bit register number space covers all four files:
 *   0..7  r0..r7  temporaries   (read/write; 0 at the start of every neuron update)
 *   8..15 s0..s7  state         (persistent, signed 16-bit; written only by `st`)
 *  16..23 k0..k7  parameters    (per-neuron constants, read-only)
 *  24..27 p0..p3  input ports   (this step's exact dendritic sums, read-only)
 *  28..31 —       not registers (a word naming one is rejected)
 */
export const REGISTER_FILES = {
  temp: { prefix: 'r', base: 0, count: 8 },
  state: { prefix: 's', base: 8, count: 8 },
  param: { prefix: 'k', base: 16, count: 8 },
  port: { prefix: 'p', base: 24, count: 4 },
} as const;
export type RegisterFile = keyof typeof REGISTER_FILES;
export const REGISTER_COUNT = 28;

export const STATE_BITS = 16;
export const EMIT_PAYLOAD_BITS = 24;
export const OUTPUT_CHANNELS = 8;

/** The register file a register number belongs to, or undefined for 28..31. */
export function registerFile(reg: number): RegisterFile | undefined {
  for (const file of Object.keys(REGISTER_FILES) as RegisterFile[]) {
    const { base, count } = REGISTER_FILES[file];
    if (reg >= base && reg < base + count) return file;
  }
  return undefined;
}

/** Assembly name of a register number (`r3`, `s0`, `k2`, `p1`). */
export function registerName(reg: number): string {
  const file = registerFile(reg);
  if (file === undefined) return `?${reg}`;
  const { prefix, base } = REGISTER_FILES[file];
  return `${prefix}${reg - base}`;
}

/** Register number of an assembly name, or undefined when the name is not a register. */
export function parseRegisterName(name: string): number | undefined {
  const m = /^([rskp])([0-9])$/.exec(name);
  if (!m) return undefined;
  for (const file of Object.values(REGISTER_FILES)) {
    if (file.prefix === m[1]) return Number(m[2]) < file.count ? file.base + Number(m[2]) : undefined;
  }
  return undefined;
}

/**
 * Where an operand lives in the word and what it may name:
 * `temp` a temporary destination, `state` a state destination, `src` any register,
 * `imm` a signed immediate, `channel` an output channel number (kept in the immediate field).
 */
export type OperandKind = 'temp' | 'state' | 'src' | 'imm' | 'channel';
export type WordField = 'dst' | 'a' | 'b' | 'imm';

export interface OperandSlot {
  readonly field: WordField;
  readonly kind: OperandKind;
}

/** Operand shapes, in assembly order. Fields a form does not list must be zero in the word. */
export const FORMS = {
  /** op rD, rA */
  dA: [{ field: 'dst', kind: 'temp' }, { field: 'a', kind: 'src' }],
  /** op rD, rA, rB */
  dAB: [{ field: 'dst', kind: 'temp' }, { field: 'a', kind: 'src' }, { field: 'b', kind: 'src' }],
  /** op rD, rA, #imm */
  dAI: [{ field: 'dst', kind: 'temp' }, { field: 'a', kind: 'src' }, { field: 'imm', kind: 'imm' }],
  /** op rD, #imm   (wide immediate: bits 11..31) */
  dI: [{ field: 'dst', kind: 'temp' }, { field: 'imm', kind: 'imm' }],
  /** op sD, rA */
  sA: [{ field: 'dst', kind: 'state' }, { field: 'a', kind: 'src' }],
  /** op channel, rA */
  cA: [{ field: 'imm', kind: 'channel' }, { field: 'a', kind: 'src' }],
} as const satisfies Record<string, readonly OperandSlot[]>;
export type FormName = keyof typeof FORMS;

export interface OpcodeSpec {
  readonly code: number;
  readonly mnemonic: string;
  readonly cls: InstructionClass;
  readonly form: FormName;
  /** Allowed immediate values (inclusive), for forms with an immediate or a channel. */
  readonly imm?: readonly [number, number];
  /** What the instruction computes; arith.ts names are the functions the interpreter calls. */
  readonly semantics: string;
  /** The same semantics as one JavaScript statement, for code generation (`codegen.ts`); see `JsOperands`. */
  readonly js: (o: JsOperands) => string;
}

/**
 * What an opcode's JavaScript template is given: `d`, `a`, `b` name the operand registers as local
 * variables of the generated function (`r0`, `s1`, `k2`, `p3`), `imm` is the immediate (or the
 * channel) as a number, and `send(channel, value)` is the statement that appends one message.
 * The generated code has in scope the isa/arith.ts functions `shiftRightFloor`, `rescale`, `saturate`,
 * `sigmoidLut`, `complexReluPasses` and `sat`, the caller's `SaturationCounter` (clips are counted on it).
 */
export interface JsOperands {
  readonly d: string;
  readonly a: string;
  readonly b: string;
  readonly imm: number;
  readonly send: (channel: number, value: string) => string;
}

/** Largest value of the wide immediate of `li` (21-bit signed). */
export const WIDE_IMM_BITS = 21;
export const SHORT_IMM_BITS = 11;
const WIDE: readonly [number, number] = [-(2 ** (WIDE_IMM_BITS - 1)), 2 ** (WIDE_IMM_BITS - 1) - 1];
const SHIFT: readonly [number, number] = [0, 31];

/** The instruction set. Codes are stable: images store them. Code 0 is unassigned so a zeroed word is rejected. */
export const OPCODES = [
  { code: 1, mnemonic: 'mov', cls: 'alu', form: 'dA', semantics: 'rD ← a', js: ({ d, a }) => `${d} = ${a};` },
  {
    code: 2,
    mnemonic: 'li',
    cls: 'alu',
    form: 'dI',
    imm: WIDE,
    semantics: 'rD ← imm',
    js: ({ d, imm }) => `${d} = ${imm};`,
  },
  {
    code: 3,
    mnemonic: 'add',
    cls: 'alu',
    form: 'dAB',
    semantics: 'rD ← a + b (exact)',
    js: ({ d, a, b }) => `${d} = ${a} + ${b};`,
  },
  {
    code: 4,
    mnemonic: 'sub',
    cls: 'alu',
    form: 'dAB',
    semantics: 'rD ← a − b (exact)',
    js: ({ d, a, b }) => `${d} = ${a} - ${b};`,
  },
  {
    code: 5,
    mnemonic: 'mul',
    cls: 'mul',
    form: 'dAB',
    semantics: 'rD ← a · b (exact)',
    js: ({ d, a, b }) => `${d} = ${a} * ${b};`,
  },
  {
    code: 6,
    mnemonic: 'shr',
    cls: 'alu',
    form: 'dAI',
    imm: SHIFT,
    semantics: 'rD ← shiftRightFloor(a, imm)',
    js: ({ d, a, imm }) => `${d} = shiftRightFloor(${a}, ${imm});`,
  },
  {
    code: 7,
    mnemonic: 'shl',
    cls: 'alu',
    form: 'dAI',
    imm: SHIFT,
    semantics: 'rD ← rescale(a, 0, imm) = a · 2^imm',
    js: ({ d, a, imm }) => `${d} = rescale(${a}, 0, ${imm});`,
  },
  {
    code: 8,
    mnemonic: 'rsc',
    cls: 'alu',
    form: 'dAI',
    imm: [-31, 31],
    semantics: 'rD ← rescale(a, 0, imm): exponent +imm (left shift) or −|imm| (floor right shift)',
    js: ({ d, a, imm }) => `${d} = rescale(${a}, 0, ${imm});`,
  },
  {
    code: 9,
    mnemonic: 'sat',
    cls: 'alu',
    form: 'dAI',
    imm: [1, 32],
    semantics: 'rD ← saturate(a, imm) (counted)',
    js: ({ d, a, imm }) => `${d} = saturate(${a}, ${imm}, sat);`,
  },
  {
    code: 10,
    mnemonic: 'max',
    cls: 'alu',
    form: 'dAB',
    semantics: 'rD ← max(a, b)',
    js: ({ d, a, b }) => `${d} = ${a} > ${b} ? ${a} : ${b};`,
  },
  {
    code: 11,
    mnemonic: 'min',
    cls: 'alu',
    form: 'dAB',
    semantics: 'rD ← min(a, b)',
    js: ({ d, a, b }) => `${d} = ${a} < ${b} ? ${a} : ${b};`,
  },
  {
    code: 12,
    mnemonic: 'relu',
    cls: 'alu',
    form: 'dA',
    semantics: 'rD ← max(a, 0)',
    js: ({ d, a }) => `${d} = ${a} > 0 ? ${a} : 0;`,
  },
  {
    code: 13,
    mnemonic: 'slt',
    cls: 'alu',
    form: 'dAB',
    semantics: 'rD ← a < b ? 1 : 0',
    js: ({ d, a, b }) => `${d} = ${a} < ${b} ? 1 : 0;`,
  },
  {
    code: 14,
    mnemonic: 'seq',
    cls: 'alu',
    form: 'dAB',
    semantics: 'rD ← a = b ? 1 : 0',
    js: ({ d, a, b }) => `${d} = ${a} === ${b} ? 1 : 0;`,
  },
  {
    code: 15,
    mnemonic: 'cmov',
    cls: 'alu',
    form: 'dAB',
    semantics: 'rD ← a ≠ 0 ? b : rD (select)',
    js: ({ d, a, b }) => `if (${a} !== 0) ${d} = ${b};`,
  },
  {
    code: 16,
    mnemonic: 'cpos',
    cls: 'alu',
    form: 'dAB',
    semantics: 'rD ← complexReluPasses(a, b) ? 1 : 0 (a > 0, or a = 0 and b > 0)',
    js: ({ d, a, b }) => `${d} = complexReluPasses(${a}, ${b}) ? 1 : 0;`,
  },
  {
    code: 17,
    mnemonic: 'sig',
    cls: 'lut',
    form: 'dA',
    semantics: 'rD ← sigmoidLut(a) (a at exp 6, result at exp 8)',
    js: ({ d, a }) => `${d} = sigmoidLut(${a});`,
  },
  {
    code: 18,
    mnemonic: 'st',
    cls: 'mem',
    form: 'sA',
    semantics: 'sD ← saturate(a, 16) (counted)',
    js: ({ d, a }) => `${d} = saturate(${a}, ${STATE_BITS}, sat) | 0;`,
  },
  {
    code: 19,
    mnemonic: 'emit',
    cls: 'emit',
    form: 'cA',
    imm: [0, OUTPUT_CHANNELS - 1],
    semantics: 'if a ≠ 0: send saturate(a, 24) (counted) on output channel imm',
    js: ({ a, imm, send }) => `if (${a} !== 0) ${send(imm, `saturate(${a}, ${EMIT_PAYLOAD_BITS}, sat)`)}`,
  },
] as const satisfies readonly OpcodeSpec[];

export type Mnemonic = (typeof OPCODES)[number]['mnemonic'];

/** Opcode numbers by mnemonic, for the interpreter's switch. */
export const OP = Object.freeze(Object.fromEntries(OPCODES.map((s) => [s.mnemonic, s.code]))) as {
  readonly [M in Mnemonic]: Extract<(typeof OPCODES)[number], { mnemonic: M }>['code'];
};

const BY_CODE: ReadonlyMap<number, OpcodeSpec> = new Map(OPCODES.map((s) => [s.code, s]));
const BY_MNEMONIC: ReadonlyMap<string, OpcodeSpec> = new Map(OPCODES.map((s) => [s.mnemonic, s]));

export function opcodeByCode(code: number): OpcodeSpec | undefined {
  return BY_CODE.get(code);
}

export function opcodeByMnemonic(mnemonic: string): OpcodeSpec | undefined {
  return BY_MNEMONIC.get(mnemonic);
}

/** One instruction as fields: register numbers and the immediate (unused fields are 0). */
export interface Instruction {
  readonly op: Mnemonic;
  readonly dst: number;
  readonly a: number;
  readonly b: number;
  readonly imm: number;
}
