// Shared pieces of the simulate and compare commands: bit-exactness against the reference interpreter, the enhanced WAV, and the terminal tables.
import { formatTable, percent } from '../../isa/format/table.ts';
import { applyMask, istft } from '../../models/data/stft.ts';
import { writeWav } from '../../models/data/wav.ts';
import { SAMPLE_RATE } from '../../models/data/stft.ts';
import { LoomError } from '../../isa/diagnostics/index.ts';
import { runReference } from '../../models/reference/interpreter.ts';
import type { ModeSummaryJson, SimulationResult } from '../result.ts';
import type { RunInput } from './input.ts';

/** Reference outputs of the run's frames (frame-major), or undefined without a QGraph. */
export function referenceOutputs(run: RunInput): Int32Array | undefined {
  return run.qgraph ? runReference(run.qgraph, run.frames).outputs : undefined;
}

/** Whether the token-aligned outputs equal the reference's exactly (null without a reference). */
export function bitExact(result: SimulationResult, reference: Int32Array | undefined): boolean | null {
  if (!reference) return null;
  const out = result.outputs;
  if (out.length !== reference.length) return false;
  for (let i = 0; i < out.length; i++) if (out[i] !== reference[i]) return false;
  return true;
}

/** Write the enhanced audio |Y| = |X|·(1 + mask) with the noisy phase (WAV input and a known output exponent only). */
export function writeEnhanced(path: string, run: RunInput, result: SimulationResult): void {
  if (!run.audio) throw new LoomError('sim-option', { option: '--out', value: path, detail: 'needs --wav input (a synthetic clip has no phase to resynthesise)' });
  if (run.outputExp === undefined) throw new LoomError('sim-option', { option: '--out', value: path, detail: 'needs the output exponent: pass --qgraph or --output-exp' });
  const scale = 2 ** -run.outputExp;
  const mask = Float32Array.from(result.outputs, (q) => q * scale);
  const { spec, samples, gain } = run.audio;
  const enhanced = applyMask(spec, mask);
  const wave = istft(enhanced.re, enhanced.im, enhanced.frames).subarray(0, samples);
  writeWav(path, wave.map((v) => v / gain), SAMPLE_RATE);
}

const fmt = (v: number, digits = 3): string => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : Number(v.toPrecision(digits + 1)).toString());

/** Rows of the headline metrics of one or more mode summaries (one column per mode). */
export function metricRows(modes: readonly ModeSummaryJson[]): string[][] {
  const row = (name: string, pick: (m: ModeSummaryJson) => number | string) => [name, ...modes.map((m) => {
    const v = pick(m);
    return typeof v === 'number' ? fmt(v) : v;
  })];
  const ops = Object.keys(modes[0].energy_uj_per_token.by_op) as (keyof ModeSummaryJson['energy_uj_per_token']['by_op'])[];
  return [
    row('latency (µs/token)', (m) => m.latency_us_per_token),
    row('throughput (tokens/s)', (m) => m.throughput_tokens_per_s),
    row('step time (µs)', (m) => m.step_time_us),
    row('energy (µJ/token)', (m) => m.energy_uj_per_token.total),
    row('  dynamic', (m) => m.energy_uj_per_token.dynamic),
    ...ops.filter((op) => op !== 'static').map((op) => row(`    ${op}`, (m) => m.energy_uj_per_token.by_op[op])),
    row('  static', (m) => m.energy_uj_per_token.static),
    row('synaptic ops/token', (m) => m.synops_per_token),
    row('messages/token', (m) => m.messages_per_token),
    row('cores / chips', (m) => `${m.cores_used} / ${m.chips_used}`),
    row('pipeline depth (steps)', (m) => m.pipeline_depth),
  ];
}

/** Per-core profile table. */
export function coreTable(result: SimulationResult): string {
  const f = result.frames;
  const rows = result.profile.cores.map((c) => [
    `${c.chip}.${c.core} (${c.x},${c.y})`,
    percent(c.busyFraction),
    Math.round(c.synops / f),
    Math.round(c.neuronUpdates / f),
    fmt(c.messagesIn / f),
    fmt(c.messagesOut / f),
    c.memory.neurons,
    c.memory.synapseWords,
    c.groups.join(', '),
  ]);
  return formatTable(['core', 'busy', 'synops/token', 'updates/token', 'msgs in/token', 'msgs out/token', 'neurons', 'syn. words', 'groups'], rows);
}

/** The busiest links (by packets). */
export function linkTable(result: SimulationResult, top = 8): string {
  const links = [...result.profile.links].sort((a, b) => b.packets - a.packets).slice(0, top);
  if (links.length === 0) return 'links: none used (every message stays on its core)';
  const rows = links.map((l) => [l.link, fmt(l.packets / result.frames), percent(l.busyFraction), l.peakQueue]);
  return formatTable(['link', 'packets/token', 'busy', 'peak queue'], rows);
}
