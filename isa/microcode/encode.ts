// Binary encoding of micro-code: one 32-bit little-endian word per instruction, and the checks every word must pass.
//
// Word layout (bit 0 = least significant):
//   bits  0..5   opcode           (6 bits; 0 and unlisted codes are rejected)
//   bits  6..10  dst              (5-bit register number)
//   bits 11..15  a                (5-bit register number)
//   bits 16..20  b                (5-bit register number)
//   bits 21..31  imm              (11-bit two's complement, −1024..1023)
// `li` (form dI) has no a/b operands: its immediate is bits 11..31 (21-bit two's complement).
// Fields an instruction's form does not use must be 0, so decode∘encode and encode∘decode are identities.
import { LoomError } from '../diagnostics/index.ts';
import {
  FORMS,
  OPCODES,
  SHORT_IMM_BITS,
  WIDE_IMM_BITS,
  opcodeByCode,
  opcodeByMnemonic,
  registerFile,
} from './opcodes.ts';
import type { Instruction, Mnemonic, OpcodeSpec, OperandKind, WordField } from './opcodes.ts';

const OPCODE_MASK = 0x3f;
const REG_MASK = 0x1f;
const DST_SHIFT = 6;
const A_SHIFT = 11;
const B_SHIFT = 16;
const IMM_SHIFT = 21;

function hex(word: number): string {
  return `0x${(word >>> 0).toString(16).padStart(8, '0')}`;
}

/** Sign-extend the top `bits` bits of a word (the immediate sits at the top, so an arithmetic shift does it). */
function topSigned(word: number, bits: number): number {
  return (word | 0) >> (32 - bits);
}

function usesWideImmediate(spec: OpcodeSpec): boolean {
  return spec.form === 'dI';
}

const REGISTER_EXPECTATION: Partial<Record<OperandKind, string>> = {
  temp: 'a temporary (r0–r7)',
  state: 'a state register (s0–s7)',
  src: 'a register (r0–r7, s0–s7, k0–k7, p0–p3)',
};

function registerFits(kind: OperandKind, reg: number): boolean {
  const file = registerFile(reg);
  if (kind === 'temp') return file === 'temp';
  if (kind === 'state') return file === 'state';
  return file !== undefined;
}

/** Check an instruction's fields against its form; throws the matching 55x LoomError. `index` names the word. */
export function checkInstruction(spec: OpcodeSpec, ins: Omit<Instruction, 'op'>, index: number): void {
  const slots = FORMS[spec.form];
  const used = new Set<WordField>(slots.map((s) => s.field));
  for (const slot of slots) {
    if (slot.kind === 'imm' || slot.kind === 'channel') {
      const [min, max] = spec.imm ?? [0, 0];
      if (!Number.isInteger(ins.imm) || ins.imm < min || ins.imm > max) {
        throw new LoomError('microcode-immediate', { index, mnemonic: spec.mnemonic, value: ins.imm, min, max });
      }
    } else if (!registerFits(slot.kind, ins[slot.field])) {
      const args = { index, mnemonic: spec.mnemonic, field: slot.field, register: ins[slot.field] };
      throw new LoomError('microcode-bad-register', { ...args, expected: REGISTER_EXPECTATION[slot.kind] ?? '' });
    }
  }
  for (const field of ['dst', 'a', 'b', 'imm'] as const) {
    if (!used.has(field) && ins[field] !== 0) {
      throw new LoomError('microcode-reserved-field', { index, mnemonic: spec.mnemonic, field, value: ins[field] });
    }
  }
}

/** Pack one instruction into its 32-bit word (as an unsigned number); `index` names it in errors. */
export function encodeInstruction(ins: Instruction, index = 0): number {
  const spec = opcodeByMnemonic(ins.op);
  if (!spec) {
    const known = OPCODES.map((s) => s.mnemonic).join(', ');
    throw new LoomError('microcode-unknown-opcode', { index, word: '—', opcode: String(ins.op), known });
  }
  checkInstruction(spec, ins, index);
  let word = spec.code | (ins.dst << DST_SHIFT);
  if (usesWideImmediate(spec)) {
    word |= (ins.imm & ((1 << WIDE_IMM_BITS) - 1)) << A_SHIFT;
  } else {
    word |= (ins.a << A_SHIFT) | (ins.b << B_SHIFT) | ((ins.imm & ((1 << SHORT_IMM_BITS) - 1)) << IMM_SHIFT);
  }
  return word >>> 0;
}

/** Unpack and check one word; `index` (its position in the program) names it in errors. */
export function decodeInstruction(word: number, index = 0): Instruction {
  const code = word & OPCODE_MASK;
  const spec = opcodeByCode(code);
  if (!spec) {
    const known = OPCODES.map((s) => `${s.code}=${s.mnemonic}`).join(', ');
    throw new LoomError('microcode-unknown-opcode', { index, word: hex(word), opcode: code, known });
  }
  const dst = (word >>> DST_SHIFT) & REG_MASK;
  const ins: Instruction = usesWideImmediate(spec)
    ? { op: spec.mnemonic as Mnemonic, dst, a: 0, b: 0, imm: topSigned(word, WIDE_IMM_BITS) }
    : {
        op: spec.mnemonic as Mnemonic,
        dst,
        a: (word >>> A_SHIFT) & REG_MASK,
        b: (word >>> B_SHIFT) & REG_MASK,
        imm: topSigned(word, SHORT_IMM_BITS),
      };
  checkInstruction(spec, ins, index);
  return ins;
}

/** Encode a whole program. */
export function encodeProgram(program: readonly Instruction[]): Uint32Array {
  const words = new Uint32Array(program.length);
  for (let i = 0; i < program.length; i++) words[i] = encodeInstruction(program[i], i);
  return words;
}

/** Decode a whole program into instruction records (the interpreter's flat form is `decodeProgram`). */
export function decodeInstructions(words: Uint32Array): Instruction[] {
  return Array.from(words, (w, i) => decodeInstruction(w, i));
}

/** Little-endian bytes of a program, as stored in a chip image's micro-code section. */
export function programToBytes(words: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < words.length; i++) view.setUint32(i * 4, words[i], true);
  return bytes;
}

/** Words of a little-endian byte image of a program (length must be a multiple of 4: a broken invariant otherwise). */
export function programFromBytes(bytes: Uint8Array): Uint32Array {
  if (bytes.length % 4 !== 0) throw new RangeError(`micro-code byte length ${bytes.length} is not a multiple of 4`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const words = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < words.length; i++) words[i] = view.getUint32(i * 4, true);
  return words;
}
