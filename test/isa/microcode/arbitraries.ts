// fast-check generators of valid micro-code instructions and programs, shared by the micro-code tests.
import fc from 'fast-check';
import { FORMS, OPCODES, REGISTER_FILES } from '../../../isa/microcode/index.ts';
import type { Instruction, Mnemonic, OperandKind } from '../../../isa/microcode/index.ts';

const { temp, state, port } = REGISTER_FILES;

function operand(kind: OperandKind, imm: readonly [number, number] | undefined): fc.Arbitrary<number> {
  switch (kind) {
    case 'temp':
      return fc.integer({ min: temp.base, max: temp.base + temp.count - 1 });
    case 'state':
      return fc.integer({ min: state.base, max: state.base + state.count - 1 });
    case 'src':
      return fc.integer({ min: 0, max: port.base + port.count - 1 });
    case 'imm':
    case 'channel':
      return fc.integer({ min: imm?.[0] ?? 0, max: imm?.[1] ?? 0 });
  }
}

/** A valid instance of one opcode: operands its form allows, unused fields 0. */
export function instructionOf(spec: (typeof OPCODES)[number]): fc.Arbitrary<Instruction> {
  const fields: Record<'dst' | 'a' | 'b' | 'imm', fc.Arbitrary<number>> = {
    dst: fc.constant(0),
    a: fc.constant(0),
    b: fc.constant(0),
    imm: fc.constant(0),
  };
  for (const slot of FORMS[spec.form]) fields[slot.field] = operand(slot.kind, 'imm' in spec ? spec.imm : undefined);
  return fc.record(fields).map((f) => ({ op: spec.mnemonic as Mnemonic, ...f }));
}

/** Any valid instruction: a table opcode with operands its form allows, unused fields 0. */
export const instructionArb: fc.Arbitrary<Instruction> = fc.constantFrom(...OPCODES).chain(instructionOf);

export const programArb: fc.Arbitrary<Instruction[]> = fc.array(instructionArb, { minLength: 0, maxLength: 40 });

/** A signed integer of `bits` bits. */
export function signedBits(bits: number): fc.Arbitrary<number> {
  return fc.integer({ min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 });
}
