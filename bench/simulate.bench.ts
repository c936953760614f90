// Simulator speed: a full 30 s clip (3,751 frames) of the width-2, 90 %-sparse model in each mode next to the reference interpreter, per-step cost with benchmark.js, and the fixed cost of a simulated step.
//
// The full clip is one timed run per mode (wall and CPU time; 6–10 s each is too long for benchmark.js
// samples); benchmark.js measures the per-call cost of 200-frame runs (ms per step, mean ± margin of error)
// and of the fixed-cost image.
import Benchmark from 'benchmark';
import { compileQGraph } from '../compiler/compile.ts';
import { loadChipSpec } from '../isa/chip/load.ts';
import type { ChipImage } from '../isa/image/types.ts';
import { relayProgram } from '../isa/microcode/index.ts';
import { exportNetwork } from '../models/commands/export.ts';
import { createModel } from '../models/commands/model.ts';
import { syntheticFrames } from '../models/data/synthetic-frames.ts';
import type { InputOp } from '../models/qgraph/types.ts';
import { runReference } from '../models/reference/interpreter.ts';
import { loadImage, type LoadedImage } from '../simulator/load.ts';
import { simulate } from '../simulator/simulate.ts';
import { machine, writeResults } from './results-io.ts';

const CLIP_FRAMES = 3751;
const WARM_FRAMES = 200;

/** Wall and CPU (user) milliseconds of `run`. */
function timed<T>(run: () => T): { value: T; wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const value = run();
  return { value, wallMs: performance.now() - t0, cpuMs: process.cpuUsage(cpu).user / 1e3 };
}

interface ModeRow {
  readonly label: string;
  readonly image: string;
  readonly mode: 'fall-through' | 'pipelined';
  readonly cores: number;
  readonly wallS: number;
  readonly cpuS: number;
  readonly synopsPerToken: number;
  readonly simulatedSynopsPerS: number;
  readonly wallMsPerStep: number;
  readonly eventsPerStep: number;
  readonly ratioToReference: number;
  readonly bitExact: boolean;
  readonly simulatedStepUs: number;
  /** benchmark.js over 200-frame runs: wall ms per step and its relative margin of error (%). */
  readonly benchMsPerStep: number;
  readonly benchRmePercent: number;
}

/** Two cores, one relay neuron each (host → core 0 → core 2): almost all of a step is fixed cost. */
function smallImage(): ChipImage {
  const relay = relayProgram();
  const group = { program: 0, firstNeuron: 0, neuronCount: 1, ports: 1, stateWords: 0, paramWords: 0, channels: 1, startStep: 0 };
  const synapses = { offsets: Uint32Array.of(0, 1), target: Uint16Array.of(0), port: Uint8Array.of(0), weight: Int8Array.of(1) };
  const core = (index: number, axons: ChipImage['cores'][number]['axons']) => ({ chip: 0, core: index, x: index, y: 0, neuronCount: 1, groups: [group], programs: [relay.words], params: new Int32Array(0), state: new Int32Array(0), synapses, axons });
  return {
    header: { formatVersion: 1, chipSpec: 'loihi2', chipCount: 1, mode: 'fall-through', pipelineDepth: 0, seed: 0, flags: 0 },
    cores: [
      core(0, { offsets: Uint32Array.of(0, 1), destChip: Uint16Array.of(0), destCore: Uint16Array.of(2), destAxon: Uint16Array.of(0) }),
      core(2, { offsets: Uint32Array.of(0, 0), destChip: new Uint16Array(0), destCore: new Uint16Array(0), destAxon: new Uint16Array(0) }),
    ],
    io: {
      inputs: { count: 1, exp: 0, offset: 0, extIndex: Uint32Array.of(0), chip: Uint16Array.of(0), core: Uint16Array.of(0), axon: Uint16Array.of(0) },
      outputs: { count: 1, exp: 0, extIndex: Uint32Array.of(0), chip: Uint16Array.of(0), core: Uint16Array.of(2), neuron: Uint16Array.of(0), channel: Uint8Array.of(0) },
    },
  };
}

/** benchmark.js mean µs per step of 5,000-step runs, and its relative margin of error (%). */
function fixedCostUsPerStep(): { us: number; rme: number } {
  const spec = loadChipSpec('loihi2');
  const img = loadImage(smallImage(), spec, 'small');
  const frames = Array.from({ length: 5000 }, (_, i) => [i % 7]);
  const bench = new Benchmark('fixed cost', () => simulate(img, { frames, input: { exp: 0, offset: 0 } }), { minSamples: 20 }).run();
  return { us: (bench.stats.mean * 1e6) / frames.length, rme: bench.stats.rme };
}

function runMode(label: string, imageName: string, img: LoadedImage, mode: ModeRow['mode'], input: InputOp, frames: Float64Array[], reference: { outputs: Int32Array; wallMs: number }): ModeRow {
  const format = { exp: input.exp, offset: input.offset };
  const short = frames.slice(0, WARM_FRAMES);
  const shortSteps = simulate(img, { mode, input: format, frames: short }).steps; // warms the JIT
  const bench = new Benchmark(label, () => simulate(img, { mode, input: format, frames: short }), { minSamples: 10, maxTime: 3 }).run();
  const { value: r, wallMs, cpuMs } = timed(() => simulate(img, { mode, input: format, frames }));
  let exact = r.outputs.length === reference.outputs.length;
  for (let i = 0; exact && i < r.outputs.length; i++) exact = r.outputs[i] === reference.outputs[i];
  return {
    label,
    image: imageName,
    mode,
    cores: r.coresUsed,
    wallS: wallMs / 1e3,
    cpuS: cpuMs / 1e3,
    synopsPerToken: r.synops / r.frames,
    simulatedSynopsPerS: r.synops / (wallMs / 1e3),
    wallMsPerStep: wallMs / r.steps,
    eventsPerStep: r.events / r.steps,
    ratioToReference: wallMs / reference.wallMs,
    bitExact: exact,
    simulatedStepUs: r.stepTimeNs / 1e3,
    benchMsPerStep: (bench.stats.mean * 1e3) / shortSteps,
    benchRmePercent: bench.stats.rme,
  };
}

const spec = loadChipSpec('loihi2');
const net = createModel({ width: 2, sparsity: 0.9, seed: 0 });
const { graph } = exportNetwork(net, { seed: 0, fidelityFrames: 0 });
const input = graph.spec.ops[0] as InputOp;
const frames = syntheticFrames({ count: CLIP_FRAMES, seed: 1 });
const fallThroughImage = loadImage(compileQGraph(graph, { chip: spec, mode: 'fall-through', seed: 0, objective: 'cores' }).image, spec, 'fall-through image');
const bothImage = loadImage(compileQGraph(graph, { chip: spec, mode: 'both', seed: 0, objective: 'cores' }).image, spec, 'both image');
runReference(graph, frames.slice(0, WARM_FRAMES));
const ref = timed(() => runReference(graph, frames));
const reference = { outputs: ref.value.outputs, wallMs: ref.wallMs };
const rows = [
  runMode('fall-through', 'compiled fall-through', fallThroughImage, 'fall-through', input, frames, reference),
  runMode('fall-through (relay-balanced image)', 'compiled both', bothImage, 'fall-through', input, frames, reference),
  runMode('pipelined', 'compiled both', bothImage, 'pipelined', input, frames, reference),
];
const fixedUs = fixedCostUsPerStep();
const m = machine();
const markdown = [
  `Simulator, width-2 90 %-sparse S5 model on one Loihi 2 chip (loihi2 preset), ${CLIP_FRAMES}-frame synthetic clip (30 s of 8 ms frames), one core.`,
  '',
  '| run | image | cores | wall | CPU | ms / step | ms / step (benchmark.js, 200 frames) | synaptic ops / token | simulated synaptic ops / s | events / step | ÷ reference | bit-exact |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
  `| reference interpreter | — | — | ${(ref.wallMs / 1e3).toFixed(2)} s | ${(ref.cpuMs / 1e3).toFixed(2)} s | ${(ref.wallMs / CLIP_FRAMES).toFixed(3)} | — | — | — | — | 1.00× | — |`,
  ...rows.map((r) => `| ${r.label} | ${r.image} | ${r.cores} | ${r.wallS.toFixed(2)} s | ${r.cpuS.toFixed(2)} s | ${r.wallMsPerStep.toFixed(3)} | ${r.benchMsPerStep.toFixed(3)} ±${r.benchRmePercent.toFixed(1)} % | ${Math.round(r.synopsPerToken).toLocaleString('en-US')} | ${r.simulatedSynopsPerS.toExponential(2)} | ${Math.round(r.eventsPerStep)} | ${r.ratioToReference.toFixed(2)}× | ${r.bitExact ? 'yes' : 'NO'} |`),
  '',
  `Fixed cost per simulated step (2 cores, 1 relay neuron each, fall-through, benchmark.js over 5,000-step runs): ${fixedUs.us.toFixed(2)} µs ±${fixedUs.rme.toFixed(1)} %.`,
  `Targets: full clip within 3× the reference interpreter; 30 s clip ≤ 5 s; fixed cost ≤ 20 µs per step. Machine: ${m.cpu} (${m.cores} cores), Node ${m.node}.`,
].join('\n');
console.log(markdown);
writeResults('simulate', { machine: m, clipFrames: CLIP_FRAMES, reference: { wallS: ref.wallMs / 1e3, cpuS: ref.cpuMs / 1e3 }, modes: rows, fixedCostUsPerStep: fixedUs.us, fixedCostRmePercent: fixedUs.rme }, markdown);
