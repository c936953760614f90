// Section `programs` (kind 3): each core's micro-code programs as opaque 32-bit instruction words.
import { ByteWriter } from '../bytes.ts';
import { checkInt } from '../checks.ts';
import { decodeBlocks, encodeBlocks } from '../blocks.ts';
import { defineRecord, readRecords, writeRecord } from '../record.ts';
import { partOf, type SectionCodec } from '../section.ts';
import { IMAGE_LIMITS } from '../types.ts';
import { coreName } from './cores.ts';

export const PROGRAM_LENGTH = defineRecord('program length', [
  { name: 'words', type: 'u32', doc: 'instruction words of program p (one entry per program of the core)' },
]);

function encodeCoreProgram(programs: readonly Uint32Array[]): Uint8Array {
  const w = new ByteWriter();
  for (const p of programs) writeRecord(w, PROGRAM_LENGTH, { words: p.length });
  for (const p of programs) for (let i = 0; i < p.length; i++) w.u32(p[i]);
  return w.finish();
}

/** Programs that are word-for-word equal share one listing in inspect; key them by content. */
export function programKey(words: Uint32Array): string {
  return Array.from(words, (x) => x.toString(16)).join(',');
}

export const PROGRAMS_SECTION: SectionCodec<'programs'> = {
  id: 3,
  name: 'programs',
  title: 'micro-code programs',
  required: true,
  records: [PROGRAM_LENGTH],
  select: (image) => image.cores.map((c) => c.programs),
  encode: (perCore) => encodeBlocks(perCore.map(encodeCoreProgram)),
  decode(bytes, ctx) {
    const cores = partOf(ctx, 'cores');
    return decodeBlocks(bytes, ctx, cores.length, (r, c) => {
      const lengths = readRecords(r, PROGRAM_LENGTH, cores[c].programCount, `${cores[c].programCount} program lengths`);
      return lengths.map((len, p) => r.u32s(len.words, `program ${p} (${len.words} words)`));
    });
  },
  check(image, ctx) {
    const place = ctx.place('programs');
    image.cores.forEach((core, c) => {
      core.programs.forEach((p, i) => checkInt(place, `${coreName(image, c)} program ${i} length`, p.length, 0, IMAGE_LIMITS.u32));
    });
  },
  print(perCore, view) {
    if (!view.listings) return `  ${perCore.reduce((n, ps) => n + ps.length, 0)} programs (listings omitted)`;
    const seen = new Map<string, string>();
    const out: string[] = [];
    perCore.forEach((programs, c) => {
      programs.forEach((words, p) => {
        const label = `core ${c} program ${p}`;
        const key = programKey(words);
        const first = seen.get(key);
        if (first !== undefined) {
          out.push(`  ${label} (${words.length} words): same as ${first}`);
          return;
        }
        seen.set(key, label);
        out.push(`  ${label} (${words.length} words):`);
        const text = view.disassemble(words).replace(/\s+$/, '');
        if (text.length > 0) out.push(text.split('\n').map((line) => `    ${line}`).join('\n'));
      });
    });
    return out.length > 0 ? out.join('\n') : '  (no programs)';
  },
};
