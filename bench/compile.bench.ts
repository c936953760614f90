// Compiler speed and quality: time per pass for width 0.5–3 models, dense and 90 % sparse, on loihi2, with cores vs the resource lower bound and hop-weighted traffic vs naive placement.
//
// benchmark.js times whole compiles (mean ± relative margin of error over at least MIN_SAMPLES samples;
// a compile takes from a tenth of a second to a few seconds, so each sample is one or a few calls), and
// the per-pass columns are medians of the pass timings of every call it made. The bound
// (cores ≤ 1.15 × lower bound) and traffic (placed ≤ naive) checks are asserted here for every model,
// including dense width 3, which the vitest suite leaves to this bench.
import Benchmark from 'benchmark';
import { compileQGraph } from '../compiler/compile.ts';
import type { PassTiming } from '../compiler/pipeline.ts';
import { PASS_NAMES } from '../compiler/pipeline.ts';
import { loadChipSpec } from '../isa/chip/load.ts';
import { exportNetwork } from '../models/commands/export.ts';
import { createModel } from '../models/commands/model.ts';
import { machine, median, writeResults } from './results-io.ts';

const MIN_SAMPLES = 5;
const WIDTHS = [0.5, 1, 2, 3];
const SPARSITIES = [0, 0.9];

interface ModelResult {
  readonly width: number;
  readonly sparsity: number;
  readonly neurons: number;
  readonly synapses: number;
  readonly cores: number;
  readonly lowerBound: number;
  readonly binding: string;
  readonly hopWeighted: number;
  readonly naiveHopWeighted: number;
  readonly passMs: Readonly<Record<string, number>>;
  readonly totalMs: number;
  /** benchmark.js: mean ms per compile and its relative margin of error (%), over `samples` samples. */
  readonly meanMs: number;
  readonly rmePercent: number;
  readonly samples: number;
  readonly withinBound: boolean;
  readonly notWorseThanNaive: boolean;
}


function measure(width: number, sparsity: number): ModelResult {
  const chip = loadChipSpec('loihi2');
  const { graph } = exportNetwork(createModel({ width, sparsity, seed: 0 }), { seed: 0, fidelityFrames: 0 });
  const first = compileQGraph(graph, { chip, mode: 'both', seed: 0, objective: 'cores' });
  const runs: (readonly PassTiming[])[] = [];
  const bench = new Benchmark(`compile w${width} s${sparsity}`, () => runs.push(compileQGraph(graph, { chip, mode: 'both', seed: 0, objective: 'cores' }).report.timings), { minSamples: MIN_SAMPLES, maxTime: 1 }).run();
  const passMs = Object.fromEntries(PASS_NAMES.map((p) => [p, median(runs.map((t) => t.find((x) => x.pass === p)!.ms))]));
  const r = first.report;
  return {
    width,
    sparsity,
    neurons: r.bound.totals.neurons,
    synapses: first.image.cores.reduce((n, c) => n + c.synapses.target.length, 0),
    cores: r.coresUsed,
    lowerBound: r.bound.lowerBound,
    binding: r.bound.binding,
    hopWeighted: r.traffic.hopWeighted,
    naiveHopWeighted: r.traffic.naiveHopWeighted,
    passMs,
    totalMs: median(runs.map((t) => t.reduce((a, x) => a + x.ms, 0))),
    meanMs: bench.stats.mean * 1e3,
    rmePercent: bench.stats.rme,
    samples: bench.stats.sample.length,
    withinBound: r.coresUsed <= 1.15 * r.bound.lowerBound,
    notWorseThanNaive: r.traffic.hopWeighted <= r.traffic.naiveHopWeighted,
  };
}

function markdown(results: readonly ModelResult[]): string {
  const head = ['width', 'weights', 'neurons', 'synapses', 'cores', 'lower bound', 'ratio', 'hop-weighted pJ/token', 'naive', 'saved', ...PASS_NAMES.map((p) => `${p} ms`), 'total ms', 'benchmark.js ms/compile'];
  const rows = results.map((r) => [
    r.width,
    r.sparsity === 0 ? 'dense' : '90 % sparse',
    r.neurons.toLocaleString('en-US'),
    r.synapses.toLocaleString('en-US'),
    r.cores,
    `${r.lowerBound} (${r.binding})`,
    (r.cores / r.lowerBound).toFixed(3),
    r.hopWeighted.toFixed(0),
    r.naiveHopWeighted.toFixed(0),
    r.naiveHopWeighted > 0 ? `${(100 * (1 - r.hopWeighted / r.naiveHopWeighted)).toFixed(1)} %` : '—',
    ...PASS_NAMES.map((p) => r.passMs[p].toFixed(1)),
    r.totalMs.toFixed(0),
    `${r.meanMs.toFixed(0)} ±${r.rmePercent.toFixed(1)} % (${r.samples} samples)`,
  ]);
  const m = machine();
  return [
    '# Compile: time per pass and placement quality (loihi2, mode both, seed 0)',
    '',
    `Per pass: median over every compile benchmark.js ran (≥ ${MIN_SAMPLES} samples after one warm-up); last column: benchmark.js mean ± relative margin of error. ${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.date}.`,
    'Lower bound = max over resources of ⌈total need / per-core capacity⌉; hop-weighted traffic = Σ estimated messages per token × priced mesh hops and chip crossings (energy table, P(active) 0.5).',
    'emit includes validateImage (the image package’s full structural check).',
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

const results: ModelResult[] = [];
for (const width of WIDTHS) {
  for (const sparsity of SPARSITIES) {
    const r = measure(width, sparsity);
    console.log(`width ${width} ${sparsity === 0 ? 'dense' : 'sparse'}: ${r.cores} cores (bound ${r.lowerBound}), traffic ${r.hopWeighted.toFixed(0)} vs naive ${r.naiveHopWeighted.toFixed(0)}, ${r.totalMs.toFixed(0)} ms`);
    results.push(r);
  }
}
const md = markdown(results);
console.log(md);
writeResults('compile', { machine: machine(), minSamples: MIN_SAMPLES, chip: 'loihi2', results }, md);
const failed = results.filter((r) => !r.withinBound || !r.notWorseThanNaive);
if (failed.length > 0) {
  console.error(`quality check failed for: ${failed.map((r) => `width ${r.width} sparsity ${r.sparsity}`).join(', ')}`);
  process.exit(1);
}
