// Chip-image round trips: encode → decode → encode is byte-identical and decode ∘ encode is the identity, for random valid images.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { LoomError } from '../../../isa/diagnostics/index.ts';
import { decodeImage, encodeImage, encodeImageWithLayout, readImageFile, writeImageFile } from '../../../isa/image/index.ts';
import { PROPERTY_LIMITS, arbImage, expectImageError, smallImage } from './images.ts';

describe('round trip', () => {
  it('random valid images: decode(encode(img)) deep-equals img and re-encodes byte-identically', () => {
    fc.assert(
      fc.property(arbImage, (img) => {
        const bytes = encodeImage(img);
        const back = decodeImage(bytes, 'random.limg');
        expect(back).toEqual(img);
        expect(encodeImage(back)).toEqual(bytes);
        expect('symbols' in back).toBe(img.symbols !== undefined);
      }),
      { numRuns: 300, ...PROPERTY_LIMITS },
    );
  });

  it('is deterministic: equal images give equal bytes', () => {
    expect(encodeImage(smallImage())).toEqual(encodeImage(smallImage()));
  });

  it('lays out header, table and contiguous sections as documented', () => {
    const { bytes, sections } = encodeImageWithLayout(smallImage());
    const view = new DataView(bytes.buffer);
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('LOOMIMG\0');
    expect(view.getUint16(8, true)).toBe(1);
    expect(view.getUint16(10, true)).toBe(32);
    expect(view.getUint16(12, true)).toBe(9);
    expect(view.getUint16(14, true)).toBe(16);
    expect(view.getUint32(16, true)).toBe(bytes.length);
    expect(sections.map((s) => s.name)).toEqual(['meta', 'cores', 'programs', 'params', 'state', 'synapses', 'axons', 'io', 'symbols']);
    expect(sections[0].offset).toBe(32 + 16 * 9);
    for (let i = 1; i < sections.length; i++) expect(sections[i].offset).toBe(sections[i - 1].offset + sections[i - 1].length);
  });

  it('decodes from a view that does not start at its buffer’s byte 0 (pooled Node buffers)', () => {
    const bytes = encodeImage(smallImage());
    const big = new Uint8Array(bytes.length + 13);
    big.set(bytes, 7);
    expect(decodeImage(big.subarray(7, 7 + bytes.length), 'view')).toEqual(smallImage());
  });

  it('an image without symbols omits the section and decodes without the key', () => {
    const { symbols: _, ...bare } = smallImage();
    const { bytes, sections } = encodeImageWithLayout(bare);
    expect(sections.map((s) => s.name)).not.toContain('symbols');
    const back = decodeImage(bytes, 'bare');
    expect(back).toEqual(bare);
    expect('symbols' in back).toBe(false);
  });

  it('refuses to encode an invalid image (nothing half-valid is ever written)', () => {
    const img = smallImage();
    const bad = { ...img, header: { ...img.header, chipCount: 1 } };
    expectImageError(() => encodeImage(bad), 510, 'section cores', 'chip 1');
  });
});

describe('files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loom-image-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writeImageFile → readImageFile round-trips and leaves no temp file', () => {
    const path = join(dir, 'small.limg');
    writeImageFile(path, smallImage());
    expect(readImageFile(path)).toEqual(smallImage());
    expect(readdirSync(dir)).toEqual(['small.limg']);
  });

  it('an invalid image leaves no file behind', () => {
    const path = join(dir, 'bad.limg');
    const img = smallImage();
    expect(() => writeImageFile(path, { ...img, header: { ...img.header, pipelineDepth: 0 } })).toThrow(LoomError);
    expect(existsSync(path)).toBe(false);
  });

  it('a missing file is L100 naming the path', () => {
    expectImageError(() => readImageFile(join(dir, 'nope.limg')), 100, 'nope.limg');
  });
});
