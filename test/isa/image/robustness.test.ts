// A damaged image file is always a LoomError naming the section (and byte offset) — for truncation, flips, bad framing, bad counts and bad references.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LoomError } from '../../../isa/diagnostics/index.ts';
import { decodeImage, encodeImage, readImageFrame } from '../../../isa/image/index.ts';
import { PROPERTY_LIMITS, arbImage, blockAt, expectImageError, frameFile, resealed, sectionAt, sectionBodies, smallImage } from './images.ts';

const FILE = 'small.limg';
const bytes = encodeImage(smallImage());
const { sections } = readImageFrame(bytes, FILE);
const tableEnd = 32 + 16 * sections.length;
const decode = (b: Uint8Array) => () => decodeImage(b, FILE);
const u32 = (b: Uint8Array, at: number, v: number) => new DataView(b.buffer).setUint32(at, v, true);
const u16 = (b: Uint8Array, at: number, v: number) => new DataView(b.buffer).setUint16(at, v, true);

/** The part of the file holding byte `at`, as messages name it. */
function partAt(at: number): string {
  if (at < 32) return 'file header';
  if (at < tableEnd) return 'section table';
  return `section ${sections.find((s) => at < s.offset + s.length)!.name}`;
}

describe('truncation', () => {
  it.each(sections.map((s) => [s.name, s.offset] as const))('cut at the start of section %s → L502 naming it', (name, offset) => {
    const e = expectImageError(decode(bytes.subarray(0, offset)), 502, `section ${name} is truncated`);
    expect(e.message).toContain(`file ends at byte ${offset}`);
  });

  it.each(sections.map((s) => [s.name, s.offset + (s.length >> 1)] as const))('cut in the middle of section %s → L502 naming it', (name, cut) => {
    expectImageError(decode(bytes.subarray(0, cut)), 502, `section ${name} is truncated`);
  });

  it('cut inside the header or the section table → L502 naming that part', () => {
    for (const cut of [0, 1, 7, 8, 9, 10, 31]) expectImageError(decode(bytes.subarray(0, cut)), 502, 'file header is truncated');
    for (const cut of [32, 40, tableEnd - 1]) expectImageError(decode(bytes.subarray(0, cut)), 502, 'section table is truncated');
  });

  it('a cut at any point → L502 naming the part the cut falls in', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), (cut) => {
        expectImageError(decode(bytes.subarray(0, cut)), 502, `${partAt(cut < 10 ? 0 : cut)} is truncated`);
      }),
      { numRuns: 200, ...PROPERTY_LIMITS },
    );
  });

  it('extra bytes after the last section → L508', () => {
    const longer = new Uint8Array(bytes.length + 3);
    longer.set(bytes);
    expectImageError(decode(longer), 508, 'after section symbols', '3 unused bytes');
  });
});

describe('single-byte flips in the header and section table', () => {
  const expected = (at: number): [number, string] => {
    if (at < 8) return [500, 'file header: magic bytes'];
    if (at < 10) return [501, 'file header: image format version'];
    return at < 32 ? [503, 'file header: CRC-32 mismatch'] : [503, 'section table: CRC-32 mismatch'];
  };
  it.each([0x01, 0x80, 0xff])('every byte of header and table, XOR %i → the expected code naming the part', (mask) => {
    for (let at = 0; at < tableEnd; at++) {
      const b = bytes.slice();
      b[at] ^= mask;
      const [code, part] = expected(at);
      expectImageError(decode(b), code, part);
    }
  });
});

describe('framing', () => {
  it('wrong magic → L500', () => {
    expectImageError(decode(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])), 500, 'file header', '"\\x89PNG\\x0d\\x0a\\x1a\\x0a"', '"LOOMIMG\\x00"');
    expectImageError(decode(new TextEncoder().encode('hello')), 500, 'magic bytes are "hello"');
  });

  it('unsupported version → L501, before the CRC is looked at', () => {
    expectImageError(decode(resealed(bytes, (b) => u16(b, 8, 2))), 501, 'file header', 'version 2', 'reads version 1');
    const raw = bytes.slice();
    u16(raw, 8, 7);
    expectImageError(decode(raw), 501, 'version 7');
  });

  it('header fields that contradict the format → L504 (CRC recomputed)', () => {
    expectImageError(decode(resealed(bytes, (b) => u16(b, 10, 40))), 504, 'file header', 'headerBytes');
    expectImageError(decode(resealed(bytes, (b) => u16(b, 14, 12))), 504, 'file header', 'entryBytes');
    expectImageError(decode(resealed(bytes, (b) => u16(b, 12, 3))), 504, 'file header', 'sectionCount');
    expectImageError(decode(resealed(bytes, (b) => u16(b, 12, 40))), 504, 'file header', 'sectionCount');
    expectImageError(decode(resealed(bytes, (b) => u32(b, 16, 100))), 504, 'file header', 'fileBytes');
    expectImageError(decode(resealed(bytes, (b) => (b[24] = 1))), 509, 'file header', 'reserved bytes');
  });

  it('CRC mismatch in each section → L503 naming it', () => {
    for (const s of sections) {
      const b = bytes.slice();
      b[s.offset + (s.length >> 1)] ^= 0x10;
      expectImageError(decode(b), 503, `section ${s.name}: CRC-32 mismatch`, `[${s.offset}, ${s.offset + s.length})`);
    }
  });

  it('overlapping, gapped and out-of-range sections → L506 naming the section', () => {
    const entry = (i: number) => 32 + 16 * i;
    const overlap = resealed(bytes, (b, v) => u32(b, entry(2) + 4, v.getUint32(entry(2) + 4, true) - 4));
    expectImageError(decode(overlap), 506, 'section programs', 'overlaps the previous section');
    const intoTable = resealed(bytes, (b) => u32(b, entry(0) + 4, 40));
    expectImageError(decode(intoTable), 506, 'section meta', 'overlaps the header or section table');
    const gap = resealed(bytes, (b, v) => u32(b, entry(2) + 4, v.getUint32(entry(2) + 4, true) + 4));
    expectImageError(decode(gap), 506, 'section programs', 'gap of 4 bytes');
    const past = resealed(bytes, (b, v) => u32(b, entry(8) + 8, v.getUint32(entry(8) + 8, true) + 1000));
    expectImageError(decode(past), 506, 'section symbols', 'past the end of the file');
    const huge = resealed(bytes, (b) => u32(b, entry(8) + 4, 0xfffffff0));
    expectImageError(decode(huge), 506, 'section symbols');
    const short = resealed(bytes, (b, v) => u32(b, entry(8) + 8, v.getUint32(entry(8) + 8, true) - 1));
    expectImageError(decode(short), 506, 'section symbols', 'ends before the file');
  });

  it('unknown, repeated, out-of-order and missing kinds → L505', () => {
    expectImageError(decode(resealed(bytes, (b) => u16(b, 32 + 16 * 3, 77))), 505, 'unknown kind 77');
    expectImageError(decode(resealed(bytes, (b) => u16(b, 32 + 16 * 3, 2))), 505, 'section table entry for section cores', 'ascending');
    const bodies = sectionBodies(bytes);
    expectImageError(decode(frameFile(bodies.filter((b) => b.kind !== 8))), 505, 'section table', 'required section io');
    expectImageError(decode(frameFile([bodies[1], bodies[0], ...bodies.slice(2)])), 505, 'section meta', 'ascending');
    expectImageError(decode(resealed(bytes, (b) => (b[32 + 16 * 4 + 2] = 1))), 509, 'section table', 'reserved bytes');
  });
});

describe('counts and fields inside sections (CRCs recomputed)', () => {
  it('counts that point past the end of a section → L507 naming it', () => {
    const cases: [string, (b: Uint8Array) => void][] = [
      ['section meta', (b) => u16(b, sectionAt(bytes, 'meta').offset + 6, 200)],
      ['section cores', (b) => u32(b, sectionAt(bytes, 'cores').offset, 1000)],
      ['section programs (core 0)', (b) => u32(b, blockAt(bytes, 'programs', 0), 1_000_000)],
      ['section synapses (core 1)', (b) => u32(b, blockAt(bytes, 'synapses', 1), 1_000_000)],
      ['section axons (core 0)', (b) => u32(b, blockAt(bytes, 'axons', 0) + 4, 0xffffffff)],
      ['section io', (b) => u32(b, sectionAt(bytes, 'io').offset + 4, 1_000_000)],
      ['section symbols', (b) => u32(b, sectionAt(bytes, 'symbols').offset, 0x7fffffff)],
    ];
    for (const [section, mutate] of cases) expectImageError(decode(resealed(bytes, mutate)), 507, section);
  });

  it('a block directory that points past its section → L509; a wrong block count → L511', () => {
    const dir = sectionAt(bytes, 'params').offset;
    expectImageError(decode(resealed(bytes, (b) => u32(b, dir + 8, 0xffff))), 509, 'section params', 'block end of core 1');
    expectImageError(decode(resealed(bytes, (b) => u32(b, dir, 3))), 511, 'section params', '3 blocks');
    expectImageError(decode(resealed(bytes, (b) => u32(b, sectionAt(bytes, 'programs').offset, 0xffffffff))), 511, 'section programs', '4294967295 blocks');
  });

  it('field values the format does not allow → L509 naming the section', () => {
    expectImageError(decode(resealed(bytes, (b) => (b[sectionAt(bytes, 'meta').offset + 2] = 7))), 509, 'section meta', 'mode');
    expectImageError(decode(resealed(bytes, (b) => (b[blockAt(bytes, 'params', 0)] = 3))), 509, 'section params (core 0)', 'element bytes');
    expectImageError(decode(resealed(bytes, (b) => (b[blockAt(bytes, 'synapses', 0) + 4] = 9))), 509, 'section synapses (core 0)', 'portBits');
    expectImageError(decode(resealed(bytes, (b) => (b[blockAt(bytes, 'synapses', 1) + 11] = 0x7f))), 509, 'section synapses (core 1)', 'target', '-64');
    const overlong = (b: Uint8Array) => {
      b[blockAt(bytes, 'synapses', 1) + 9] = 0x80; // key 0 as the two-byte varint 80 00
      b[blockAt(bytes, 'synapses', 1) + 10] = 0x00;
    };
    expectImageError(decode(resealed(bytes, overlong)), 509, 'section synapses (core 1)', 'varint bytes 80 00', 'LEB128');
  });

  it('the byte offset of a bad field is reported', () => {
    const at = blockAt(bytes, 'params', 0);
    const e = expectImageError(decode(resealed(bytes, (b) => (b[at] = 3))), 509);
    expect(e.location).toBe(`byte ${at}`);
    expect(e.message).toContain(`[at byte ${at}]`);
  });
});

describe('references to things that do not exist (CRCs recomputed) → L510 naming the section', () => {
  const cores = sectionAt(bytes, 'cores').offset;
  const io = sectionAt(bytes, 'io').offset;
  it.each([
    ['section cores', 'program 7', (b: Uint8Array) => u16(b, cores + 8 + 2 * 20, 7)],
    ['section synapses', 'neuron 5', (b: Uint8Array) => (b[blockAt(bytes, 'synapses', 1) + 9] = 10)],
    ['section synapses', 'port 1 of neuron 0', (b: Uint8Array) => {
      // core 1 block: head(8) | n=2 | key w | key w | n=1 | key w; re-key with one port bit, synapse 0 on port 1
      const at = blockAt(bytes, 'synapses', 1);
      b[at + 4] = 1;
      b[at + 9] = 1;
      b[at + 11] = 4;
      b[at + 14] = 4;
    }],
    ['section axons', 'chip 1 core 9', (b: Uint8Array) => u16(b, blockAt(bytes, 'axons', 0) + 8 + 5 + 2, 9)],
    ['section axons', 'input axon 7', (b: Uint8Array) => u16(b, blockAt(bytes, 'axons', 0) + 8 + 5 + 4, 7)],
    ['section io', 'input axon 50', (b: Uint8Array) => u16(b, io + 32 + 8, 50)],
    ['section io', 'external input 9', (b: Uint8Array) => u32(b, io + 32, 9)],
    ['section io', 'neuron 99', (b: Uint8Array) => u16(b, io + 32 + 36 + 8, 99)],
    ['section io', 'channel 3', (b: Uint8Array) => (b[io + 32 + 36 + 10] = 3)],
    ['section symbols', 'core 5', (b: Uint8Array) => u32(b, sectionAt(bytes, 'symbols').offset + 35, 5)],
  ])('%s: %s', (section, target, mutate) => {
    expectImageError(decode(resealed(bytes, mutate)), 510, section, target);
  });

  it('a chip index at or above the chip count → L510', () => {
    expectImageError(decode(resealed(bytes, (b) => u16(b, cores + 8, 2))), 510, 'section cores', 'chip 2');
  });
});

describe('fuzz', () => {
  const flips = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 });
  const flipped = (base: Uint8Array, list: readonly (readonly [number, number])[]): Uint8Array => {
    const b = base.slice();
    for (const [at, mask] of list) b[at % b.length] ^= mask;
    return b;
  };

  it('random byte flips anywhere → a 5xx LoomError, never another exception', () => {
    fc.assert(
      fc.property(flips, (list) => {
        const b = flipped(bytes, list);
        if (b.every((x, i) => x === bytes[i])) return; // flips that cancelled out
        expect(decode(b)).toThrow(LoomError);
        try {
          decodeImage(b, FILE);
        } catch (e) {
          expect((e as LoomError).code).toBeGreaterThanOrEqual(500);
          expect((e as LoomError).code).toBeLessThan(550);
        }
      }),
      { numRuns: 1000, ...PROPERTY_LIMITS },
    );
  });

  it('random flips with CRCs recomputed → a LoomError, or an image whose encoding is exactly those bytes', () => {
    fc.assert(
      fc.property(flips, (list) => {
        const b = resealed(bytes, (x) => {
          for (const [at, mask] of list) x[10 + (at % (x.length - 10))] ^= mask;
        });
        let image;
        try {
          image = decodeImage(b, FILE);
        } catch (e) {
          if (!(e instanceof LoomError)) throw e;
          expect(e.code).toBeGreaterThanOrEqual(500);
          expect(e.code).toBeLessThan(550);
          return;
        }
        expect(encodeImage(image)).toEqual(b); // accepted ⇒ canonical: never a silently different image
      }),
      { numRuns: 3000, ...PROPERTY_LIMITS },
    );
  });

  it('random images with random flips, CRCs recomputed → a LoomError, or exactly those bytes re-encoded', () => {
    fc.assert(
      fc.property(arbImage, flips, (img, list) => {
        const b = resealed(encodeImage(img), (x) => {
          for (const [at, mask] of list) x[10 + (at % (x.length - 10))] ^= mask;
        });
        let image;
        try {
          image = decodeImage(b, FILE);
        } catch (e) {
          if (!(e instanceof LoomError)) throw e;
          return;
        }
        expect(encodeImage(image)).toEqual(b);
      }),
      { numRuns: 400, ...PROPERTY_LIMITS },
    );
  });

  it('random bytes after a valid header → a LoomError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 400 }), (tail) => {
        const b = new Uint8Array(32 + tail.length);
        b.set(bytes.subarray(0, 32));
        b.set(tail, 32);
        expect(decode(b)).toThrow(LoomError);
      }),
      { numRuns: 300, ...PROPERTY_LIMITS },
    );
  });
});
