// Section `axons` (kind 7): each core's axon table — per (neuron, output channel) slot, the input axons it sends to.
import { ByteReader, ByteWriter } from '../bytes.ts';
import { decodeBlocks, encodeBlocks } from '../blocks.ts';
import { checkLength, checkOffsets } from '../checks.ts';
import { imageError } from '../errors.ts';
import { defineRecord, readColumns, readRecord, writeColumns, writeRecord } from '../record.ts';
import { partOf, type CheckContext, type CoreRecord, type SectionCodec } from '../section.ts';
import type { AxonTable, ChipImage, NeuronGroupSlice } from '../types.ts';
import { coreName } from './cores.ts';

/** Block of one core: head, `slotCount` varint route counts (one per slot, in slot order), then the route records. */
export const AXON_BLOCK_HEAD = defineRecord('axon block head', [
  { name: 'slotCount', type: 'u32', doc: 'output slots = Σ neurons × channels of the core’s groups' },
  { name: 'routeCount', type: 'u32', doc: 'route records after the varint counts' },
]);

export const ROUTE_RECORD = defineRecord('route record', [
  { name: 'chip', type: 'u16', doc: 'destination chip' },
  { name: 'core', type: 'u16', doc: 'destination core within that chip' },
  { name: 'axon', type: 'u16', doc: 'input axon on the destination core' },
]);

/** Output slots of a core: Σ neuronCount × channels. */
export function slotCount(groups: readonly NeuronGroupSlice[]): number {
  return groups.reduce((n, g) => n + g.neuronCount * g.channels, 0);
}

function encodeAxonBlock(t: AxonTable): Uint8Array {
  const w = new ByteWriter();
  const slots = t.offsets.length - 1;
  writeRecord(w, AXON_BLOCK_HEAD, { slotCount: slots, routeCount: t.destChip.length });
  for (let s = 0; s < slots; s++) w.varint(t.offsets[s + 1] - t.offsets[s]);
  writeColumns(w, ROUTE_RECORD, { chip: t.destChip, core: t.destCore, axon: t.destAxon }, t.destChip.length);
  return w.finish();
}

function decodeAxonBlock(r: ByteReader, core: CoreRecord): AxonTable {
  const head = readRecord(r, AXON_BLOCK_HEAD);
  const expected = slotCount(core.groups);
  if (head.slotCount !== expected) {
    throw imageError(r.place, 'image-structure', { detail: `the block has ${head.slotCount} output slots but the core's groups have ${expected} (neurons × channels)` }, 0);
  }
  r.need(head.slotCount + ROUTE_RECORD.size * head.routeCount, `${head.slotCount} slot counts and ${head.routeCount} routes`);
  const offsets = new Uint32Array(head.slotCount + 1);
  for (let s = 0; s < head.slotCount; s++) {
    const at = r.pos;
    const n = r.varint(`route count of slot ${s}`);
    if (n > head.routeCount - offsets[s]) {
      throw imageError(r.place, 'image-structure', { detail: `slot ${s} lists ${n} routes but only ${head.routeCount - offsets[s]} of the ${head.routeCount} declared remain` }, at);
    }
    offsets[s + 1] = offsets[s] + n;
  }
  if (offsets[head.slotCount] !== head.routeCount) {
    throw imageError(r.place, 'image-structure', { detail: `the block head declares ${head.routeCount} routes but the slots list ${offsets[head.slotCount]}` });
  }
  const routes = readColumns(r, ROUTE_RECORD, head.routeCount, `${head.routeCount} route records`);
  return { offsets, destChip: routes.chip as Uint16Array, destCore: routes.core as Uint16Array, destAxon: routes.axon as Uint16Array };
}

function checkAxons(image: ChipImage, ctx: CheckContext, c: number): void {
  const place = ctx.place('axons');
  const name = coreName(image, c);
  const t = image.cores[c].axons;
  const n = t.destChip.length;
  checkLength(place, `${name} route cores`, t.destCore.length, n);
  checkLength(place, `${name} route axons`, t.destAxon.length, n);
  checkOffsets(place, `${name} axon-table`, t.offsets, slotCount(image.cores[c].groups), n);
  for (let i = 0; i < n; i++) {
    const d = ctx.coreIndex(t.destChip[i], t.destCore[i]);
    if (d < 0) throw imageError(place, 'image-reference', { what: `${name} route ${i}`, target: `chip ${t.destChip[i]} core ${t.destCore[i]}`, detail: 'no such core in the core table' });
    const axons = image.cores[d].synapses.offsets.length - 1;
    if (t.destAxon[i] >= axons) {
      throw imageError(place, 'image-reference', { what: `${name} route ${i}`, target: `input axon ${t.destAxon[i]} of ${coreName(image, d)}`, detail: `that core has ${axons} input axons` });
    }
  }
}

export const AXONS_SECTION: SectionCodec<'axons'> = {
  id: 7,
  name: 'axons',
  title: 'axon tables',
  required: true,
  records: [AXON_BLOCK_HEAD, ROUTE_RECORD],
  select: (image) => image.cores.map((c) => c.axons),
  encode: (perCore) => encodeBlocks(perCore.map(encodeAxonBlock)),
  decode(bytes, ctx) {
    const cores = partOf(ctx, 'cores');
    return decodeBlocks(bytes, ctx, cores.length, (r, c) => decodeAxonBlock(r, cores[c]));
  },
  check: (image, ctx) => image.cores.forEach((_, c) => checkAxons(image, ctx, c)),
  print(perCore, view) {
    let routes = 0;
    let offChip = 0;
    perCore.forEach((t, c) => {
      routes += t.destChip.length;
      for (let i = 0; i < t.destChip.length; i++) if (t.destChip[i] !== view.image.cores[c].chip) offChip++;
    });
    return `  ${routes} routes (${routes - offChip} within a chip, ${offChip} across chips)`;
  },
};
