// `loom demo`: the main job end to end — bundled default model → loihi2 image → both execution modes on the bundled noisy clip → bit-exactness, enhanced WAV, SI-SNR, report.html, trace.json, compare.json.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileQGraph, type CompileResult } from '../../compiler/compile.ts';
import { measureActivity } from '../../compiler/commands/compile.ts';
import { loadChipSpec } from '../../isa/chip/load.ts';
import type { ChipSpec } from '../../isa/chip/schema.ts';
import { writeFileAtomic } from '../../isa/files.ts';
import { formatTable } from '../../isa/format/table.ts';
import { writeImageFile } from '../../isa/image/index.ts';
import { DEMO_CLIP } from '../../models/bundled/clip.ts';
import { DEFAULT_MODEL } from '../../models/bundled/index.ts';
import { siSnr } from '../../models/data/si-snr.ts';
import { SAMPLE_RATE } from '../../models/data/stft.ts';
import { readWav } from '../../models/data/wav.ts';
import { readQGraphFile } from '../../models/qgraph/format.ts';
import type { QGraph } from '../../models/qgraph/types.ts';
import { loadImage, type LoadedImage } from '../load.ts';
import { LayerTimer } from '../profile/layers.ts';
import { reportHtml, type ReportCompile, type ReportMode } from '../profile/report-html.ts';
import { mergeTraces } from '../profile/trace-merge.ts';
import { modeSummaryJson, type SimulationResult } from '../result.ts';
import { simulate } from '../simulate.ts';
import type { CompareJson } from './compare.ts';
import { readRunInput, type RunInput } from './input.ts';
import { bitExact, referenceOutputs, writeEnhanced } from './report.ts';

export interface DemoOptions {
  /** Where the outputs go (created if missing); default `loom-out`. */
  readonly outDir?: string;
  /** Progress of each simulation: (run label, steps done, steps in all). */
  readonly onProgress?: (stage: string, done: number, total: number) => void;
  /** Steps of each mode recorded in trace.json (default 100). */
  readonly traceSteps?: number;
  /** The model to run (default DEFAULT_MODEL of models/bundled/index.ts). */
  readonly model?: DemoModel;
}

export interface DemoModel {
  readonly name: string;
  readonly file: string;
  readonly description: string;
}

export interface DemoFiles {
  readonly report: string;
  readonly trace: string;
  readonly compare: string;
  readonly enhanced: string;
  readonly image: string;
}

export interface DemoResult {
  readonly text: string;
  readonly files: DemoFiles;
  readonly compare: CompareJson;
  readonly siSnr: { readonly noisy: number; readonly enhanced: number };
  readonly wallS: number;
}

/** The compile the demo shows, and the one it is compared with (as passed to compileQGraph). */
export const DEMO_COMPILE = { chip: 'loihi2', mode: 'both', seed: 0, objective: 'throughput', calibrationFrames: 200 } as const;
const COMPILE_WORDS = 'objective throughput — every neuron group on cores of its own, as many as shorten the predicted slowest core (compileQGraph objective: throughput), mode both (relay-balanced, runs in both modes), seed 0';

interface ModeRun {
  readonly result: SimulationResult;
  readonly layers: ReportMode['layers'];
  readonly exact: boolean | null;
}

function compileDemo(graph: QGraph, chip: ChipSpec): { fast: CompileResult; packed: CompileResult } {
  const activity = measureActivity(graph, DEMO_COMPILE.calibrationFrames);
  const base = { chip, mode: DEMO_COMPILE.mode, seed: DEMO_COMPILE.seed, activity };
  return { fast: compileQGraph(graph, { ...base, objective: DEMO_COMPILE.objective }), packed: compileQGraph(graph, { ...base, objective: 'cores' }) };
}

function runMode(img: LoadedImage, run: RunInput, mode: ReportMode['name'], reference: Int32Array | undefined, o: DemoOptions & { label: string; traceSteps: number }): ModeRun {
  const depth = img.image.header.pipelineDepth;
  const timer = new LayerTimer(img, mode === 'pipelined', mode === 'pipelined' ? depth : 0);
  const result = simulate(img, {
    mode,
    input: run.input,
    frames: run.frames,
    traceSteps: o.traceSteps,
    onStep: (v) => timer.onStep(v),
    onProgress: o.onProgress && ((d, t) => o.onProgress!(o.label, d, t)),
  });
  return { result, layers: timer.result(result.stepTimeNs), exact: bitExact(result, reference) };
}

function sameOutputs(a: SimulationResult, b: SimulationResult): boolean {
  return a.outputs.length === b.outputs.length && a.outputs.every((v, i) => v === b.outputs[i]);
}

function compareJson(image: string, run: RunInput, f: ModeRun, p: ModeRun): CompareJson {
  return {
    image,
    chip_spec: run.img.spec.name,
    input: `bundled clip ${DEMO_CLIP.noisy.split('/').pop()}: ${DEMO_CLIP.description}`,
    frames: run.frames.length,
    bit_exact: f.exact === null || p.exact === null ? null : f.exact && p.exact,
    modes_agree: sameOutputs(f.result, p.result),
    modes: { 'fall-through': modeSummaryJson(f.result), pipelined: modeSummaryJson(p.result) },
  };
}

function compileRow(label: string, used: boolean, c: CompileResult, f: ModeRun, p: ModeRun): ReportCompile {
  const r = c.report;
  const exact = f.exact === null || p.exact === null ? null : f.exact && p.exact;
  return { label, used, cores: r.coresUsed, chips: r.chipsUsed, lowerBound: r.bound.lowerBound, pipelineDepth: r.pipelineDepth, fallThrough: modeSummaryJson(f.result), pipelined: modeSummaryJson(p.result), bitExact: exact };
}

/** SI-SNR of the noisy clip and of the enhanced WAV as written (16-bit), against the clean reference. */
function scoreAudio(enhancedWav: string): DemoResult['siSnr'] {
  const clean = readWav(DEMO_CLIP.clean, SAMPLE_RATE).samples;
  const noisy = readWav(DEMO_CLIP.noisy, SAMPLE_RATE).samples;
  const enhanced = readWav(enhancedWav, SAMPLE_RATE).samples;
  return { noisy: siSnr(clean, noisy), enhanced: siSnr(clean, enhanced) };
}

function files(outDir: string): DemoFiles {
  return { report: join(outDir, 'report.html'), trace: join(outDir, 'trace.json'), compare: join(outDir, 'compare.json'), enhanced: join(outDir, 'enhanced.wav'), image: join(outDir, 'demo.limg') };
}

/** Run the demo; writes report.html, trace.json, compare.json, enhanced.wav and the image demo.limg into `outDir`. */
export function runDemo(o: DemoOptions = {}): DemoResult {
  const t0 = performance.now();
  const out = files(o.outDir ?? 'loom-out');
  const traceSteps = o.traceSteps ?? 100;
  const model = o.model ?? DEFAULT_MODEL;
  mkdirSync(o.outDir ?? 'loom-out', { recursive: true });
  const graph = readQGraphFile(model.file);
  const chip = loadChipSpec(DEMO_COMPILE.chip);
  const { fast, packed } = compileDemo(graph, chip);
  writeImageFile(out.image, fast.image);
  const run = readRunInput({ image: out.image, qgraph: model.file, wav: DEMO_CLIP.noisy });
  const reference = referenceOutputs(run);
  const f = runMode(run.img, run, 'fall-through', reference, { ...o, label: 'fall-through', traceSteps });
  const p = runMode(run.img, run, 'pipelined', reference, { ...o, label: 'pipelined', traceSteps });
  const packedImg = loadImage(packed.image, chip, 'packed');
  const pf = runMode(packedImg, run, 'fall-through', reference, { ...o, label: 'packed fall-through', traceSteps: 0 });
  const pp = runMode(packedImg, run, 'pipelined', reference, { ...o, label: 'packed pipelined', traceSteps: 0 });
  writeEnhanced(out.enhanced, run, f.result);
  const scores = scoreAudio(out.enhanced);
  const compare = compareJson(out.image, run, f, p);
  writeFileAtomic(out.compare, `${JSON.stringify(compare, null, 2)}\n`);
  writeFileAtomic(out.trace, JSON.stringify(mergeTraces([{ label: 'fall-through', trace: f.result.trace! }, { label: 'pipelined', trace: p.result.trace! }])));
  const compiles = [compileRow('throughput (cores of its own per group)', true, fast, f, p), compileRow('cores (packed onto the fewest)', false, packed, pf, pp)];
  writeFileAtomic(out.report, demoReport({ model, graph, chip, compare, f, p, compiles, scores, out }));
  const wallS = (performance.now() - t0) / 1e3;
  return { text: demoText(model, compare, compiles, scores, out, wallS), files: out, compare, siSnr: scores, wallS };
}

interface ReportParts {
  readonly model: DemoModel;
  readonly graph: QGraph;
  readonly chip: ChipSpec;
  readonly compare: CompareJson;
  readonly f: ModeRun;
  readonly p: ModeRun;
  readonly compiles: readonly ReportCompile[];
  readonly scores: DemoResult['siSnr'];
  readonly out: DemoFiles;
}

function demoReport(r: ReportParts): string {
  const h = r.graph.hyper;
  return reportHtml({
    title: `Loom demo — ${r.model.name} on ${r.chip.name}`,
    model: { name: r.model.name, description: r.model.description, width: h.width, hidden: h.hidden, stateSize: h.stateSize, layers: h.layers, weightSparsity: h.weightSparsity },
    chip: r.chip,
    compile: COMPILE_WORDS,
    compileLabel: 'objective throughput (cores of its own per group)',
    compileNote: 'Packed onto the fewest cores (objective cores), the groups share a core and run one after another, so pipelining cannot shorten the step; mapped for throughput, each group has cores of its own, as many as shorten the predicted slowest core, and a pipelined step is only as long as the slowest slice.',
    input: { description: DEMO_CLIP.description, frames: r.compare.frames },
    modes: [
      { name: 'fall-through', summary: r.compare.modes['fall-through'], result: r.f.result, layers: r.f.layers },
      { name: 'pipelined', summary: r.compare.modes.pipelined, result: r.p.result, layers: r.p.layers },
    ],
    bitExact: r.compare.bit_exact,
    modesAgree: r.compare.modes_agree,
    siSnr: r.scores,
    compiles: r.compiles,
    files: Object.values(r.out).map((path) => path.split('/').pop()!),
  });
}

const num = (v: number, digits = 3): string => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : Number(v.toPrecision(digits + 1)).toString());

function demoText(model: DemoModel, c: CompareJson, compiles: readonly ReportCompile[], s: DemoResult['siSnr'], out: DemoFiles, wallS: number): string {
  const modes = [c.modes['fall-through'], c.modes.pipelined];
  const row = (name: string, pick: (m: CompareJson['modes']['pipelined']) => number | string) => [name, ...modes.map((m) => (typeof pick(m) === 'number' ? num(pick(m) as number) : String(pick(m))))];
  const table = formatTable(['per token', 'fall-through', 'pipelined'], [
    row('cores used', (m) => `${m.cores_used} on ${m.chips_used} chip(s)`),
    row('synaptic ops', (m) => m.synops_per_token),
    row('messages', (m) => m.messages_per_token),
    row('latency (µs)', (m) => m.latency_us_per_token),
    row('throughput (tokens/s)', (m) => m.throughput_tokens_per_s),
    row('energy (µJ): dynamic', (m) => m.energy_uj_per_token.dynamic),
    row('             static', (m) => m.energy_uj_per_token.static),
    row('             total', (m) => m.energy_uj_per_token.total),
  ]);
  const packed = compiles.find((x) => !x.used)!;
  const all = compiles.every((x) => x.bitExact);
  const exact = c.bit_exact && all ? 'yes — fall-through and pipelined outputs of both compiles equal the reference interpreter exactly' : c.bit_exact ? 'yes for the throughput image; NO for the packed one' : 'NO — outputs differ from the reference interpreter';
  return [
    `Loom demo: ${model.name} (${model.description}) on ${c.chip_spec}`,
    `input: ${c.input} → ${c.frames} tokens of 8 ms`,
    `compile: ${COMPILE_WORDS}`,
    '',
    table,
    '',
    `bit-exact: ${exact}${c.modes_agree ? ' (pipelined = fall-through delayed by the pipeline depth)' : ''}`,
    `SI-SNR: input ${s.noisy.toFixed(2)} dB → output ${s.enhanced.toFixed(2)} dB (${s.enhanced - s.noisy >= 0 ? '+' : ''}${(s.enhanced - s.noisy).toFixed(2)} dB)`,
    `packed compile (objective cores) for comparison: ${packed.cores} core(s), throughput ${num(packed.fallThrough.throughput_tokens_per_s)} / ${num(packed.pipelined.throughput_tokens_per_s)} tokens/s, latency ${num(packed.fallThrough.latency_us_per_token)} / ${num(packed.pipelined.latency_us_per_token)} µs (fall-through / pipelined)`,
    `wrote ${out.report}, ${out.trace}, ${out.compare}, ${out.enhanced}, ${out.image}`,
    `done in ${wallS.toFixed(1)} s. Timing and energy are estimates from the chip spec tables, not measurements.`,
  ].join('\n');
}
