// formatImage / inspectImageFile: the header, section table, per-core summary and program listings of a known small image.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LoomError } from '../../../isa/diagnostics/index.ts';
import { encodeImageWithLayout, formatImage, hexWords, inspectImageFile, writeImageFile } from '../../../isa/image/index.ts';
import { disassemble, relayProgram } from '../../../isa/microcode/index.ts';
import { expectImageError, smallImage } from './images.ts';

const lines = (text: string): string[] => text.split('\n').map((l) => l.trimEnd());

describe('formatImage', () => {
  const text = formatImage(smallImage(), { disassemble: hexWords });

  it('prints the header facts and totals', () => {
    const { bytes } = encodeImageWithLayout(smallImage());
    expect(text).toContain(`Loom chip image — format 1, ${bytes.length} bytes`);
    expect(text).toContain('2 cores, 6 neurons, 8 synapses, 5 axon routes, 3 programs');
    expect(text).toContain('chip spec       loihi2-test');
    expect(text).toContain('chips           2');
    expect(text).toContain('mode            pipelined (pipeline depth 3)');
    expect(text).toContain('seed            42');
    expect(text).toContain('flags           0x00000005');
  });

  it('prints the section table with the encoded offsets, sizes and CRCs', () => {
    const { sections } = encodeImageWithLayout(smallImage());
    expect(lines(text)).toContain('  kind  section   offset  bytes  crc32');
    for (const s of sections) {
      const row = lines(text).find((l) => new RegExp(`^\\s+${s.kind}\\s+${s.name}\\s`).test(l));
      expect(row?.split(/\s+/).slice(1)).toEqual([String(s.kind), s.name, String(s.offset), String(s.length), `0x${s.crc.toString(16).padStart(8, '0')}`]);
    }
  });

  it('prints one summary row per core: chip, core, x, y, neurons, groups, programs, axons in, synapses, axons out, routes', () => {
    expect(lines(text)).toContain('  idx  chip  core  x  y  neurons  groups  programs  axons-in  synapses  axons-out  routes');
    expect(lines(text)).toContain('    0     0     0  0  0        4       2         2         3         5          3       4');
    expect(lines(text)).toContain('    1     1     5  2  1        2       1         1         2         3          1       1');
  });

  it('lists each program once (hex words when asked) and points repeats at the first', () => {
    expect(text).toContain('core 0 program 0 (2 words):\n       0: 11111111 22222222');
    expect(text).toContain('core 0 program 1 (1 words):\n       0: deadbeef');
    expect(text).toContain('core 1 program 0 (2 words): same as core 0 program 0');
  });

  it('summarises params, state, synapses, routes, I/O and symbols', () => {
    expect(text).toContain('14 words on 2 cores; values -300..300; stored at 1/2 bytes per value');
    expect(text).toContain('9 words on 2 cores; values -1..70000; stored at 1/4 bytes per value');
    expect(text).toContain('8 synapses on 5 input axons');
    expect(text).toContain('5 routes (1 within a chip, 4 across chips)');
    expect(text).toContain('inputs   2 values → 3 (chip, core, axon) routes on 2 cores');
    expect(text).toContain('outputs  2 values from 2 (chip, core, neuron, channel) sources');
    expect(lines(text)).toContain('  block1  b1.state     1      0  0..1          3..4');
  });

  it('uses an injected disassembler, and falls back to hex when it rejects a program', () => {
    const disassemble = (words: Uint32Array): string => {
      if (words[0] === 0xdeadbeef) throw new LoomError('image-field', { file: 'x', section: 'y', field: 'word', value: 1, detail: 'bad' });
      return Array.from(words, (w) => `op${w & 0xf}`).join('\n');
    };
    const out = formatImage(smallImage(), { disassemble });
    expect(out).toContain('core 0 program 0 (2 words):\n    op1\n    op2');
    expect(out).toContain('; not valid micro-code (L509');
    expect(out).toContain('       0: deadbeef');
  });

  it('by default lists programs with isa/microcode’s disassembler (or hex, with a note, for words it rejects)', () => {
    const out = formatImage(smallImage());
    for (const words of [Uint32Array.of(0x11111111, 0x22222222), Uint32Array.of(0xdeadbeef)]) {
      let expected: string;
      try {
        expected = disassemble(words, { annotate: true }).trimEnd();
      } catch (e) {
        if (!(e instanceof LoomError)) throw e;
        expected = `; not valid micro-code (${e.message.split(' — ')[0]}); raw words:\n${hexWords(words)}`;
      }
      expect(out).toContain(expected.split('\n').map((l) => `    ${l}`).join('\n'));
    }
  });

  it('lists real micro-code as assembly text', () => {
    const words = relayProgram().words;
    const img = smallImage();
    const out = formatImage({ ...img, cores: [{ ...img.cores[0], programs: [words, img.cores[0].programs[1]] }, img.cores[1]] });
    const listing = disassemble(words, { annotate: true }).trimEnd().split('\n').map((l) => `    ${l}`).join('\n');
    expect(out).toContain(`core 0 program 0 (${words.length} words):\n${listing}`);
  });

  it('can omit listings', () => {
    const out = formatImage(smallImage(), { listings: false });
    expect(out).toContain('3 programs (listings omitted)');
    expect(out).not.toContain('deadbeef');
  });

  it('hexWords prints eight words a line with the first word’s index', () => {
    expect(hexWords(Uint32Array.from({ length: 9 }, (_, i) => i))).toBe(
      '   0: 00000000 00000001 00000002 00000003 00000004 00000005 00000006 00000007\n   8: 00000008',
    );
  });
});

describe('inspectImageFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loom-inspect-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('describes a written file with its own section table', () => {
    const path = join(dir, 'small.limg');
    writeImageFile(path, smallImage());
    const text = inspectImageFile(path);
    expect(text.split('\n')[0]).toBe(`Loom chip image ${path} — format 1, ${encodeImageWithLayout(smallImage()).bytes.length} bytes`);
    expect(text.split('\n').slice(1)).toEqual(formatImage(smallImage()).split('\n').slice(1));
    expect(inspectImageFile(path, { disassemble: hexWords })).toContain('       0: deadbeef');
  });

  it('a missing file is a LoomError', () => {
    expectImageError(() => inspectImageFile(join(dir, 'missing.limg')), 100, 'missing.limg');
  });
});
