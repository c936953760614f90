// Sections `params` (kind 4) and `state` (kind 5): per-neuron parameter words and initial state registers, neuron-major.
import { ByteWriter } from '../bytes.ts';
import { decodeBlocks, encodeBlocks } from '../blocks.ts';
import { checkLength } from '../checks.ts';
import { imageError } from '../errors.ts';
import { defineRecord, readRecord, writeRecord } from '../record.ts';
import { partOf, type SectionCodec } from '../section.ts';
import type { CoreImage, NeuronGroupSlice } from '../types.ts';
import { coreName } from './cores.ts';

export const INT_BLOCK_HEAD = defineRecord('integer block head', [
  { name: 'elementBytes', type: 'u8', doc: 'bytes per value: 1, 2 or 4 — the narrowest signed width that holds every value of the block' },
  { pad: 'u8' },
  { pad: 'u16' },
]);

/** Narrowest signed width (1, 2 or 4 bytes) holding every value; the writer always picks it, the reader insists on it. */
export function narrowestWidth(values: Int32Array): 1 | 2 | 4 {
  let width: 1 | 2 | 4 = 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < -0x8000 || v > 0x7fff) return 4;
    if (v < -0x80 || v > 0x7f) width = 2;
  }
  return width;
}

function encodeInts(values: Int32Array): Uint8Array {
  const w = new ByteWriter();
  const width = narrowestWidth(values);
  writeRecord(w, INT_BLOCK_HEAD, { elementBytes: width });
  w.ints(values, width);
  return w.finish();
}

type WordsField = 'paramWords' | 'stateWords';

function wordsOf(groups: readonly NeuronGroupSlice[], field: WordsField): number {
  return groups.reduce((n, g) => n + g.neuronCount * g[field], 0);
}

function makeSection<K extends 'params' | 'state'>(name: K, id: number, title: string, field: WordsField, pick: (c: CoreImage) => Int32Array): SectionCodec<K> {
  const codec: SectionCodec<'params' | 'state'> = {
    id,
    name,
    title,
    required: true,
    records: [INT_BLOCK_HEAD],
    select: (image) => image.cores.map(pick),
    encode: (perCore) => encodeBlocks(perCore.map(encodeInts)),
    decode(bytes, ctx) {
      const cores = partOf(ctx, 'cores');
      return decodeBlocks(bytes, ctx, cores.length, (r, c) => {
        const { elementBytes } = readRecord(r, INT_BLOCK_HEAD);
        if (elementBytes !== 1 && elementBytes !== 2 && elementBytes !== 4) {
          throw imageError(r.place, 'image-field', { field: 'element bytes', value: elementBytes, detail: 'must be 1, 2 or 4' }, 0);
        }
        const count = wordsOf(cores[c].groups, field);
        const values = r.ints(count, elementBytes, `${count} ${name} values of ${elementBytes} bytes (Σ neurons × ${field} of core ${c})`);
        if (narrowestWidth(values) !== elementBytes) {
          throw imageError(r.place, 'image-field', { field: 'element bytes', value: elementBytes, detail: `not canonical: the values fit ${narrowestWidth(values)} bytes` }, 0);
        }
        return values;
      });
    },
    check(image, ctx) {
      image.cores.forEach((core, c) => {
        checkLength(ctx.place(name), `${coreName(image, c)} ${name}`, pick(core).length, wordsOf(core.groups, field));
      });
    },
    print(perCore) {
      let total = 0;
      let min = Infinity;
      let max = -Infinity;
      for (const values of perCore) {
        for (let i = 0; i < values.length; i++) {
          if (values[i] < min) min = values[i];
          if (values[i] > max) max = values[i];
        }
        total += values.length;
      }
      const range = total > 0 ? `; values ${min}..${max}` : '';
      const widths = [...new Set(perCore.map(narrowestWidth))].sort().join('/');
      return `  ${total} words on ${perCore.length} cores${range}; stored at ${widths} bytes per value`;
    },
  };
  return codec as unknown as SectionCodec<K>;
}

export const PARAMS_SECTION = makeSection('params', 4, 'neuron parameters', 'paramWords', (c) => c.params);
export const STATE_SECTION = makeSection('state', 5, 'initial neuron state', 'stateWords', (c) => c.state);
