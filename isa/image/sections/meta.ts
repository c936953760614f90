// Section `meta` (kind 1): image-wide header — chip spec name, chip count, execution mode, pipeline depth, seed, flags.
import { ByteReader, ByteWriter } from '../bytes.ts';
import { checkInt, checkText, fromUtf8, utf8 } from '../checks.ts';
import { hex32 } from '../crc32.ts';
import { imageError } from '../errors.ts';
import { defineRecord, readRecord, writeRecord } from '../record.ts';
import type { DecodeContext, SectionCodec } from '../section.ts';
import { EXECUTION_MODES, IMAGE_FORMAT_VERSION, IMAGE_LIMITS, type ImageHeader } from '../types.ts';

export const META_RECORD = defineRecord('meta record', [
  { name: 'chipCount', type: 'u16', doc: 'chips the image spans, ≥ 1' },
  { name: 'mode', type: 'u8', doc: 'execution mode: 0 fall-through, 1 pipelined' },
  { pad: 'u8' },
  { name: 'pipelineDepth', type: 'u16', doc: 'timesteps from input to output (0 in fall-through)' },
  { name: 'chipSpecBytes', type: 'u16', doc: 'UTF-8 bytes of the chip spec name that follows the record (1–255)' },
  { name: 'seed', type: 'u32', doc: 'compile seed' },
  { name: 'flags', type: 'u32', doc: 'compiler flag bits, carried unchanged' },
]);

function decodeMeta(bytes: Uint8Array, ctx: DecodeContext): ImageHeader {
  const r = new ByteReader(bytes, ctx);
  const m = readRecord(r, META_RECORD);
  const mode = EXECUTION_MODES[m.mode];
  if (mode === undefined) throw imageError(ctx, 'image-field', { field: 'mode', value: m.mode, detail: `known modes: ${EXECUTION_MODES.map((x, i) => `${i} ${x}`).join(', ')}` }, 2);
  const at = r.pos;
  const chipSpec = fromUtf8(r.take(m.chipSpecBytes, 'chip spec name'));
  if (chipSpec === undefined) throw imageError(ctx, 'image-field', { field: 'chip spec name', value: `${m.chipSpecBytes} bytes`, detail: 'not valid UTF-8' }, at);
  r.end('the chip spec name');
  return { formatVersion: ctx.formatVersion, chipSpec, chipCount: m.chipCount, mode, pipelineDepth: m.pipelineDepth, seed: m.seed, flags: m.flags };
}

export const META_SECTION: SectionCodec<'meta'> = {
  id: 1,
  name: 'meta',
  title: 'image header',
  required: true,
  records: [META_RECORD],
  select: (image) => image.header,
  encode(h) {
    const w = new ByteWriter();
    const name = utf8(h.chipSpec);
    const mode = EXECUTION_MODES.indexOf(h.mode);
    writeRecord(w, META_RECORD, { chipCount: h.chipCount, mode, pipelineDepth: h.pipelineDepth, chipSpecBytes: name.length, seed: h.seed, flags: h.flags });
    w.bytes(name);
    return w.finish();
  },
  decode: decodeMeta,
  check(image, ctx) {
    const h = image.header;
    const place = ctx.place('meta');
    if (h.formatVersion !== IMAGE_FORMAT_VERSION) {
      throw imageError(place, 'image-version', { actual: h.formatVersion, expected: IMAGE_FORMAT_VERSION });
    }
    checkText(place, 'chip spec name', h.chipSpec, 1, IMAGE_LIMITS.chipSpecBytes);
    checkInt(place, 'chip count', h.chipCount, 1, IMAGE_LIMITS.chips);
    if (!EXECUTION_MODES.includes(h.mode)) throw imageError(place, 'image-field', { field: 'mode', value: String(h.mode), detail: `expected ${EXECUTION_MODES.join(' or ')}` });
    checkInt(place, 'pipeline depth', h.pipelineDepth, 0, IMAGE_LIMITS.pipelineDepth);
    if (h.mode === 'pipelined' && h.pipelineDepth < 1) {
      throw imageError(place, 'image-field', { field: 'pipeline depth', value: h.pipelineDepth, detail: 'a pipelined image needs a depth of at least 1' });
    }
    if (h.mode === 'fall-through' && h.pipelineDepth !== 0) {
      throw imageError(place, 'image-field', { field: 'pipeline depth', value: h.pipelineDepth, detail: 'a fall-through image has pipeline depth 0' });
    }
    checkInt(place, 'seed', h.seed, 0, IMAGE_LIMITS.u32);
    checkInt(place, 'flags', h.flags, 0, IMAGE_LIMITS.u32);
  },
  print(h) {
    const depth = h.mode === 'pipelined' ? ` (pipeline depth ${h.pipelineDepth})` : '';
    return [
      `  format version  ${h.formatVersion}`,
      `  chip spec       ${h.chipSpec}`,
      `  chips           ${h.chipCount}`,
      `  mode            ${h.mode}${depth}`,
      `  seed            ${h.seed}`,
      `  flags           ${hex32(h.flags)}`,
    ].join('\n');
  },
};
