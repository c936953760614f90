// Every preset loads and has its documented numbers; fitted costs sit inside their calibration ranges with Loihi 1's ratios kept; every preset number names its source.
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChipSpec, presetPath, PRESET_NAMES } from '../../../isa/chip/load.ts';
import { INSTRUCTION_CLASSES } from '../../../isa/chip/schema.ts';
import type { ChipSpec, InstructionClass } from '../../../isa/chip/schema.ts';
import { presetText } from './helpers.ts';

/** The "typical fused neuron program" the per-instruction costs are calibrated against (14 instructions). */
const TYPICAL_PROGRAM: Readonly<Record<InstructionClass, number>> = { alu: 6, mul: 2, lut: 1, mem: 3, emit: 2 };

function programCost(spec: ChipSpec, counts: Readonly<Record<InstructionClass, number>>): { timeNs: number; energyPj: number } {
  let timeNs = spec.timing.neuronUpdateNs;
  let energyPj = spec.energy.neuronUpdatePj;
  for (const c of INSTRUCTION_CLASSES) {
    timeNs += counts[c] * spec.timing.instructionNs[c];
    energyPj += counts[c] * spec.energy.instructionPj[c];
  }
  return { timeNs, energyPj };
}

describe('preset files', () => {
  it('PRESET_NAMES lists exactly the YAML files in isa/chip/presets', () => {
    const files = readdirSync(dirname(presetPath('loihi2'))).filter((f) => f.endsWith('.yaml'));
    expect(files.map((f) => f.replace(/\.yaml$/, '')).sort()).toEqual([...PRESET_NAMES].sort());
  });

  it.each(PRESET_NAMES)('%s loads, is named after its file and is deeply frozen', (name) => {
    const spec = loadChipSpec(name);
    expect(spec.name).toBe(name);
    expect(spec.description.length).toBeGreaterThan(20);
    expect(Object.isFrozen(spec.timing.instructionNs)).toBe(true);
    expect(Object.isFrozen(spec.chips.positions[0])).toBe(true);
    expect(spec.coresPerChip).toBeLessThanOrEqual(spec.mesh.cols * spec.mesh.rows);
  });

  it.each(PRESET_NAMES)('every number in %s.yaml carries `ref:`, `assumed:`, `fitted:` or `pinned` in its comment', (name) => {
    const numberLines = presetText(name)
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#') && /:\s*[-\d.{]/.test(line.split('#')[0]) && /\d/.test(line.split('#')[0]));
    expect(numberLines.length).toBeGreaterThan(0);
    for (const line of numberLines) expect(line, line).toMatch(/#\s*(ref:|assumed:|fitted:|pinned )/);
  });

  it('the instruction classes are exactly alu, mul, lut, mem, emit', () => {
    expect(INSTRUCTION_CLASSES).toEqual(['alu', 'mul', 'lut', 'mem', 'emit']);
  });
});

describe('loihi2', () => {
  const spec = loadChipSpec('loihi2');

  it('has the published per-chip limits and the per-core limits its comments derive', () => {
    expect(spec.chips).toEqual({ count: 1, positions: [{ x: 0, y: 0, z: 0 }] });
    expect(spec.mesh).toEqual({ cols: 16, rows: 8 });
    expect(spec.coresPerChip).toBe(120);
    expect(spec.core).toEqual({
      neurons: 8192,
      synapseWords: 18432,
      wordBits: 64,
      stateWords: 16384,
      stateWordBits: 16,
      inputAxons: 8192,
      outputAxons: 8192,
      microcodeSlots: 256,
    });
    expect(spec.messagePayloadBits).toBe(24);
    expect(spec.links.topology).toBe('adjacent');
    expect(spec.timing.synapticUnit).toBe('separate');
  });

  it('uses 176 of the 192 KB of SRAM per core for synapse and state words (the rest: axon tables)', () => {
    const bits = spec.core.synapseWords * spec.core.wordBits + spec.core.stateWords * spec.core.stateWordBits;
    expect(bits / 8).toBe(176 * 1024);
  });

  it('keeps Loihi 1 hop and barrier figures and the measured static power (the public runs cannot separate them)', () => {
    expect(spec.timing.hopNs).toEqual({ eastWest: 4.1, northSouth: 6.5 });
    expect(spec.energy.hopPj).toEqual({ eastWest: 3.0, northSouth: 4.0 });
    expect(spec.energy.staticWattsPerChip).toBe(0.282);
    expect(spec.timing.barrier.onChip).toEqual({ scaling: 'log2', coresPerTile: 4, baseNs: 113, slopeNs: 70.4 });
    expect(spec.timing.chipCrossingNs).toBe(200);
  });

  it('has fitted costs inside their calibration ranges: faster and cheaper than Loihi 1, slower than Hala Point\'s peak rate', () => {
    expect(spec.timing.synOpNs).toBeGreaterThan(0.3);
    expect(spec.timing.synOpNs).toBeLessThan(3.5);
    const update = programCost(spec, TYPICAL_PROGRAM);
    expect(update.timeNs).toBeGreaterThan(1);
    expect(update.timeNs).toBeLessThan(8.4);
    expect(update.energyPj).toBeLessThan(81);
    expect(spec.energy.synOpPj).toBeLessThan(23.6);
    expect(spec.energy.activeWattsPerChip).toBeGreaterThan(0);
    expect(spec.energy.activeWattsPerChip).toBeLessThan(1.5);
  });

  it('keeps Loihi 1\'s split of a neuron update over the instruction classes (calibration scales them together)', () => {
    const t = spec.timing.instructionNs;
    const e = spec.energy.instructionPj;
    expect(t.mul / t.alu).toBeCloseTo(2, 2);
    expect(t.mem / t.alu).toBeCloseTo(2, 2);
    expect(spec.timing.neuronUpdateNs / t.alu).toBeCloseTo(4, 2);
    expect(e.mul / e.alu).toBeCloseTo(2, 2);
    expect(spec.energy.neuronUpdatePj / e.alu).toBeCloseTo(17 / 3, 2);
    const short = programCost(spec, { alu: 5, mul: 2, lut: 1, mem: 2, emit: 2 }).energyPj;
    const long = programCost(spec, { alu: 7, mul: 3, lut: 1, mem: 3, emit: 2 }).energyPj;
    const typical = programCost(spec, TYPICAL_PROGRAM).energyPj;
    expect(short / typical).toBeCloseTo(71 / 81, 3);
    expect(long / typical).toBeCloseTo(90 / 81, 3);
  });
});

describe('multi-chip presets', () => {
  it('kapoho-point: 8 chips in a 4 × 2 grid with 10 nearest-neighbour links, loihi2 everywhere else', () => {
    const spec = loadChipSpec('kapoho-point');
    const loihi2 = loadChipSpec('loihi2');
    expect(spec.chips.count).toBe(8);
    expect(spec.chips.positions[1]).toEqual({ x: 1, y: 0, z: 0 });
    expect(spec.chips.positions[7]).toEqual({ x: 3, y: 1, z: 0 });
    expect(spec.links.pairs.length).toBe(10);
    const messageNs = loihi2.links.messageNs;
    expect(spec.links.pairs[0]).toEqual({ a: 0, b: 1, messageNs });
    expect(spec.links.pairs).toContainEqual({ a: 3, b: 7, messageNs });
    expect(spec.core).toEqual(loihi2.core);
    expect(spec.timing).toEqual(loihi2.timing);
    expect(spec.energy).toEqual(loihi2.energy);
  });

  it('hala-point: 1,152 chips in a 12 × 12 × 8 grid with 3,120 links', () => {
    const spec = loadChipSpec('hala-point');
    expect(spec.chips.count).toBe(1152);
    expect(spec.chips.positions[1151]).toEqual({ x: 11, y: 11, z: 7 });
    expect(spec.links.pairs.length).toBe(11 * 12 * 8 + 12 * 11 * 8 + 12 * 12 * 7);
    expect(spec.coresPerChip * spec.chips.count).toBe(138240);
    expect(spec.core.neurons).toBe(8192);
    expect(spec.messagePayloadBits).toBe(24);
  });

  it('tiny: 4 chips (2 × 2) of 8 cores (4 × 2 mesh), 128 neurons per core', () => {
    const spec = loadChipSpec('tiny');
    expect(spec.chips.positions).toEqual([
      { x: 0, y: 0, z: 0 },
      { x: 1, y: 0, z: 0 },
      { x: 0, y: 1, z: 0 },
      { x: 1, y: 1, z: 0 },
    ]);
    expect(spec.links.pairs.map((l) => [l.a, l.b])).toEqual([[0, 1], [0, 2], [1, 3], [2, 3]]);
    expect(spec.mesh).toEqual({ cols: 4, rows: 2 });
    expect(spec.coresPerChip).toBe(8);
    expect(spec.core).toMatchObject({ neurons: 128, synapseWords: 2048, inputAxons: 512, outputAxons: 512, microcodeSlots: 32 });
    expect(spec.energy.staticWattsPerChip).toBeCloseTo(0.282 * 8 / 128, 12);
    expect(spec.timing).toEqual(loadChipSpec('loihi2').timing);
  });

  it('tiny: a width-0.5 S5 model (~1,200 neurons, ~15 k synapses) needs more than one chip and fits in four', () => {
    const spec = loadChipSpec('tiny');
    const neuronsPerChip = spec.coresPerChip * spec.core.neurons;
    expect(neuronsPerChip).toBeLessThan(1200);
    expect(neuronsPerChip * spec.chips.count).toBeGreaterThanOrEqual(3 * 1200);
    expect(spec.coresPerChip * spec.chips.count * spec.core.synapseWords).toBeGreaterThanOrEqual(4 * 15000);
  });
});
