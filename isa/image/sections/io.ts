// Section `io` (kind 8): external inputs → (chip, core, input axon) routes and (chip, core, neuron, channel) → external outputs.
import { ByteReader, ByteWriter } from '../bytes.ts';
import { checkInt, checkLength } from '../checks.ts';
import { imageError, type Place } from '../errors.ts';
import { defineRecord, readColumns, readRecord, writeColumns, writeRecord } from '../record.ts';
import type { CheckContext, SectionCodec } from '../section.ts';
import { IMAGE_LIMITS, type ChipImage, type InputMap, type IoMap, type OutputMap } from '../types.ts';

export const IO_HEAD = defineRecord('io head', [
  { name: 'inputCount', type: 'u32', doc: 'external input values per token' },
  { name: 'inputRecords', type: 'u32', doc: 'input records that follow (fan-out: an input may have several)' },
  { name: 'outputCount', type: 'u32', doc: 'external output values per token' },
  { name: 'outputRecords', type: 'u32', doc: 'output records after the input records (= outputCount)' },
  { name: 'inputExp', type: 'i32', doc: 'host input exponent: q = sat16(roundHalfEven((x − offset)·2^exp))' },
  { name: 'outputExp', type: 'i32', doc: 'exponent of the output values' },
  { name: 'inputOffset', type: 'f64', doc: 'host input offset, subtracted before quantization' },
]);

export const INPUT_RECORD = defineRecord('input record', [
  { name: 'extIndex', type: 'u32', doc: 'external input index (< inputCount)' },
  { name: 'chip', type: 'u16', doc: 'destination chip' },
  { name: 'core', type: 'u16', doc: 'destination core within the chip' },
  { name: 'axon', type: 'u16', doc: 'input axon on that core' },
  { pad: 'u16' },
]);

export const OUTPUT_RECORD = defineRecord('output record', [
  { name: 'extIndex', type: 'u32', doc: 'external output index (< outputCount, each exactly once)' },
  { name: 'chip', type: 'u16', doc: 'source chip' },
  { name: 'core', type: 'u16', doc: 'source core within the chip' },
  { name: 'neuron', type: 'u16', doc: 'source neuron on that core' },
  { name: 'channel', type: 'u8', doc: 'output channel of the neuron' },
  { pad: 'u8' },
]);

function encodeIo(io: IoMap): Uint8Array {
  const w = new ByteWriter();
  const { inputs: i, outputs: o } = io;
  writeRecord(w, IO_HEAD, { inputCount: i.count, inputRecords: i.extIndex.length, outputCount: o.count, outputRecords: o.extIndex.length, inputExp: i.exp, outputExp: o.exp, inputOffset: i.offset });
  writeColumns(w, INPUT_RECORD, i, i.extIndex.length);
  writeColumns(w, OUTPUT_RECORD, o, o.extIndex.length);
  return w.finish();
}

function decodeIo(bytes: Uint8Array, place: Place): IoMap {
  const r = new ByteReader(bytes, place);
  const head = readRecord(r, IO_HEAD);
  const ins = readColumns(r, INPUT_RECORD, head.inputRecords, `${head.inputRecords} input records`);
  const outs = readColumns(r, OUTPUT_RECORD, head.outputRecords, `${head.outputRecords} output records`);
  r.end('the output records');
  // readColumns returns each field as the typed array of its declared width (u32 → Uint32Array, u16 → Uint16Array, u8 → Uint8Array).
  const inputs: InputMap = {
    count: head.inputCount,
    exp: head.inputExp,
    offset: head.inputOffset,
    extIndex: ins.extIndex as Uint32Array,
    chip: ins.chip as Uint16Array,
    core: ins.core as Uint16Array,
    axon: ins.axon as Uint16Array,
  };
  const outputs: OutputMap = {
    count: head.outputCount,
    exp: head.outputExp,
    extIndex: outs.extIndex as Uint32Array,
    chip: outs.chip as Uint16Array,
    core: outs.core as Uint16Array,
    neuron: outs.neuron as Uint16Array,
    channel: outs.channel as Uint8Array,
  };
  return { inputs, outputs };
}

function checkInputs(image: ChipImage, ctx: CheckContext): void {
  const place = ctx.place('io');
  const m = image.io.inputs;
  checkInt(place, 'input count', m.count, 0, IMAGE_LIMITS.u32);
  checkInt(place, 'input exponent', m.exp, -IMAGE_LIMITS.exponent, IMAGE_LIMITS.exponent);
  checkInt(place, 'output exponent', image.io.outputs.exp, -IMAGE_LIMITS.exponent, IMAGE_LIMITS.exponent);
  if (!Number.isFinite(m.offset)) throw imageError(place, 'image-field', { field: 'input offset', value: m.offset, detail: 'must be a finite number' });
  const n = m.extIndex.length;
  for (const [what, arr] of [['chip', m.chip], ['core', m.core], ['axon', m.axon]] as const) checkLength(place, `input ${what}s`, arr.length, n);
  for (let k = 0; k < n; k++) {
    const what = `input record ${k} (external input ${m.extIndex[k]})`;
    if (m.extIndex[k] >= m.count) throw imageError(place, 'image-reference', { what, target: `external input ${m.extIndex[k]}`, detail: `the image has ${m.count} inputs` });
    const c = ctx.coreIndex(m.chip[k], m.core[k]);
    if (c < 0) throw imageError(place, 'image-reference', { what, target: `chip ${m.chip[k]} core ${m.core[k]}`, detail: 'no such core in the core table' });
    const axons = image.cores[c].synapses.offsets.length - 1;
    if (m.axon[k] >= axons) throw imageError(place, 'image-reference', { what, target: `input axon ${m.axon[k]} of core ${c}`, detail: `that core has ${axons} input axons` });
  }
}

function checkOutputs(image: ChipImage, ctx: CheckContext): void {
  const place = ctx.place('io');
  const m = image.io.outputs;
  checkInt(place, 'output count', m.count, 0, IMAGE_LIMITS.u32);
  const n = m.extIndex.length;
  for (const [what, arr] of [['chip', m.chip], ['core', m.core], ['neuron', m.neuron], ['channel', m.channel]] as const) checkLength(place, `output ${what}s`, arr.length, n);
  checkLength(place, 'output records (one per external output)', n, m.count);
  const seen = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const what = `output record ${k} (external output ${m.extIndex[k]})`;
    if (m.extIndex[k] >= m.count) throw imageError(place, 'image-reference', { what, target: `external output ${m.extIndex[k]}`, detail: `the image has ${m.count} outputs` });
    if (seen[m.extIndex[k]]) throw imageError(place, 'image-structure', { detail: `external output ${m.extIndex[k]} is produced by more than one record` });
    seen[m.extIndex[k]] = 1;
    const c = ctx.coreIndex(m.chip[k], m.core[k]);
    if (c < 0) throw imageError(place, 'image-reference', { what, target: `chip ${m.chip[k]} core ${m.core[k]}`, detail: 'no such core in the core table' });
    const core = image.cores[c];
    if (m.neuron[k] >= core.neuronCount) throw imageError(place, 'image-reference', { what, target: `neuron ${m.neuron[k]} of core ${c}`, detail: `that core has ${core.neuronCount} neurons` });
    const g = ctx.neuronGroups(c)[m.neuron[k]];
    if (m.channel[k] >= core.groups[g].channels) {
      throw imageError(place, 'image-reference', { what, target: `channel ${m.channel[k]} of neuron ${m.neuron[k]} on core ${c}`, detail: `its group ${g} has ${core.groups[g].channels} channels` });
    }
  }
}

export const IO_SECTION: SectionCodec<'io'> = {
  id: 8,
  name: 'io',
  title: 'I/O map',
  required: true,
  records: [IO_HEAD, INPUT_RECORD, OUTPUT_RECORD],
  select: (image) => image.io,
  encode: encodeIo,
  decode: decodeIo,
  check(image, ctx) {
    checkInputs(image, ctx);
    checkOutputs(image, ctx);
  },
  print(io) {
    const cores = new Set<number>();
    for (let k = 0; k < io.inputs.chip.length; k++) cores.add(io.inputs.chip[k] * 0x10000 + io.inputs.core[k]);
    return [
      `  inputs   ${io.inputs.count} values → ${io.inputs.extIndex.length} (chip, core, axon) routes on ${cores.size} cores`,
      `  outputs  ${io.outputs.count} values from ${io.outputs.extIndex.length} (chip, core, neuron, channel) sources`,
    ].join('\n');
  },
};
