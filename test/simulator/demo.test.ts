// `loom demo` end to end into a temporary folder: the files it writes, compare.json's schema, the report's sections and self-containment, the merged trace and the enhanced WAV.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIP } from '../../models/bundled/clip.ts';
import { readWav } from '../../models/data/wav.ts';
import { runDemo, type DemoResult } from '../../simulator/commands/demo.ts';
import type { CompareJson } from '../../simulator/commands/compare.ts';
import type { TraceJson } from '../../simulator/profile/trace.ts';
import { scratchDir } from './fixture.ts';
import { checkXml } from '../isa/format/xml.ts';

const MODE_KEYS = ['latency_us_per_token', 'throughput_tokens_per_s', 'step_time_us', 'energy_uj_per_token', 'synops_per_token', 'messages_per_token', 'cores_used', 'chips_used', 'pipeline_depth'];
const BY_OP = ['synop', 'neuron_update', 'instruction_alu', 'instruction_mul', 'instruction_lut', 'instruction_mem', 'instruction_emit', 'message_send', 'message_receive', 'hop', 'chip_crossing', 'active', 'static'];

describe('loom demo', () => {
  let demo: DemoResult;
  let html: string;
  const stages = new Set<string>();
  beforeAll(() => {
    demo = runDemo({ outDir: join(scratchDir(), 'loom-out'), traceSteps: 20, onProgress: (stage) => stages.add(stage) });
    html = readFileSync(demo.files.report, 'utf8');
  });

  it('writes report.html, trace.json, compare.json, the enhanced WAV and the image', () => {
    for (const f of Object.values(demo.files)) expect(existsSync(f), f).toBe(true);
    expect(Object.keys(demo.files).sort()).toEqual(['compare', 'enhanced', 'image', 'report', 'trace']);
    expect([...stages]).toEqual(['fall-through', 'pipelined', 'packed fall-through', 'packed pipelined']);
  });

  it('compare.json follows the documented schema and both modes are bit-exact', () => {
    const json = JSON.parse(readFileSync(demo.files.compare, 'utf8')) as CompareJson;
    expect(Object.keys(json).sort()).toEqual(['bit_exact', 'chip_spec', 'frames', 'image', 'input', 'modes', 'modes_agree']);
    expect(json.bit_exact).toBe(true);
    expect(json.modes_agree).toBe(true);
    expect(json.chip_spec).toBe('loihi2');
    expect(json.frames).toBe(DEMO_CLIP.frames);
    for (const mode of ['fall-through', 'pipelined'] as const) {
      const m = json.modes[mode];
      expect(Object.keys(m).sort()).toEqual([...MODE_KEYS].sort());
      expect(Object.keys(m.energy_uj_per_token.by_op).sort()).toEqual([...BY_OP].sort());
      expect(m.energy_uj_per_token.total).toBeCloseTo(m.energy_uj_per_token.dynamic + m.energy_uj_per_token.static, 9);
      expect(m.cores_used).toBeGreaterThan(5); // throughput: cores of its own per group
    }
    const [f, p] = [json.modes['fall-through'], json.modes.pipelined];
    expect(p.throughput_tokens_per_s).toBeGreaterThan(2 * f.throughput_tokens_per_s);
    expect(p.latency_us_per_token).toBeGreaterThan(f.latency_us_per_token);
  });

  it('prints the headline metrics', () => {
    for (const text of ['cores used', 'synaptic ops', 'messages', 'latency (µs)', 'throughput (tokens/s)', 'dynamic', 'static', 'SI-SNR: input', 'bit-exact: yes', 'compile: objective throughput']) expect(demo.text).toContain(text);
    expect(demo.text).toContain(demo.siSnr.noisy.toFixed(2));
  });

  it('writes enhanced audio the length of the clip, and scores it against the clean reference', () => {
    const out = readWav(demo.files.enhanced, 16000).samples;
    expect(out.length).toBe(readWav(DEMO_CLIP.noisy, 16000).samples.length);
    expect(demo.siSnr.noisy).toBeCloseTo(5, 0);
    // the default model is the trained one: it must actually denoise the bundled clip
    expect(demo.siSnr.enhanced).toBeGreaterThan(demo.siSnr.noisy + 4);
  });

  it('report.html has the mesh heat maps per metric, link traffic, energy by op, per-layer latency and both modes', () => {
    for (const id of ['summary', 'modes', 'mesh', 'links', 'energy', 'layers', 'steps', 'compiles']) expect(html).toContain(`<section id="${id}"`);
    for (const title of ['busy fraction — fall-through', 'busy fraction — pipelined', 'synapse memory', 'synaptic ops per token', 'messages out per token — fall-through', 'messages out per token — pipelined', 'link traffic — pipelined']) {
      expect(html).toContain(`aria-label="${title}`);
    }
    const cores = demo.compare.modes['fall-through'].cores_used;
    const busy = html.slice(html.indexOf('aria-label="busy fraction — fall-through'), html.indexOf('aria-label="busy fraction — pipelined'));
    expect(busy.match(/class="core"/g)).toHaveLength(cores);
    for (const op of ['synaptic ops', 'message send', 'mesh hops']) expect(html).toContain(`>${op}</text>`);
    expect(html).toContain('dynamic energy per token by operation');
    expect(html).toContain('per-layer latency');
    expect(html).toMatch(/<th>fall-through<\/th><th>pipelined<\/th>/);
  });

  it('report.html is self-contained: no scripts, no external URLs, well-formed SVG', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/https?:\/\//);
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(10);
    for (const svg of svgs) expect(checkXml(svg).problems).toEqual([]);
  });

  it('trace.json holds both modes, each chip as its own process', () => {
    const trace = JSON.parse(readFileSync(demo.files.trace, 'utf8')) as TraceJson;
    const processes = trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => String(e.args!.name));
    expect(processes).toEqual(['fall-through · chip 0', 'fall-through · system (steps, barriers)', 'pipelined · chip 0', 'pipelined · system (steps, barriers)']);
    const steps = trace.traceEvents.filter((e) => e.cat === 'step');
    expect(steps).toHaveLength(40);
    expect(new Set(steps.map((e) => e.pid)).size).toBe(2);
  });
});
