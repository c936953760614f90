// Text assembler for neuron micro-code: one instruction per line, `;` comments, errors that name the line and the bad token.
import { LoomError } from '../diagnostics/index.ts';
import { encodeInstruction } from './encode.ts';
import { FORMS, OPCODES, opcodeByMnemonic, parseRegisterName, registerFile } from './opcodes.ts';
import type { Instruction, Mnemonic, OpcodeSpec, OperandSlot } from './opcodes.ts';

const IMMEDIATE = /^#?([+-]?)(0x[0-9a-f]+|[0-9]+)$/i;

/** How a form's operands read in assembly, for error messages (`rD, a, #imm`). */
export function operandShape(spec: OpcodeSpec): string {
  const names = { temp: 'rD', state: 'sD', src: 'reg', imm: '#imm', channel: 'channel' } as const;
  return FORMS[spec.form].map((s) => names[s.kind]).join(', ');
}

const EXPECTED = {
  temp: 'a temporary r0–r7',
  state: 'a state register s0–s7',
  src: 'a register (r0–r7, s0–s7, k0–k7, p0–p3)',
  imm: 'an integer immediate',
  channel: 'an output channel number',
} as const;

function parseInteger(token: string): number | undefined {
  const m = IMMEDIATE.exec(token);
  if (!m) return undefined;
  const magnitude = m[2].toLowerCase().startsWith('0x') ? parseInt(m[2].slice(2), 16) : parseInt(m[2], 10);
  return m[1] === '-' ? -magnitude : magnitude;
}

interface LineContext {
  readonly line: number;
  readonly spec: OpcodeSpec;
}

/** Parse one operand into its field value; throws a 56x LoomError naming the line and token. */
function parseOperand(ctx: LineContext, slot: OperandSlot, token: string, position: number): number {
  const { line, spec } = ctx;
  if (slot.kind === 'imm' || slot.kind === 'channel') {
    const value = parseInteger(token);
    if (value === undefined) {
      throw new LoomError('asm-bad-operand', { line, position, mnemonic: spec.mnemonic, token, expected: EXPECTED[slot.kind] });
    }
    const [min, max] = spec.imm ?? [0, 0];
    if (value < min || value > max) throw new LoomError('asm-immediate-range', { line, mnemonic: spec.mnemonic, token, min, max });
    return value;
  }
  const reg = parseRegisterName(token.toLowerCase());
  const file = reg === undefined ? undefined : registerFile(reg);
  const fits = slot.kind === 'src' ? file !== undefined : file === slot.kind;
  if (reg === undefined || !fits) {
    throw new LoomError('asm-bad-operand', { line, position, mnemonic: spec.mnemonic, token, expected: EXPECTED[slot.kind] });
  }
  return reg;
}

/** Parse one source line (already stripped of its comment) into an instruction. */
function parseLine(text: string, line: number): Instruction {
  const m = /^([^\s,]+)\s*(.*)$/.exec(text);
  const mnemonicToken = m ? m[1] : text;
  const spec = opcodeByMnemonic(mnemonicToken.toLowerCase());
  if (!spec) {
    const known = OPCODES.map((s) => s.mnemonic).join(' ');
    throw new LoomError('asm-unknown-mnemonic', { line, token: mnemonicToken, known });
  }
  const rest = m ? m[2].trim() : '';
  const tokens = rest === '' ? [] : rest.split(',').map((t) => t.trim());
  const slots = FORMS[spec.form];
  if (tokens.length !== slots.length) {
    const args = { line, mnemonic: spec.mnemonic, expected: slots.length, shape: operandShape(spec), actual: tokens.length };
    throw new LoomError('asm-operand-count', args);
  }
  const fields = { dst: 0, a: 0, b: 0, imm: 0 };
  slots.forEach((slot, i) => {
    fields[slot.field] = parseOperand({ line, spec }, slot, tokens[i], i + 1);
  });
  return { op: spec.mnemonic as Mnemonic, ...fields };
}

/** Parse assembly text into instruction records (line numbers start at 1). */
export function parseAssembly(text: string): Instruction[] {
  const program: Instruction[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const code = raw.replace(/;.*$/, '').trim();
    if (code !== '') program.push(parseLine(code, i + 1));
  });
  return program;
}

/** Assemble text into micro-code words. */
export function assemble(text: string): Uint32Array {
  const program = parseAssembly(text);
  const words = new Uint32Array(program.length);
  for (let i = 0; i < program.length; i++) words[i] = encodeInstruction(program[i], i);
  return words;
}
