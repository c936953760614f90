// Reference interpreter speed: a full 30 s clip (3,751 frames) of width-1 and width-2, 90 %-sparse models, against a plain scatter-accumulate kernel.
import Benchmark from 'benchmark';
import { Rng } from '../models/random.ts';
import { createModel } from '../models/commands/model.ts';
import { exportNetwork } from '../models/commands/export.ts';
import { syntheticFrames } from '../models/data/synthetic-frames.ts';
import { ReferenceInterpreter, runReference } from '../models/reference/interpreter.ts';
import { machine, writeResults } from './results-io.ts';

const CLIP_FRAMES = 3751;

/**
 * The yardstick: the simplest typed-array event loop (Int32 targets, Float64 weights and accumulators)
 * over a 10 %-dense 384×384 matrix with half the inputs active. Returns synaptic events per second.
 */
function baselineEventsPerSecond(): number {
  const rng = new Rng(9);
  const n = 384;
  const start = new Int32Array(n + 1);
  const targets: number[] = [];
  const weights: number[] = [];
  for (let c = 0; c < n; c++) {
    for (let r = 0; r < n; r++) if (rng.next() < 0.1) (targets.push(r), weights.push(rng.int(255) - 127));
    start[c + 1] = targets.length;
  }
  const t = Int32Array.from(targets);
  const w = Float64Array.from(weights);
  const x = Int32Array.from({ length: n }, () => (rng.next() < 0.5 ? 0 : rng.int(30000)));
  const acc = new Float64Array(n);
  let events = 0;
  for (let c = 0; c < n; c++) if (x[c] !== 0) events += start[c + 1] - start[c];
  const kernel = () => {
    acc.fill(0);
    for (let c = 0; c < n; c++) {
      const v = x[c];
      if (v === 0) continue;
      for (let k = start[c]; k < start[c + 1]; k++) acc[t[k]] += w[k] * v;
    }
  };
  // A plain timed loop: benchmark.js's per-call harness costs more than this ~30 µs kernel itself.
  for (let i = 0; i < 2000; i++) kernel();
  const reps = 20000;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) kernel();
  return (events * reps) / ((performance.now() - t0) / 1e3);
}

interface WidthResult {
  readonly width: number;
  readonly parameters: number;
  readonly frames: number;
  readonly clipMs: number;
  readonly msPerFrame: number;
  readonly synopsPerFrame: number;
  readonly synopsPerSecond: number;
  readonly steadyMsPerFrame: number;
}

function measureWidth(width: number): WidthResult {
  const net = createModel({ width, sparsity: 0.9, seed: 0 });
  const { graph } = exportNetwork(net, { seed: 0, fidelityFrames: 0 });
  const frames = syntheticFrames({ count: CLIP_FRAMES, seed: 1 });
  runReference(graph, frames.slice(0, 200)); // warm the JIT
  const t0 = performance.now();
  const run = runReference(graph, frames);
  const clipMs = performance.now() - t0;
  const synops = run.layers.reduce((a, l) => a + l.synapticOps, 0);
  const interp = new ReferenceInterpreter(graph);
  let i = 0;
  const steady = new Benchmark(`frame w${width}`, () => interp.step(frames[i++ % CLIP_FRAMES]), { minSamples: 40 }).run();
  const weights = [...graph.tensors.values()].reduce((a, t) => a + t.data.length, 0);
  return {
    width,
    parameters: weights,
    frames: CLIP_FRAMES,
    clipMs,
    msPerFrame: clipMs / CLIP_FRAMES,
    synopsPerFrame: synops / CLIP_FRAMES,
    synopsPerSecond: (synops / clipMs) * 1e3,
    steadyMsPerFrame: 1e3 / steady.hz,
  };
}

const baseline = baselineEventsPerSecond();
const widths = [1, 2].map(measureWidth);
const rows = widths.map(
  (w) =>
    `| ${w.width} | ${w.parameters.toLocaleString('en-US')} | ${Math.round(w.synopsPerFrame).toLocaleString('en-US')} | ${(w.clipMs / 1e3).toFixed(2)} s | ${w.msPerFrame.toFixed(3)} | ${w.synopsPerSecond.toExponential(2)} | ${(baseline / w.synopsPerSecond).toFixed(2)}× |`,
);
const markdown = [
  `Reference interpreter, 90 %-sparse models, ${CLIP_FRAMES}-frame synthetic clip (30 s of 8 ms frames), one core.`,
  '',
  '| width | stored weights | synaptic ops / frame | clip wall time | ms / frame | synaptic ops / s | baseline ÷ interpreter |',
  '|---|---|---|---|---|---|---|',
  ...rows,
  '',
  `Baseline plain scatter-accumulate kernel: ${baseline.toExponential(2)} events/s. Machine: ${machine().cpu}, Node ${process.version}.`,
].join('\n');
console.log(markdown);
writeResults('reference', { machine: machine(), baselineEventsPerSecond: baseline, widths }, markdown);
