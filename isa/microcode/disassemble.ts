// Disassembler for neuron micro-code: words back to the assembler's text, so assemble(disassemble(words)) equals words.
import { decodeInstruction } from './encode.ts';
import { FORMS, opcodeByMnemonic, registerName } from './opcodes.ts';
import type { Instruction, OperandSlot } from './opcodes.ts';

function formatOperand(slot: OperandSlot, ins: Instruction): string {
  const value = ins[slot.field];
  if (slot.kind === 'imm') return `#${value}`;
  if (slot.kind === 'channel') return String(value);
  return registerName(value);
}

/** One instruction as assembly text (`add r0, r0, k0`). */
export function formatInstruction(ins: Instruction): string {
  const spec = opcodeByMnemonic(ins.op);
  if (!spec) throw new Error(`unknown mnemonic ${ins.op}`); // Instruction.op is typed; reaching here is a bug
  const operands = FORMS[spec.form].map((slot) => formatOperand(slot, ins));
  return operands.length === 0 ? ins.op : `${ins.op} ${operands.join(', ')}`;
}

export interface DisassembleOptions {
  /** Append `; index: 0xWORD` to every line (for `loom inspect` listings). */
  readonly annotate?: boolean;
}

/** Words to assembly text, one instruction per line; rejects bad words with the decoder's 55x LoomError. */
export function disassemble(words: Uint32Array, options: DisassembleOptions = {}): string {
  const lines: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const text = formatInstruction(decodeInstruction(words[i], i));
    lines.push(options.annotate ? `${text.padEnd(24)}; ${i}: 0x${words[i].toString(16).padStart(8, '0')}` : text);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
