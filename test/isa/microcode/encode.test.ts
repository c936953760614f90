// Micro-code binary encoding: field layout, round trips over random valid instructions, rejection of bad words.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LoomError } from '../../../isa/diagnostics/index.ts';
import {
  OP,
  OPCODES,
  decodeInstruction,
  encodeInstruction,
  encodeProgram,
  decodeInstructions,
  programFromBytes,
  programToBytes,
} from '../../../isa/microcode/index.ts';
import type { Instruction } from '../../../isa/microcode/index.ts';
import { instructionArb, programArb } from './arbitraries.ts';

function codeOf(f: () => unknown): number | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof LoomError) return e.code;
    throw e;
  }
  return undefined;
}

/** Pack fields without any checking, to build bad words. */
function rawWord(op: number, dst: number, a: number, b: number, imm: number): number {
  return (op | (dst << 6) | (a << 11) | (b << 16) | ((imm & 0x7ff) << 21)) >>> 0;
}

describe('micro-code word layout', () => {
  it('places opcode, dst, a, b and the signed immediate in their documented bits', () => {
    // rsc r1, p2, #-3: opcode 8, dst 1, a 26, b 0, imm -3 (0x7fd in 11 bits)
    const word = encodeInstruction({ op: 'rsc', dst: 1, a: 26, b: 0, imm: -3 });
    expect(word).toBe((8 | (1 << 6) | (26 << 11) | (0x7fd << 21)) >>> 0);
    expect(word).toBe(0xffa0d048);
    // add r2, s0, k7 = opcode 3, dst 2, a 8, b 23
    expect(encodeInstruction({ op: 'add', dst: 2, a: 8, b: 23, imm: 0 })).toBe(3 | (2 << 6) | (8 << 11) | (23 << 16));
  });

  it('gives li a 21-bit immediate in bits 11..31', () => {
    const word = encodeInstruction({ op: 'li', dst: 7, a: 0, b: 0, imm: -1048576 });
    expect(word).toBe((OP.li | (7 << 6) | (1 << 31)) >>> 0);
    expect(decodeInstruction(word).imm).toBe(-1048576);
    expect(decodeInstruction(encodeInstruction({ op: 'li', dst: 0, a: 0, b: 0, imm: 1048575 })).imm).toBe(1048575);
    expect(decodeInstruction(encodeInstruction({ op: 'li', dst: 0, a: 0, b: 0, imm: 32767 })).imm).toBe(32767);
  });

  it('stores programs as little-endian 32-bit words', () => {
    const words = Uint32Array.of(0x11223344, 0xffa0d048);
    expect(Array.from(programToBytes(words))).toEqual([0x44, 0x33, 0x22, 0x11, 0x48, 0xd0, 0xa0, 0xff]);
    expect(programFromBytes(programToBytes(words))).toEqual(words);
    expect(() => programFromBytes(new Uint8Array(5))).toThrow(RangeError);
  });

  it('is documented row by row in isa/microcode/README.md (code, mnemonic, class)', () => {
    const readme = readFileSync(new URL('../../../isa/microcode/README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| (\d+) \| `(\w+)` \|.*\| (\w+) \|$/gm)].map((m) => [Number(m[1]), m[2], m[3]]);
    expect(rows).toEqual(OPCODES.map((s) => [s.code, s.mnemonic, s.cls]));
  });

  it('has unique opcodes and mnemonics, none of them 0', () => {
    expect(new Set(OPCODES.map((s) => s.code)).size).toBe(OPCODES.length);
    expect(new Set(OPCODES.map((s) => s.mnemonic)).size).toBe(OPCODES.length);
    expect(OPCODES.every((s) => s.code > 0 && s.code < 64)).toBe(true);
  });
});

describe('micro-code round trips', () => {
  it('decode(encode(i)) = i for random valid instructions', () => {
    fc.assert(
      fc.property(instructionArb, (ins) => {
        expect(decodeInstruction(encodeInstruction(ins))).toEqual(ins);
      }),
      { numRuns: 2000 },
    );
  });

  it('encode(decode(w)) = w for every word the decoder accepts; every other word is a 55x LoomError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (word) => {
        let ins: Instruction;
        try {
          ins = decodeInstruction(word);
        } catch (e) {
          expect(e).toBeInstanceOf(LoomError);
          expect([550, 551, 552, 553]).toContain((e as LoomError).code);
          return;
        }
        expect(encodeInstruction(ins)).toBe(word);
      }),
      { numRuns: 5000 },
    );
  });

  it('round-trips whole programs', () => {
    fc.assert(
      fc.property(programArb, (program) => {
        expect(decodeInstructions(encodeProgram(program))).toEqual(program);
      }),
    );
  });
});

describe('micro-code decoder rejects bad words', () => {
  it('unknown opcodes: 550', () => {
    expect(codeOf(() => decodeInstruction(0))).toBe(550);
    for (let op = 20; op < 64; op++) expect(codeOf(() => decodeInstruction(rawWord(op, 0, 0, 0, 0)))).toBe(550);
    expect(() => decodeInstruction(0x3f, 5)).toThrow(/word 5 \(0x0000003f\): opcode 63/);
  });

  it('register numbers outside the files or of the wrong file: 551', () => {
    expect(codeOf(() => decodeInstruction(rawWord(OP.add, 0, 28, 1, 0)))).toBe(551); // a = 28: no such register
    expect(codeOf(() => decodeInstruction(rawWord(OP.add, 0, 1, 31, 0)))).toBe(551);
    expect(codeOf(() => decodeInstruction(rawWord(OP.add, 8, 1, 2, 0)))).toBe(551); // dst s0: only st writes state
    expect(codeOf(() => decodeInstruction(rawWord(OP.mov, 16, 1, 0, 0)))).toBe(551); // dst k0: read-only
    expect(codeOf(() => decodeInstruction(rawWord(OP.mov, 24, 1, 0, 0)))).toBe(551); // dst p0: read-only
    expect(codeOf(() => decodeInstruction(rawWord(OP.st, 0, 1, 0, 0)))).toBe(551); // st into a temporary
    expect(() => decodeInstruction(rawWord(OP.add, 8, 1, 2, 0), 3)).toThrow(/word 3 \(add\): dst register number 8/);
  });

  it('immediates outside the instruction range: 552', () => {
    expect(codeOf(() => decodeInstruction(rawWord(OP.shr, 0, 0, 0, 32)))).toBe(552);
    expect(codeOf(() => decodeInstruction(rawWord(OP.shr, 0, 0, 0, -1)))).toBe(552);
    expect(codeOf(() => decodeInstruction(rawWord(OP.rsc, 0, 0, 0, -32)))).toBe(552);
    expect(codeOf(() => decodeInstruction(rawWord(OP.sat, 0, 0, 0, 0)))).toBe(552);
    expect(codeOf(() => decodeInstruction(rawWord(OP.emit, 0, 0, 0, 8)))).toBe(552); // channel 8 of 0..7
  });

  it('non-zero unused fields: 553', () => {
    expect(codeOf(() => decodeInstruction(rawWord(OP.mov, 0, 1, 2, 0)))).toBe(553); // mov has no b
    expect(codeOf(() => decodeInstruction(rawWord(OP.add, 0, 1, 2, 5)))).toBe(553); // add has no immediate
    expect(codeOf(() => decodeInstruction(rawWord(OP.emit, 3, 1, 0, 0)))).toBe(553); // emit has no dst
  });

  it('the encoder applies the same checks', () => {
    expect(codeOf(() => encodeInstruction({ op: 'add', dst: 9, a: 0, b: 0, imm: 0 }))).toBe(551);
    expect(codeOf(() => encodeInstruction({ op: 'shl', dst: 0, a: 0, b: 0, imm: 99 }))).toBe(552);
    expect(codeOf(() => encodeInstruction({ op: 'relu', dst: 0, a: 0, b: 3, imm: 0 }))).toBe(553);
    expect(codeOf(() => encodeInstruction({ op: 'li', dst: 0, a: 0, b: 0, imm: 2 ** 20 }))).toBe(552);
  });
});
