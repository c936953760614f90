// Micro-code assembler and disassembler: syntax, error messages naming line and token, and text ⇄ word round trips.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LoomError } from '../../../isa/diagnostics/index.ts';
import {
  assemble,
  disassemble,
  encodeInstruction,
  encodeProgram,
  parseAssembly,
} from '../../../isa/microcode/index.ts';
import { programArb } from './arbitraries.ts';

function errorOf(f: () => unknown): LoomError {
  try {
    f();
  } catch (e) {
    if (e instanceof LoomError) return e;
    throw e;
  }
  throw new Error('expected a LoomError');
}

describe('assembler', () => {
  it('reads one instruction per line with comments, blank lines, any case and optional #', () => {
    const words = assemble(`
      ; a comment line
      ADD r0, p0, k0     ; trailing comment
      shr   r1,r0,#3
      shr r1, r0, 3
      rsc r2, s7, #-31
      rsc r2, s7, +0x1f
      li r3, #-1048576
      emit 7, r1
      st s3, r2
    `);
    expect(Array.from(words)).toEqual([
      encodeInstruction({ op: 'add', dst: 0, a: 24, b: 16, imm: 0 }),
      encodeInstruction({ op: 'shr', dst: 1, a: 0, b: 0, imm: 3 }),
      encodeInstruction({ op: 'shr', dst: 1, a: 0, b: 0, imm: 3 }),
      encodeInstruction({ op: 'rsc', dst: 2, a: 15, b: 0, imm: -31 }),
      encodeInstruction({ op: 'rsc', dst: 2, a: 15, b: 0, imm: 31 }),
      encodeInstruction({ op: 'li', dst: 3, a: 0, b: 0, imm: -1048576 }),
      encodeInstruction({ op: 'emit', dst: 0, a: 1, b: 0, imm: 7 }),
      encodeInstruction({ op: 'st', dst: 11, a: 2, b: 0, imm: 0 }),
    ]);
    expect(assemble('; nothing\n\n')).toEqual(new Uint32Array(0));
  });

  it('names the line and the mnemonic of an unknown instruction (560)', () => {
    const e = errorOf(() => assemble('mov r0, p0\n\n  ad r1, r0 ; typo'));
    expect(e.code).toBe(560);
    expect(e.message).toMatch(/line 3: unknown mnemonic "ad"/);
  });

  it('names the line and the operand counts (561)', () => {
    const e = errorOf(() => assemble('relu r0, r0\nadd r0, r1'));
    expect(e.code).toBe(561);
    expect(e.message).toMatch(/line 2: add takes 3 operand\(s\) \(rD, reg, reg\); got 2/);
    expect(errorOf(() => assemble('emit')).code).toBe(561);
  });

  it('names the line and the bad operand token (562)', () => {
    const cases: [string, string][] = [
      ['add s0, r1, r2', '"s0"'], // only st writes state
      ['mov r0, p4', '"p4"'], // four ports
      ['mov r8, r0', '"r8"'],
      ['st r0, r1', '"r0"'],
      ['add r0, r1, x', '"x"'],
      ['shr r0, r1, #2.5', '"#2.5"'],
      ['mov k0, r1', '"k0"'], // parameters are read-only
    ];
    for (const [line, token] of cases) {
      const e = errorOf(() => assemble(`\n${line}`));
      expect(e.code).toBe(562);
      expect(e.message).toContain('line 2');
      expect(e.message).toContain(token);
    }
  });

  it('names the line and the immediate out of range (563)', () => {
    const e = errorOf(() => assemble('shr r0, r0, #40'));
    expect(e.code).toBe(563);
    expect(e.message).toMatch(/line 1: shr immediate "#40" is outside 0\.\.31/);
    expect(errorOf(() => assemble('emit 8, r0')).code).toBe(563);
    expect(errorOf(() => assemble('sat r0, r0, #0')).code).toBe(563);
    expect(errorOf(() => assemble('li r0, #1048576')).code).toBe(563);
  });
});

describe('disassembler', () => {
  it('prints the assembler syntax', () => {
    const text = 'rsc r0, p0, #-7\nadd r0, r0, k0\nsat r0, r0, #16\nrelu r0, r0\nemit 0, r0\nst s1, r0\nli r1, #-5\n';
    expect(disassemble(assemble(text))).toBe(text);
    expect(disassemble(new Uint32Array(0))).toBe('');
    expect(disassemble(assemble('mov r0, p1'), { annotate: true })).toMatch(/^mov r0, p1 +; 0: 0x[0-9a-f]{8}\n$/);
  });

  it('rejects bad words with the decoder error', () => {
    expect(errorOf(() => disassemble(Uint32Array.of(0))).code).toBe(550);
  });

  it('assemble(disassemble(words)) = words for random valid programs', () => {
    fc.assert(
      fc.property(programArb, (program) => {
        const words = encodeProgram(program);
        expect(assemble(disassemble(words))).toEqual(words);
        expect(parseAssembly(disassemble(words))).toEqual(program);
      }),
      { numRuns: 500 },
    );
  });
});
