// The section registry is well-formed, and isa/image/README.md documents exactly the records and errors the code defines.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IMAGE_DIAGNOSTICS } from '../../../isa/diagnostics/image.ts';
import { DIAGNOSTICS } from '../../../isa/diagnostics/index.ts';
import { BLOCK_DIRECTORY, BLOCK_END } from '../../../isa/image/blocks.ts';
import { FILE_HEADER, HEADER_BYTES, SECTION_ENTRY, SECTION_LIST, SECTIONS } from '../../../isa/image/layout.ts';
import { recordTable } from '../../../isa/image/record.ts';

const readme = readFileSync(new URL('../../../isa/image/README.md', import.meta.url), 'utf8');

describe('section registry', () => {
  it('lists each kind once, keyed by its name, ids ascending from 1', () => {
    expect(SECTION_LIST.map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const [key, codec] of Object.entries(SECTIONS)) expect(codec.name).toBe(key);
    expect(SECTION_LIST.filter((s) => !s.required).map((s) => s.name)).toEqual(['symbols']);
  });

  it('header and entry sizes match the documented layout', () => {
    expect(8 + FILE_HEADER.size).toBe(HEADER_BYTES);
    expect(SECTION_ENTRY.size).toBe(16);
  });
});

describe('README', () => {
  const specs = [SECTION_ENTRY, BLOCK_DIRECTORY, BLOCK_END, ...SECTION_LIST.flatMap((s) => s.records)];
  it('documents every fixed-layout record row exactly as the code defines it', () => {
    const rows = [...recordTable(FILE_HEADER, 8).split('\n'), ...specs.flatMap((s) => recordTable(s).split('\n'))];
    for (const row of rows) expect(readme).toContain(row);
  });

  it('lists every image diagnostic, all of them in 500–549 and in the catalogue', () => {
    for (const [id, entry] of Object.entries(IMAGE_DIAGNOSTICS)) {
      expect(entry.code).toBeGreaterThanOrEqual(500);
      expect(entry.code).toBeLessThan(550);
      expect(DIAGNOSTICS).toHaveProperty(id);
      expect(readme).toContain(`| ${entry.code} | \`${id}\` |`);
    }
  });
});
