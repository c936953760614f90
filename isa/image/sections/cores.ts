// Section `cores` (kind 2): the core table — one record per core, then every core's neuron-group records in core order.
import { ByteReader, ByteWriter } from '../bytes.ts';
import { checkInt } from '../checks.ts';
import { imageError, type Place } from '../errors.ts';
import { defineRecord, readRecord, readRecords, writeRecord } from '../record.ts';
import type { CoreRecord, DecodeContext, SectionCodec } from '../section.ts';
import { textTable } from '../text.ts';
import { IMAGE_LIMITS, type ChipImage, type CoreImage, type NeuronGroupSlice } from '../types.ts';

export const CORE_TABLE_HEAD = defineRecord('core table head', [
  { name: 'coreCount', type: 'u32', doc: 'core records that follow' },
  { name: 'groupCount', type: 'u32', doc: 'group records after the core records (Σ of the cores’ groupCount)' },
]);

export const CORE_RECORD = defineRecord('core record', [
  { name: 'chip', type: 'u16', doc: 'chip index (< chipCount)' },
  { name: 'core', type: 'u16', doc: 'core index within the chip' },
  { name: 'x', type: 'u16', doc: 'mesh column' },
  { name: 'y', type: 'u16', doc: 'mesh row' },
  { name: 'neuronCount', type: 'u32', doc: 'neurons on the core (≤ 65 536)' },
  { name: 'inputAxonCount', type: 'u32', doc: 'input axons (synapse-memory rows, ≤ 65 536)' },
  { name: 'groupCount', type: 'u16', doc: 'group records of this core' },
  { name: 'programCount', type: 'u16', doc: 'micro-code programs of this core' },
]);

export const GROUP_RECORD = defineRecord('group record', [
  { name: 'program', type: 'u16', doc: 'index of the core’s program the group runs' },
  { name: 'ports', type: 'u8', doc: 'input ports per neuron' },
  { name: 'stateWords', type: 'u8', doc: 'state registers per neuron' },
  { name: 'paramWords', type: 'u8', doc: 'parameters per neuron' },
  { name: 'channels', type: 'u8', doc: 'output channels per neuron' },
  { name: 'startStep', type: 'u16', doc: 'first step the group updates in pipelined execution (its pipeline stage)' },
  { name: 'firstNeuron', type: 'u32', doc: 'first neuron of the run' },
  { name: 'neuronCount', type: 'u32', doc: 'neurons in the run (≥ 1)' },
]);

function encodeCores(cores: readonly CoreRecord[]): Uint8Array {
  const w = new ByteWriter();
  const groupCount = cores.reduce((n, c) => n + c.groups.length, 0);
  writeRecord(w, CORE_TABLE_HEAD, { coreCount: cores.length, groupCount });
  for (const c of cores) writeRecord(w, CORE_RECORD, { ...c, groupCount: c.groups.length });
  for (const c of cores) for (const g of c.groups) writeRecord(w, GROUP_RECORD, g);
  return w.finish();
}

function decodeCores(bytes: Uint8Array, ctx: DecodeContext): CoreRecord[] {
  const r = new ByteReader(bytes, ctx);
  const head = readRecord(r, CORE_TABLE_HEAD);
  const records = readRecords(r, CORE_RECORD, head.coreCount, `${head.coreCount} core records`);
  const declared = records.reduce((n, c) => n + c.groupCount, 0);
  if (declared !== head.groupCount) {
    throw imageError(ctx, 'image-structure', { detail: `core records declare ${declared} groups but the table head says ${head.groupCount}` }, 4);
  }
  const groups = readRecords(r, GROUP_RECORD, head.groupCount, `${head.groupCount} group records`);
  r.end('the group records');
  let next = 0;
  return records.map((c) => {
    const own: NeuronGroupSlice[] = groups.slice(next, next + c.groupCount).map((g) => ({
      program: g.program,
      firstNeuron: g.firstNeuron,
      neuronCount: g.neuronCount,
      ports: g.ports,
      stateWords: g.stateWords,
      paramWords: g.paramWords,
      channels: g.channels,
      startStep: g.startStep,
    }));
    next += c.groupCount;
    const { chip, core, x, y, neuronCount, inputAxonCount, programCount } = c;
    return { chip, core, x, y, neuronCount, inputAxonCount, programCount, groups: own };
  });
}

/** Label of a core in messages: its table index and its (chip, core) address. */
export function coreName(image: ChipImage, c: number): string {
  const core = image.cores[c];
  return `core ${c} (chip ${core.chip} core ${core.core})`;
}

function checkGroups(place: Place, name: string, core: CoreImage): void {
  checkInt(place, `${name} group count`, core.groups.length, 0, IMAGE_LIMITS.groupsPerCore);
  let next = 0;
  core.groups.forEach((g, i) => {
    const what = `${name} group ${i}`;
    if (g.firstNeuron !== next) {
      throw imageError(place, 'image-structure', { detail: `${what} starts at neuron ${g.firstNeuron}; groups must tile the core's neurons in order, so it should start at ${next}` });
    }
    checkInt(place, `${what} neuron count`, g.neuronCount, 1, IMAGE_LIMITS.neuronsPerCore);
    for (const k of ['ports', 'stateWords', 'paramWords', 'channels'] as const) checkInt(place, `${what} ${k}`, g[k], 0, IMAGE_LIMITS.perNeuronWords);
    checkInt(place, `${what} program`, g.program, 0, IMAGE_LIMITS.programsPerCore);
    if (g.program >= core.programs.length) {
      throw imageError(place, 'image-reference', { what: `${what} program`, target: `program ${g.program}`, detail: `the core has ${core.programs.length} programs` });
    }
    next += g.neuronCount;
  });
  if (next !== core.neuronCount) {
    throw imageError(place, 'image-structure', { detail: `${name} has ${core.neuronCount} neurons but its groups cover ${next}` });
  }
}

function checkCores(image: ChipImage, place: Place): void {
  checkInt(place, 'core count', image.cores.length, 1, IMAGE_LIMITS.cores);
  const seen = new Map<number, number>();
  image.cores.forEach((core, c) => {
    const name = `core ${c}`;
    checkInt(place, `${name} chip`, core.chip, 0, IMAGE_LIMITS.chips);
    if (core.chip >= image.header.chipCount) {
      throw imageError(place, 'image-reference', { what: `${name} chip`, target: `chip ${core.chip}`, detail: `the image has ${image.header.chipCount} chips` });
    }
    checkInt(place, `${name} core index`, core.core, 0, IMAGE_LIMITS.coreIndex);
    checkInt(place, `${name} x`, core.x, 0, IMAGE_LIMITS.meshCoord);
    checkInt(place, `${name} y`, core.y, 0, IMAGE_LIMITS.meshCoord);
    const key = core.chip * 0x10000 + core.core;
    const other = seen.get(key);
    if (other !== undefined) throw imageError(place, 'image-structure', { detail: `${name} and core ${other} both claim chip ${core.chip} core ${core.core}` });
    seen.set(key, c);
    checkInt(place, `${name} neuron count`, core.neuronCount, 0, IMAGE_LIMITS.neuronsPerCore);
    checkInt(place, `${name} program count`, core.programs.length, 0, IMAGE_LIMITS.programsPerCore);
    checkGroups(place, coreName(image, c), core);
  });
}

function printCores(cores: readonly CoreRecord[], image: ChipImage): string {
  const rows = image.cores.map((core, c) => {
    const slots = core.axons.offsets.length - 1;
    let used = 0;
    for (let s = 0; s < slots; s++) if (core.axons.offsets[s + 1] > core.axons.offsets[s]) used++;
    return [c, core.chip, core.core, core.x, core.y, core.neuronCount, core.groups.length, core.programs.length,
      cores[c].inputAxonCount, core.synapses.target.length, used, core.axons.destChip.length];
  });
  return textTable(['idx', 'chip', 'core', 'x', 'y', 'neurons', 'groups', 'programs', 'axons-in', 'synapses', 'axons-out', 'routes'], rows);
}

export const CORES_SECTION: SectionCodec<'cores'> = {
  id: 2,
  name: 'cores',
  title: 'core table',
  required: true,
  records: [CORE_TABLE_HEAD, CORE_RECORD, GROUP_RECORD],
  select: (image) =>
    image.cores.map((c) => ({
      chip: c.chip,
      core: c.core,
      x: c.x,
      y: c.y,
      neuronCount: c.neuronCount,
      inputAxonCount: c.synapses.offsets.length - 1,
      programCount: c.programs.length,
      groups: c.groups,
    })),
  encode: encodeCores,
  decode: decodeCores,
  check: (image, ctx) => checkCores(image, ctx.place('cores')),
  print: (cores, view) => printCores(cores, view.image),
};
