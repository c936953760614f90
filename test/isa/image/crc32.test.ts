// CRC-32 (IEEE) against published check values.
import { describe, expect, it } from 'vitest';
import { crc32, hex32 } from '../../../isa/image/crc32.ts';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('crc32', () => {
  it.each([
    ['', 0x00000000],
    ['a', 0xe8b7be43],
    ['abc', 0x352441c2],
    ['123456789', 0xcbf43926],
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ])('crc32(%j)', (text, expected) => {
    expect(crc32(ascii(text))).toBe(expected);
  });

  it('32 zero bytes and 32 0xFF bytes', () => {
    expect(crc32(new Uint8Array(32))).toBe(0x190a55ad);
    expect(crc32(new Uint8Array(32).fill(0xff))).toBe(0xff6cab0b);
  });

  it('a sub-range equals the CRC of that slice', () => {
    const bytes = ascii('xx123456789yy');
    expect(crc32(bytes, 2, 11)).toBe(0xcbf43926);
  });

  it('prints as 0x and eight hex digits', () => {
    expect(hex32(0xcbf43926)).toBe('0xcbf43926');
    expect(hex32(5)).toBe('0x00000005');
  });
});
