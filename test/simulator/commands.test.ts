// The simulate and compare commands: their JSON schemas, the Chrome trace, and the enhanced WAV (identical to `loom denoise` with the reference interpreter).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileQGraph } from '../../compiler/compile.ts';
import { loadChipSpec } from '../../isa/chip/load.ts';
import { writeImageFile } from '../../isa/image/index.ts';
import { BUNDLED_MODELS } from '../../models/bundled/index.ts';
import { denoiseCommand } from '../../models/commands/denoise.ts';
import { writeWav } from '../../models/data/wav.ts';
import { readQGraphFile } from '../../models/qgraph/format.ts';
import { compareCommand, type CompareJson } from '../../simulator/commands/compare.ts';
import { simulateCommand } from '../../simulator/commands/simulate.ts';
import type { TraceJson } from '../../simulator/profile/trace.ts';
import { scratchDir } from './fixture.ts';

const MODE_KEYS = ['latency_us_per_token', 'throughput_tokens_per_s', 'step_time_us', 'energy_uj_per_token', 'synops_per_token', 'messages_per_token', 'cores_used', 'chips_used', 'pipeline_depth'];
const BY_OP = ['synop', 'neuron_update', 'instruction_alu', 'instruction_mul', 'instruction_lut', 'instruction_mem', 'instruction_emit', 'message_send', 'message_receive', 'hop', 'chip_crossing', 'active', 'static'];

describe('loom simulate / loom compare', () => {
  let dir: string;
  let image: string;
  const model = BUNDLED_MODELS[0];
  beforeAll(() => {
    dir = scratchDir();
    image = join(dir, 'm.limg');
    const chip = loadChipSpec('tiny');
    writeImageFile(image, compileQGraph(readQGraphFile(model.file), { chip, mode: 'both', seed: 0 }).image);
  });

  it('compare --json writes { frames, bit_exact, modes: { fall-through, pipelined } } with every documented field', () => {
    const json = join(dir, 'compare.json');
    const progress: string[] = [];
    const s = compareCommand({ image, qgraph: model.name, frames: 40, seed: 2, json, onProgress: (mode, done) => progress.push(`${mode} ${done}`) });
    const written = JSON.parse(readFileSync(json, 'utf8')) as CompareJson;
    expect(written.frames).toBe(40);
    expect(written.bit_exact).toBe(true);
    expect(written.modes_agree).toBe(true);
    for (const mode of ['fall-through', 'pipelined'] as const) {
      const m = written.modes[mode];
      expect(Object.keys(m).sort()).toEqual([...MODE_KEYS].sort());
      expect(Object.keys(m.energy_uj_per_token).sort()).toEqual(['by_op', 'dynamic', 'static', 'total']);
      expect(Object.keys(m.energy_uj_per_token.by_op).sort()).toEqual([...BY_OP].sort());
      expect(m.energy_uj_per_token.total).toBeCloseTo(m.energy_uj_per_token.dynamic + m.energy_uj_per_token.static, 9);
      expect(m.chips_used).toBeGreaterThan(1);
    }
    expect(written.modes['fall-through'].pipeline_depth).toBe(0);
    expect(written.modes.pipelined.pipeline_depth).toBe(10);
    expect(written.modes['fall-through'].latency_us_per_token).toBeCloseTo(written.modes['fall-through'].step_time_us, 9);
    expect(s.text).toMatch(/fall-through\s+pipelined/);
    expect(progress).toContain('fall-through 40');
    expect(progress).toContain('pipelined 50');
  });

  it('simulate writes its JSON and a Chrome trace that Perfetto can open (traceEvents of complete slices)', () => {
    const json = join(dir, 'sim.json');
    const trace = join(dir, 'trace.json');
    const s = simulateCommand({ image, qgraph: model.name, frames: 30, mode: 'pipelined', json, trace, traceSteps: 20 });
    expect(s.bitExact).toBe(true);
    const written = JSON.parse(readFileSync(json, 'utf8'));
    expect(written.mode).toBe('pipelined');
    expect(written.cores.length).toBe(s.result.coresUsed);
    expect(written.links.length).toBe(s.result.profile.links.length);
    const t = JSON.parse(readFileSync(trace, 'utf8')) as TraceJson;
    expect(Array.isArray(t.traceEvents)).toBe(true);
    const slices = t.traceEvents.filter((e) => e.ph === 'X');
    expect(slices.length).toBeGreaterThan(20 * 2);
    for (const e of slices) {
      expect(typeof e.name).toBe('string');
      expect(Number.isInteger(e.pid) && Number.isInteger(e.tid)).toBe(true);
      expect(Number.isFinite(e.ts) && Number.isFinite(e.dur) && e.dur! >= 0).toBe(true);
    }
    const steps = slices.filter((e) => e.cat === 'step').map((e) => e.name);
    expect(steps).toEqual(Array.from({ length: 20 }, (_, i) => `step ${i}`));
    const threads = t.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name');
    expect(threads.length).toBe(s.result.coresUsed);
    expect(s.text).toContain('bit-exact with the reference interpreter: yes');
  });

  it('simulate --wav --out writes the same enhanced audio as `loom denoise` (reference interpreter)', () => {
    const noisy = join(dir, 'noisy.wav');
    const samples = Float32Array.from({ length: 16000 * 0.3 }, (_, i) => 0.2 * Math.sin(i * 0.07) * Math.sin(i * 0.0009) + 0.02 * Math.sin(i * 1.3));
    writeWav(noisy, samples, 16000);
    const fromChip = join(dir, 'chip.wav');
    const fromReference = join(dir, 'ref.wav');
    const s = simulateCommand({ image, qgraph: model.name, wav: noisy, out: fromChip, mode: 'fall-through' });
    denoiseCommand({ model: model.name, input: noisy, output: fromReference });
    expect(s.bitExact).toBe(true);
    expect(existsSync(fromChip)).toBe(true);
    expect(readFileSync(fromChip).equals(readFileSync(fromReference))).toBe(true);
  });
});
