// Per-core block framing shared by the programs, params, state, synapses and axons sections: a directory of block ends, then the blocks.
import { ByteReader, ByteWriter } from './bytes.ts';
import { imageError } from './errors.ts';
import { defineRecord, readRecord, readRecords, writeRecord } from './record.ts';
import type { DecodeContext } from './section.ts';

export const BLOCK_DIRECTORY = defineRecord('block directory', [
  { name: 'blocks', type: 'u32', doc: 'number of per-core blocks; equals the core count' },
]);

export const BLOCK_END = defineRecord('block end', [
  { name: 'end', type: 'u32', doc: 'end of block i, relative to the first block byte; non-decreasing, the last equals the block area size' },
]);

/** Frame one block per core: `u32 blocks`, `u32 end[blocks]`, then the blocks back to back. */
export function encodeBlocks(blocks: readonly Uint8Array[]): Uint8Array {
  const w = new ByteWriter();
  writeRecord(w, BLOCK_DIRECTORY, { blocks: blocks.length });
  let end = 0;
  for (const b of blocks) {
    end += b.length;
    writeRecord(w, BLOCK_END, { end });
  }
  for (const b of blocks) w.bytes(b);
  return w.finish();
}

/** Split a framed section into one reader per core; `decodeBlock` must consume its block exactly. */
export function decodeBlocks<T>(bytes: Uint8Array, ctx: DecodeContext, cores: number, decodeBlock: (r: ByteReader, core: number) => T): T[] {
  const r = new ByteReader(bytes, ctx);
  const { blocks } = readRecord(r, BLOCK_DIRECTORY);
  if (blocks !== cores) {
    throw imageError(ctx, 'image-structure', { detail: `block directory lists ${blocks} blocks but the core table has ${cores} cores` }, 0);
  }
  const ends = readRecords(r, BLOCK_END, blocks, `block directory (${blocks} block ends)`).map((e) => e.end);
  const area = r.pos;
  const areaBytes = bytes.length - area;
  const out: T[] = [];
  let begin = 0;
  for (let c = 0; c < cores; c++) {
    const end = ends[c];
    if (end < begin || end > areaBytes) {
      const detail = end < begin ? `ends before it begins (${end} < ${begin})` : `ends past the section (${end} > ${areaBytes})`;
      throw imageError(ctx, 'image-field', { field: `block end of core ${c}`, value: end, detail }, BLOCK_DIRECTORY.size + c * BLOCK_END.size);
    }
    const block = new ByteReader(bytes.subarray(area + begin, area + end), { file: ctx.file, section: `${ctx.section} (core ${c})`, base: ctx.base + area + begin });
    out.push(decodeBlock(block, c));
    block.end(`the block of core ${c}`);
    begin = end;
  }
  if (begin !== areaBytes) throw imageError(ctx, 'image-trailing', { count: areaBytes - begin, what: 'the last core block' }, area + begin);
  return out;
}
