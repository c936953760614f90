// One measured run as Loom sees it: its workload compiled for the mode, simulated to steady state, and a cheap predictor of its time and energy per token under any cost table (the compiler's speed model, scaled to agree with the simulation at the table it was simulated with).
//
// A run on N > 1 chips is the workload repeated in a chain, one copy per chip (as the published
// multi-chip runs were mapped). Loom simulates one copy and composes the rest: every chip does one
// copy's work; a token crosses N − 1 chip boundaries, each carrying the copy's input messages over one
// link (serialised at `links.messageNs`, plus `chipCrossingNs`); the barrier spans N chips. Pipelined:
// every chip and link works at once, so a step is the longer of one copy's work and one boundary's
// transfer, plus the N-chip barrier. Fall-through: N copies and boundaries in series, plus the barrier.
import { energyPrices, price } from '../../isa/chip/costs.ts';
import { barrierNs, type ChipSpec } from '../../isa/chip/schema.ts';
import { measureActivity } from '../../compiler/commands/compile.ts';
import { compileQGraph } from '../../compiler/compile.ts';
import { evaluateSpeed, speedModel, type SpeedModel } from '../../compiler/cost/estimate.ts';
import { modelFile } from '../../models/bundled/index.ts';
import { syntheticFrames } from '../../models/data/synthetic-frames.ts';
import { readQGraphFile } from '../../models/qgraph/format.ts';
import type { InputOp, QGraph } from '../../models/qgraph/types.ts';
import { layerStackFrames, layerStackQGraph } from '../../models/workloads/layer-stack.ts';
import { loadImage, type LoadedImage } from '../load.ts';
import { steadyState } from '../steady.ts';
import { withChipRow } from './knobs.ts';
import type { Measurement, MeasuredMode, Workload } from './measurements.ts';

/** Steady steps simulated per run (after the pipeline fills). */
const STEADY_STEPS = 6;

/** A workload built once: its QGraph, frames and the activity the compiler should assume. */
export interface BuiltWorkload {
  readonly workload: Workload;
  readonly graph: QGraph;
  readonly frames: (depth: number) => ArrayLike<number>[];
  readonly activity: ReadonlyMap<string, number>;
}

export function buildWorkload(workload: Workload): BuiltWorkload {
  if ('stack' in workload) {
    const stack = workload.stack;
    const activity = new Map(stack.layers.map((l) => [l.name, 1 - (l.activity ?? 1)]));
    activity.set('input', 1 - (stack.inputActivity ?? 1));
    return { workload, graph: layerStackQGraph(stack), frames: (n) => layerStackFrames(stack, n, 11), activity };
  }
  const graph = readQGraphFile(modelFile(workload.qgraph));
  return { workload, graph, frames: (n) => syntheticFrames({ count: n, seed: 11, bins: graph.hyper.inputSize }), activity: measureActivity(graph, 50) };
}

/** A measurement's single-copy run at one cost table, and what it needs to be re-priced. */
export interface CalibrationRun {
  readonly measurement: Measurement;
  readonly speed: SpeedModel;
  readonly coresUsed: number;
  /** Simulated steady-state ns per token of one copy at the table it ran with, and the speed model's value there. */
  readonly simulatedNs: number;
  readonly modelNs: number;
  /** Mean actions per token of one copy (steady state), laid out by ACTION. */
  readonly actionsPerToken: Float64Array;
  /** Messages per token entering a copy from the one before it (the host input's fan-out, at the input's activity). */
  readonly boundaryPackets: number;
}

function compileMode(mode: MeasuredMode) {
  return mode === 'pipelined' ? ({ mode: 'pipelined', objective: 'throughput' } as const) : ({ mode: 'fall-through', objective: 'latency' } as const);
}

/** Σ over host inputs of the distinct cores each reaches, × P(input active). */
function boundaryPackets(img: LoadedImage, inputActivity: number): number {
  const { offsets, core } = img.inputs;
  let packets = 0;
  for (let i = 0; i + 1 < offsets.length; i++) packets += new Set(core.subarray(offsets[i], offsets[i + 1])).size;
  return packets * inputActivity;
}

/** Compile, simulate and model one measurement's workload on `spec`. */
export function runMeasurement(m: Measurement, built: BuiltWorkload, spec: ChipSpec): CalibrationRun {
  const { mode, objective } = compileMode(m.mode);
  const compiled = compileQGraph(built.graph, { chip: spec, mode, seed: 0, objective, activity: built.activity });
  const img = loadImage(compiled.image, spec, m.workload);
  const depth = m.mode === 'pipelined' ? compiled.image.header.pipelineDepth : 0;
  const op = built.graph.spec.ops[0] as InputOp;
  const steady = steadyState(img, m.mode, built.frames(Math.max(1, depth) + STEADY_STEPS), { exp: op.exp, offset: op.offset });
  const speed = speedModel(compiled.state.ir!, compiled.state.plan!, spec, built.activity);
  const modelled = evaluateSpeed(speed, spec);
  return {
    measurement: m,
    speed,
    coresUsed: compiled.report.coresUsed,
    simulatedNs: steady.stepNs,
    modelNs: m.mode === 'pipelined' ? modelled.pipelinedNs : modelled.fallThroughNs,
    actionsPerToken: steady.actionsPerStep,
    boundaryPackets: boundaryPackets(img, 1 - (built.activity.get('input') ?? 0)),
  };
}

/** Predicted ns per token of the measured run under `spec` (single-copy simulation re-priced by the speed model, composed over its chips). */
export function predictTimeNs(run: CalibrationRun, spec: ChipSpec): number {
  const p = evaluateSpeed(run.speed, spec);
  const oneCopy = (run.simulatedNs / run.modelNs) * (run.measurement.mode === 'pipelined' ? p.pipelinedNs : p.fallThroughNs);
  const n = run.measurement.chips;
  if (n === 1) return oneCopy;
  const copy = oneCopy - p.barrierNs;
  const boundary = run.boundaryPackets * spec.links.messageNs + spec.timing.chipCrossingNs;
  const barrier = barrierNs(withChipRow(spec, n), n * run.coresUsed, n);
  return run.measurement.mode === 'pipelined' ? Math.max(copy, boundary) + barrier : n * (copy + boundary + barrier);
}

/** Predicted pJ per token: every copy's actions, the boundary messages' send and crossing, and static + active power over the token's time. */
export function predictEnergyPj(run: CalibrationRun, spec: ChipSpec, timeNs: number): number {
  const n = run.measurement.chips;
  const e = spec.energy;
  const actions = price(run.actionsPerToken, energyPrices(spec));
  const boundary = (n - 1) * run.boundaryPackets * (e.messageSendPj + e.chipCrossingPj);
  return n * actions + boundary + n * (e.staticWattsPerChip + e.activeWattsPerChip) * timeNs * 1e3;
}
