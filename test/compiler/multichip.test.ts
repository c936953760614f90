// Multi-chip compiles (tiny, kapoho-point with --chips 4) and the back end's user errors: each names the group or block, the resource, the amount and the limit.
import { describe, expect, it } from 'vitest';
import { compileQGraph } from '../../compiler/compile.ts';
import { programFor } from '../../compiler/passes/fuse.ts';
import { accumulatorBounds } from '../../compiler/report.ts';
import type { CompilerIR } from '../../compiler/ir/types.ts';
import { loadChipSpec, parseChipSpec } from '../../isa/chip/load.ts';
import type { ChipSpec } from '../../isa/chip/schema.ts';
import { LoomError } from '../../isa/diagnostics/index.ts';
import { decodeImage, encodeImage } from '../../isa/image/index.ts';
import { RESOURCE_NAMES } from '../../isa/resources.ts';
import { BUNDLED_MODELS } from '../../models/bundled/index.ts';
import { syntheticFrames } from '../../models/data/synthetic-frames.ts';
import { readQGraphFile } from '../../models/qgraph/format.ts';
import { ReferenceInterpreter } from '../../models/reference/interpreter.ts';
import { cscFromDense } from '../../models/reference/sparse.ts';
import { ImageExecutor, recountCore } from './backend-helpers.ts';

const models = BUNDLED_MODELS.map((m) => ({ name: m.name, qgraph: readQGraphFile(m.file) }));
const sparse = models.find((m) => m.name === 's5-w0.5-sparse90')!.qgraph;

function within(chip: ChipSpec, image: ReturnType<typeof compileQGraph>['image']): void {
  for (const core of image.cores) {
    const used = recountCore(core, chip);
    for (const r of RESOURCE_NAMES) expect(used[r], `chip ${core.chip} core ${core.core} ${r}`).toBeLessThanOrEqual(chip.core[r]);
  }
}

function thrown(run: () => unknown): LoomError {
  try {
    run();
  } catch (e) {
    if (e instanceof LoomError) return e;
    throw e;
  }
  throw new Error('expected a LoomError');
}

/** A test spec: the tiny preset with some fields overridden. */
function tinyWith(yamlBody: string): ChipSpec {
  return parseChipSpec(`extends: tiny\nname: tiny-variant\n${yamlBody}`, 'test/compiler/tiny-variant.yaml');
}

describe('compiling to several chips', () => {
  for (const { name, qgraph } of models) {
    it(`${name} on tiny spreads over more than one chip and stays within every limit`, () => {
      const tiny = loadChipSpec('tiny');
      const { image, report } = compileQGraph(qgraph, { chip: tiny, mode: 'both', seed: 0, verify: true });
      console.log(`${name} on tiny: ${report.coresUsed} cores on ${report.chipsUsed} chips; lower bound ${report.bound.lowerBound}; hop-weighted ${report.traffic.hopWeighted} vs naive ${report.traffic.naiveHopWeighted}`);
      expect(report.chipsUsed).toBeGreaterThan(1);
      expect(new Set(image.cores.map((c) => c.chip)).size).toBe(report.chipsUsed);
      expect(report.links.chip.length).toBeGreaterThan(0);
      expect(report.traffic.hopWeighted).toBeLessThanOrEqual(report.traffic.naiveHopWeighted);
      within(tiny, image);
      expect(encodeImage(decodeImage(encodeImage(image), name))).toEqual(encodeImage(image));
    });
  }

  it('kapoho-point with chips: 4 uses exactly four chips, and the image still computes the reference outputs', () => {
    const kapoho = loadChipSpec('kapoho-point');
    const { image, report, state } = compileQGraph(sparse, { chip: kapoho, mode: 'both', seed: 3, chips: 4 });
    console.log(`kapoho-point --chips 4: ${report.coresUsed} cores on chips ${report.chips.join(', ')}; hop-weighted ${report.traffic.hopWeighted} vs naive ${report.traffic.naiveHopWeighted}`);
    expect(report.chipsUsed).toBe(4);
    expect(report.coresUsed).toBeGreaterThanOrEqual(4);
    expect(report.traffic.hopWeighted).toBeLessThanOrEqual(report.traffic.naiveHopWeighted);
    expect(image.header.chipCount).toBeGreaterThan(Math.max(...image.cores.map((c) => c.chip)));
    within(kapoho, image);
    const frames = syntheticFrames({ count: 20, seed: 5 });
    const reference = new ReferenceInterpreter(sparse);
    const expected = frames.map((f) => [...reference.step(f)]);
    const run = new ImageExecutor(image, state.ir!, 'fall-through');
    expect(frames.map((f) => [...run.step(f)])).toEqual(expected);
  });
});

describe('back-end errors name the group or block, the resource, the amount and the limit', () => {
  it('a neuron that needs more input axons than a core has (300)', () => {
    const err = thrown(() => compileQGraph(models[1].qgraph, { chip: tinyWith('core: { inputAxons: 64 }'), mode: 'both', seed: 0 }));
    expect(err.code).toBe(300);
    expect(err.message).toContain('group decoder: block decoder[0]');
    expect(err.message).toMatch(/needs 9[0-6] input axons but one core of chip spec tiny-variant has 64/);
  });

  it('a neuron whose synapse lists exceed a core’s synapse memory (300)', () => {
    const err = thrown(() => compileQGraph(models[1].qgraph, { chip: tinyWith('core: { synapseWords: 40 }'), mode: 'both', seed: 0 }));
    expect(err.code).toBe(300);
    expect(err.message).toMatch(/group decoder: block decoder\[0\] .* needs \d+ synapse-memory words but one core .* has 40/);
  });

  it('a program longer than the micro-code store (301)', () => {
    const err = thrown(() => compileQGraph(sparse, { chip: tinyWith('core: { microcodeSlots: 16 }'), mode: 'both', seed: 0 }));
    expect(err.code).toBe(301);
    expect(err.message).toMatch(/group blocks\.0\.state: program .* needs 24 micro-code slots but one core of chip spec tiny-variant has 16/);
  });

  it('more cores than the chip spec has (302), also under --chips', () => {
    const oneChip = tinyWith('chips: { grid: { x: 1, y: 1, z: 1 } }');
    const err = thrown(() => compileQGraph(sparse, { chip: oneChip, mode: 'both', seed: 0 }));
    expect(err.code).toBe(302);
    expect(err.message).toMatch(/needs 14 cores \(lower bound 14 from neurons: 1,?697 in all, 128 per core\) but chip spec tiny-variant \(1 chips × 8 cores\) has 8/);
    const forced = thrown(() => compileQGraph(sparse, { chip: loadChipSpec('tiny'), mode: 'both', seed: 0, chips: 1 }));
    expect(forced.code).toBe(302);
    expect(forced.message).toContain('--chips 1');
  });

  it('--chips beyond the chip spec (400)', () => {
    const err = thrown(() => compileQGraph(sparse, { chip: loadChipSpec('tiny'), mode: 'both', seed: 0, chips: 5 }));
    expect(err.code).toBe(400);
    expect(err.message).toContain('--chips 5: chip spec tiny has 4 chips');
  });
});

describe('accumulator bounds', () => {
  it('warns where Σ|w|·2^15 can exceed a 32-bit accumulator', () => {
    const width = 600;
    const dense = Int32Array.from({ length: 2 * width }, (_, i) => (i < width ? 127 : -1));
    const fn = { kind: 'dense', accExp: 8, outExp: 8, relu: true } as const;
    const ir: CompilerIR = {
      nodes: [
        { kind: 'input', name: 'in', size: width, exp: 8, offset: 0 },
        { kind: 'neuronGroup', name: 'wide', layer: 'encoder', size: 2, fn, fused: [], channels: 1, outExp: 8, params: new Int32Array(2), paramWords: 1, program: programFor(fn) },
      ],
      synapses: [{ kind: 'synapseGroup', name: 'wide.W', source: { node: 'in', channel: 0 }, target: { group: 'wide', port: 0 }, weights: cscFromDense(dense, 2, width), weightExp: 0, identity: false }],
      output: { group: 'wide', channel: 0 },
      mode: 'fall-through',
    };
    const [bound] = accumulatorBounds(ir);
    expect(bound).toMatchObject({ group: 'wide', port: 0, neuron: 0, bound: 600 * 127 * 32768, limit: 2 ** 31 - 1 });
    expect(bound.bound).toBeGreaterThan(bound.limit);
  });
});
