// Section `synapses` (kind 6): each core's synapse memory in the compact sparse encoding (per axon a count, then delta-coded targets).
import { ByteReader, ByteWriter, unzigzag, zigzag } from '../bytes.ts';
import { decodeBlocks, encodeBlocks } from '../blocks.ts';
import { checkInt, checkLength, checkOffsets } from '../checks.ts';
import { imageError, type Place } from '../errors.ts';
import { defineRecord, readRecord, writeRecord } from '../record.ts';
import { partOf, type CheckContext, type SectionCodec } from '../section.ts';
import { IMAGE_LIMITS, type ChipImage, type SynapseMemory } from '../types.ts';
import { coreName } from './cores.ts';

/**
 * Block of one core:
 *   head (8 bytes), then for each input axon a = 0 .. inputAxonCount−1:
 *     varint n_a; then n_a × { varint key, i8 weight }
 *   key = zigzag(target − previous target) · 2^portBits + port, previous target starting at 0 for
 *   every axon. Sorted targets give small deltas, so at 10 % density a synapse costs about two bytes
 *   (one key byte, one weight byte) instead of the naive four (u16 target, u8 port, i8 weight);
 *   zigzag keeps any listing order exact.
 */
export const SYNAPSE_BLOCK_HEAD = defineRecord('synapse block head', [
  { name: 'synapseCount', type: 'u32', doc: 'synapses in the block (Σ n_a)' },
  { name: 'portBits', type: 'u8', doc: 'bits of the port in each key: the fewest that hold the largest port (0–8)' },
  { pad: 'u8' },
  { pad: 'u16' },
]);

/** Fewest bits that hold `maxPort` (0 when every synapse uses port 0). */
export function portBitsFor(maxPort: number): number {
  let bits = 0;
  while (maxPort >= 2 ** bits) bits++;
  return bits;
}

function maxOf(values: Uint8Array): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  return m;
}

/** Encode one core's synapse memory. */
export function encodeSynapseBlock(mem: SynapseMemory): Uint8Array {
  const w = new ByteWriter();
  const portBits = portBitsFor(maxOf(mem.port));
  const scale = 2 ** portBits;
  writeRecord(w, SYNAPSE_BLOCK_HEAD, { synapseCount: mem.target.length, portBits });
  for (let a = 0; a + 1 < mem.offsets.length; a++) {
    const begin = mem.offsets[a];
    const end = mem.offsets[a + 1];
    w.varint(end - begin);
    let prev = 0;
    for (let s = begin; s < end; s++) {
      w.varint(zigzag(mem.target[s] - prev) * scale + mem.port[s]);
      w.i8(mem.weight[s]);
      prev = mem.target[s];
    }
  }
  return w.finish();
}

/** Decode one core's block; `inputAxons` comes from the core table. Allocations are bounded by the block's bytes. */
export function decodeSynapseBlock(r: ByteReader, inputAxons: number): SynapseMemory {
  const { synapseCount, portBits } = readRecord(r, SYNAPSE_BLOCK_HEAD);
  if (portBits > 8) throw imageError(r.place, 'image-field', { field: 'portBits', value: portBits, detail: 'ports are 8-bit, so at most 8' }, 4);
  r.need(inputAxons + 2 * synapseCount, `${inputAxons} axon counts and ${synapseCount} synapses (at least 1 byte per axon, 2 per synapse)`);
  const offsets = new Uint32Array(inputAxons + 1);
  const target = new Uint16Array(synapseCount);
  const port = new Uint8Array(synapseCount);
  const weight = new Int8Array(synapseCount);
  const scale = 2 ** portBits;
  let s = 0;
  for (let a = 0; a < inputAxons; a++) {
    const at = r.pos;
    const n = r.varint(`synapse count of axon ${a}`);
    if (n > synapseCount - s) {
      throw imageError(r.place, 'image-structure', { detail: `axon ${a} lists ${n} synapses but only ${synapseCount - s} of the ${synapseCount} declared in the block head remain` }, at);
    }
    let prev = 0;
    for (let end = s + n; s < end; s++) {
      const keyAt = r.pos;
      const key = r.varint("synapse key");
      const t = prev + unzigzag(Math.floor(key / scale));
      if (t < 0 || t > 0xffff) throw imageError(r.place, 'image-field', { field: `synapse ${s} target (axon ${a})`, value: t, detail: 'neuron indices are 0..65535' }, keyAt);
      target[s] = t;
      port[s] = key % scale;
      weight[s] = (r.u8("synapse weight") << 24) >> 24;
      prev = t;
    }
    offsets[a + 1] = s;
  }
  if (s !== synapseCount) throw imageError(r.place, 'image-structure', { detail: `the block head declares ${synapseCount} synapses but the axons list ${s}` });
  if (portBitsFor(maxOf(port)) !== portBits) {
    throw imageError(r.place, 'image-field', { field: 'portBits', value: portBits, detail: `not canonical: the largest port needs ${portBitsFor(maxOf(port))} bits` }, 4);
  }
  return { offsets, target, port, weight };
}

/** Bytes of the compact encoding vs the naive 4 bytes per synapse (u16 target, u8 port, i8 weight). */
export function synapseEncodingStats(mem: SynapseMemory): { readonly synapses: number; readonly bytes: number; readonly naiveBytes: number; readonly bytesPerSynapse: number } {
  const bytes = encodeSynapseBlock(mem).length;
  const synapses = mem.target.length;
  return { synapses, bytes, naiveBytes: 4 * synapses, bytesPerSynapse: synapses > 0 ? bytes / synapses : 0 };
}

function checkCsr(place: Place, name: string, mem: SynapseMemory): void {
  const axons = mem.offsets.length - 1;
  checkInt(place, `${name} input axons`, axons, 0, IMAGE_LIMITS.inputAxonsPerCore);
  const n = mem.target.length;
  checkLength(place, `${name} synapse ports`, mem.port.length, n);
  checkLength(place, `${name} synapse weights`, mem.weight.length, n);
  checkOffsets(place, `${name} synapse`, mem.offsets, axons, n);
}

function checkTargets(image: ChipImage, ctx: CheckContext, c: number): void {
  const place = ctx.place('synapses');
  const core = image.cores[c];
  const { offsets, target, port } = core.synapses;
  const groupOf = ctx.neuronGroups(c);
  for (let a = 0; a + 1 < offsets.length; a++) {
    for (let s = offsets[a]; s < offsets[a + 1]; s++) {
      // The label is built only on failure: this loop visits every synapse of the image.
      const what = () => `${coreName(image, c)} axon ${a} synapse ${s}`;
      if (target[s] >= core.neuronCount) {
        throw imageError(place, 'image-reference', { what: what(), target: `neuron ${target[s]}`, detail: `the core has ${core.neuronCount} neurons` });
      }
      const g = core.groups[groupOf[target[s]]];
      if (port[s] >= g.ports) {
        throw imageError(place, 'image-reference', { what: what(), target: `port ${port[s]} of neuron ${target[s]}`, detail: `its group ${groupOf[target[s]]} has ${g.ports} ports` });
      }
    }
  }
}

export const SYNAPSES_SECTION: SectionCodec<'synapses'> = {
  id: 6,
  name: 'synapses',
  title: 'synapse memory',
  required: true,
  records: [SYNAPSE_BLOCK_HEAD],
  select: (image) => image.cores.map((c) => c.synapses),
  encode: (perCore) => encodeBlocks(perCore.map(encodeSynapseBlock)),
  decode(bytes, ctx) {
    const cores = partOf(ctx, 'cores');
    return decodeBlocks(bytes, ctx, cores.length, (r, c) => decodeSynapseBlock(r, cores[c].inputAxonCount));
  },
  check(image, ctx) {
    image.cores.forEach((core, c) => {
      checkCsr(ctx.place('synapses'), coreName(image, c), core.synapses);
      checkTargets(image, ctx, c);
    });
  },
  print(perCore) {
    let synapses = 0;
    let axons = 0;
    let bytes = 0;
    for (const mem of perCore) {
      synapses += mem.target.length;
      axons += mem.offsets.length - 1;
      bytes += encodeSynapseBlock(mem).length;
    }
    const per = synapses > 0 ? (bytes / synapses).toFixed(2) : '—';
    return `  ${synapses} synapses on ${axons} input axons; ${bytes} bytes encoded (${per} bytes/synapse; naive ${4 * synapses} bytes at 4 bytes/synapse)`;
  },
};
