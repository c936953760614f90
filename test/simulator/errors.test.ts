// Inputs a user can get wrong become LoomErrors with their catalogue code: images of another version or for another chip, modes the image cannot run, bad frames, WAVs at another rate.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileQGraph } from '../../compiler/compile.ts';
import { loadChipSpec } from '../../isa/chip/load.ts';
import { DIAGNOSTICS } from '../../isa/diagnostics/index.ts';
import { SIMULATION_DIAGNOSTICS } from '../../isa/diagnostics/simulation.ts';
import { writeImageFile } from '../../isa/image/index.ts';
import { relayProgram } from '../../isa/microcode/index.ts';
import { BUNDLED_MODELS } from '../../models/bundled/index.ts';
import { encodeWav } from '../../models/data/wav.ts';
import { readQGraphFile, writeQGraphFile } from '../../models/qgraph/format.ts';
import { compareCommand } from '../../simulator/commands/compare.ts';
import { simulateCommand } from '../../simulator/commands/simulate.ts';
import { loadImage } from '../../simulator/load.ts';
import { simulate } from '../../simulator/simulate.ts';
import { randomQGraph } from '../models/qgraph/random-qgraph.ts';
import { buildImage, loadFixture, loomErrorOf, scratchDir, type FixtureSpec } from './fixture.ts';

const relay = relayProgram();
const input = { exp: 0, offset: 0 };
const pair: FixtureSpec = {
  chipSpec: 'loihi2',
  inputs: 2,
  cores: [{ chip: 0, core: 0, groups: [{ program: relay, neurons: 2 }] }],
  synapses: [0, 1].map((n) => ({ from: { input: n }, to: { core: 0, group: 0, neuron: n }, weight: 1 })),
  outputs: [0, 1].map((n) => ({ core: 0, group: 0, neuron: n })),
};

describe('diagnostic catalogue', () => {
  it('simulation codes are 700–799, unique, and in the global catalogue without clashing with another phase', () => {
    const codes = Object.values(SIMULATION_DIAGNOSTICS).map((d) => d.code);
    expect(codes.every((c) => c >= 700 && c <= 799)).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    for (const id of Object.keys(SIMULATION_DIAGNOSTICS)) expect(DIAGNOSTICS).toHaveProperty(id);
    const all = Object.values(DIAGNOSTICS).map((d) => d.code);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('simulation input errors', () => {
  let dir: string;
  let fallThroughImage: string;
  let bothImage: string;
  const model = BUNDLED_MODELS[0];
  beforeAll(() => {
    dir = scratchDir();
    const chip = loadChipSpec('loihi2');
    const q = readQGraphFile(model.file);
    fallThroughImage = join(dir, 'ft.limg');
    bothImage = join(dir, 'both.limg');
    writeImageFile(fallThroughImage, compileQGraph(q, { chip, mode: 'fall-through', seed: 0 }).image);
    writeImageFile(bothImage, compileQGraph(q, { chip, mode: 'both', seed: 0 }).image);
  });

  it('an image of another format version: 501', () => {
    const bytes = readFileSync(bothImage);
    bytes.writeUInt16LE(2, 8);
    const path = join(dir, 'v2.limg');
    writeFileSync(path, bytes);
    expect(loomErrorOf(() => simulateCommand({ image: path, qgraph: model.name, frames: 2 })).code).toBe(501);
  });

  it('a fall-through-only image run pipelined (header flags bit 0 clear): 701', () => {
    const e = loomErrorOf(() => simulateCommand({ image: fallThroughImage, qgraph: model.name, frames: 2, mode: 'pipelined' }));
    expect(e.code).toBe(701);
    expect(e.message).toContain('--mode both');
    expect(loomErrorOf(() => compareCommand({ image: fallThroughImage, qgraph: model.name, frames: 2 })).code).toBe(701);
    expect(simulateCommand({ image: fallThroughImage, qgraph: model.name, frames: 2 }).bitExact).toBe(true);
  });

  it('an unknown mode: 700', () => {
    expect(loomErrorOf(() => simulateCommand({ image: bothImage, qgraph: model.name, frames: 2, mode: 'turbo' })).code).toBe(700);
  });

  it('a chip spec other than the image\'s: 702; an image core the spec does not have: 703', () => {
    expect(loomErrorOf(() => simulateCommand({ image: bothImage, qgraph: model.name, frames: 2, chip: 'tiny' })).code).toBe(702);
    const big = buildImage({ ...pair, chipSpec: 'tiny', cores: [{ chip: 0, core: 7, groups: pair.cores[0].groups }] });
    expect(loomErrorOf(() => loadImage({ ...big, cores: [{ ...big.cores[0], core: 9 }] }, loadChipSpec('tiny'))).code).toBe(703);
  });

  it('frames of the wrong width, non-finite values, no frames: 705, 706, 707', () => {
    const img = loadFixture(pair);
    const e = loomErrorOf(() => simulate(img, { frames: [[1, 2], [1, 2, 3]], input }));
    expect(e.code).toBe(705);
    expect(e.message).toMatch(/frame 1 has 3 values.*takes 2 inputs/);
    expect(loomErrorOf(() => simulate(img, { frames: [[1, Number.NaN]], input })).code).toBe(706);
    expect(loomErrorOf(() => simulate(img, { frames: [], input })).code).toBe(707);
    expect(loomErrorOf(() => simulateCommand({ image: bothImage, qgraph: model.name, frames: 0 })).code).toBe(707);
  });

  it('host quantization comes from the image; half of the override flags: 704; a QGraph of another model: 708', () => {
    const fromImage = simulateCommand({ image: bothImage, frames: 2 });
    const fromQGraph = simulateCommand({ image: bothImage, qgraph: model.name, frames: 2 });
    expect(Array.from(fromImage.result.outputs)).toEqual(Array.from(fromQGraph.result.outputs));
    expect(loomErrorOf(() => simulateCommand({ image: bothImage, frames: 2, inputExp: 10 })).code).toBe(704);
    expect(simulateCommand({ image: bothImage, frames: 2, inputExp: 10, inputOffset: 0 }).bitExact).toBeNull();
    const other = join(dir, 'other.qgraph.safetensors');
    writeQGraphFile(other, randomQGraph({ seed: 1 }));
    expect(loomErrorOf(() => simulateCommand({ image: bothImage, qgraph: other, frames: 2 })).code).toBe(708);
  });

  it('a WAV at another sample rate: 911; a WAV shorter than one frame: 912; --out without WAV input: 710', () => {
    const wav8k = join(dir, '8k.wav');
    writeFileSync(wav8k, encodeWav(new Float32Array(4000), 8000));
    expect(loomErrorOf(() => simulateCommand({ image: bothImage, qgraph: model.name, wav: wav8k })).code).toBe(911);
    const short = join(dir, 'short.wav');
    writeFileSync(short, encodeWav(new Float32Array(100), 16000));
    expect(loomErrorOf(() => simulateCommand({ image: bothImage, qgraph: model.name, wav: short })).code).toBe(912);
    expect(loomErrorOf(() => simulateCommand({ image: bothImage, qgraph: model.name, frames: 2, out: join(dir, 'x.wav') })).code).toBe(710);
  });

  it('fall-through on an image whose slices feed each other within a step: 709 (pipelined runs it)', () => {
    const loop: FixtureSpec = {
      chipSpec: 'loihi2',
      mode: 'pipelined',
      inputs: 1,
      cores: [
        { chip: 0, core: 0, groups: [{ program: relay, neurons: 1 }] },
        { chip: 0, core: 1, groups: [{ program: relay, neurons: 1 }] },
      ],
      synapses: [
        { from: { input: 0 }, to: { core: 0, group: 0, neuron: 0 }, weight: 1 },
        { from: { core: 0, group: 0, neuron: 0 }, to: { core: 1, group: 0, neuron: 0 }, weight: 1 },
        { from: { core: 1, group: 0, neuron: 0 }, to: { core: 0, group: 0, neuron: 0 }, weight: 1 },
      ],
      outputs: [{ core: 1, group: 0, neuron: 0 }],
    };
    const img = loadFixture(loop);
    expect(loomErrorOf(() => simulate(img, { mode: 'fall-through', frames: [[1]], input })).code).toBe(709);
    const r = simulate(img, { mode: 'pipelined', frames: [[1], [0], [0], [0]], input });
    expect(Array.from(r.stepOutputs)).toEqual([0, 1, 0, 1, 0]); // the value circulates: 0 → 1 → 0 → 1 …
  });

  it('an image whose runtime tables exceed a WebAssembly memory (4 GiB) is 711 naming the image and both sizes, not a crash', () => {
    const img = loadFixture(pair);
    const huge = { ...img, file: 'huge.limg', portCount: 2 ** 29 }; // 2^29 f64 ports alone fill 4 GiB
    const e = loomErrorOf(() => simulate(huge, { mode: 'fall-through', frames: [[1, 1]], input: { exp: 0, offset: 0 } }));
    expect(e.code).toBe(711);
    expect(e.message).toContain('huge.limg');
    expect(e.message).toMatch(/needs 4\.\d\d GiB .* the limit is 4\.00 GiB/);
  });
});
