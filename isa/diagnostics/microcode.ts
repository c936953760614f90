// 55x–59x diagnostics: neuron micro-code words, assembly text, program layouts and program generators.
import type { DiagnosticTable } from './types.ts';

export const MICROCODE_DIAGNOSTICS = {
  'microcode-unknown-opcode': {
    code: 550,
    template: 'micro-code word {index} ({word}): opcode {opcode} is not defined (known: {known})',
    hint: 'the program is corrupted or was built for another ISA version; assemble it again',
  },
  'microcode-bad-register': {
    code: 551,
    template: 'micro-code word {index} ({mnemonic}): {field} register number {register} is not {expected}',
    hint: 'registers are r0–r7 (temporaries, destinations), s0–s7 (state, written by st), k0–k7 (parameters), p0–p3 (ports)',
  },
  'microcode-immediate': {
    code: 552,
    template: 'micro-code word {index} ({mnemonic}): immediate {value} is outside {min}..{max}',
    hint: 'use an immediate in the instruction\'s range (see isa/microcode/README.md)',
  },
  'microcode-reserved-field': {
    code: 553,
    template: 'micro-code word {index} ({mnemonic}): unused field {field} holds {value}; it must be 0',
    hint: 'the program is corrupted; assemble it again',
  },
  'asm-unknown-mnemonic': {
    code: 560,
    template: 'line {line}: unknown mnemonic "{token}" (known: {known})',
    hint: 'write one instruction per line: mnemonic then comma-separated operands',
  },
  'asm-operand-count': {
    code: 561,
    template: 'line {line}: {mnemonic} takes {expected} operand(s) ({shape}); got {actual}',
    hint: 'separate operands with commas; comments start with ";"',
  },
  'asm-bad-operand': {
    code: 562,
    template: 'line {line}: operand {position} of {mnemonic} is "{token}"; expected {expected}',
    hint: 'registers are r0–r7, s0–s7, k0–k7, p0–p3; immediates are integers, optionally written #n',
  },
  'asm-immediate-range': {
    code: 563,
    template: 'line {line}: {mnemonic} immediate "{token}" is outside {min}..{max}',
    hint: 'use an immediate in the instruction\'s range (see isa/microcode/README.md)',
  },
  'microcode-layout': {
    code: 570,
    template: 'micro-code program uses {file} registers up to index {used}; the declared layout gives only {given}',
    hint: 'declare at least as many ports, state and parameter registers as the program reads',
  },
  'microcode-layout-limit': {
    code: 571,
    template: 'the declared layout gives {given} {file} registers; the ISA has {limit}',
    hint: 'split the neuron\'s work or use fewer registers of that file',
  },
  'microcode-generator': {
    code: 580,
    template: '{program} program: option {option} = {value}: {detail}',
    hint: 'choose a value in the allowed range (exponent differences must fit the rescale immediate)',
  },
} as const satisfies DiagnosticTable;
