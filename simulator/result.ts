// The result of a simulation run — per-token outputs, latency, throughput, step time, energy by operation/core/chip, counts and profile — and its JSON summary.
//
// Per-token figures are measured over the *token window*: the steps that inject a token (0 … N−1).
// Pipelined runs add `pipelineDepth` flush steps that only drain outputs; they count for latency (a
// token's output appears there) but not for per-token energy, step time or throughput.
import type { ExecutionMode } from '../isa/image/types.ts';
import { ACTION, ACTION_COUNT } from './actions.ts';
import { energyReport, type EnergyOp, type EnergyReport } from './energy.ts';
import type { LoadedImage } from './load.ts';
import type { Machine } from './machine.ts';
import { buildProfile, type CountTotals, type Profile } from './profile/counters.ts';
import type { TraceJson } from './profile/trace.ts';

export interface SimulationResult {
  readonly mode: ExecutionMode;
  readonly file: string;
  readonly chipSpec: string;
  readonly frames: number;
  readonly steps: number;
  /** Steps from a token's injection to the step emitting its output (0 in fall-through). */
  readonly pipelineDepth: number;
  readonly outputCount: number;
  /** Token-aligned outputs [frames × outputCount]: row f is token f's output (at the model's output exponent). */
  readonly outputs: Int32Array;
  /** Outputs as emitted, [steps × outputCount]: row s is what step s produced. */
  readonly stepOutputs: Int32Array;
  /** Start of every step and the end of the last (ns); step s lasts stepStartNs[s+1] − stepStartNs[s]. */
  readonly stepStartNs: Float64Array;
  /** Per step: from its start to its last event (before the barrier). */
  readonly activityNs: Float64Array;
  readonly barrierNs: number;
  /** Mean step time over the token window, barrier included. */
  readonly stepTimeNs: number;
  /** Mean over tokens of (end of the step emitting its output − start of the step injecting it). */
  readonly latencyNs: number;
  readonly throughputTokensPerS: number;
  /** Simulated time of the token window. */
  readonly simulatedNs: number;
  /** Energy of the token window. */
  readonly energy: EnergyReport;
  /** Per-token figures of the token window (window totals ÷ frames). */
  readonly perToken: {
    readonly energyPj: { readonly total: number; readonly dynamic: number; readonly static: number; readonly byOp: Readonly<Record<EnergyOp, number>> };
    readonly synops: number;
    readonly messages: number;
    readonly neuronUpdates: number;
  };
  /** Counts of the token window. */
  readonly totals: CountTotals;
  readonly synops: number;
  /** Data messages sent (markers excluded). */
  readonly messages: number;
  readonly markers: number;
  readonly neuronUpdates: number;
  readonly profile: Profile;
  readonly coresUsed: number;
  readonly chipsUsed: number;
  readonly saturations: number;
  readonly inputSaturations: number;
  readonly events: number;
  readonly wallMs: number;
  readonly trace?: TraceJson;
}

interface ResultParts {
  readonly img: LoadedImage;
  readonly machine: Machine;
  readonly frames: number;
  readonly steps: number;
  readonly stepOutputs: Int32Array;
  readonly stepStartNs: Float64Array;
  readonly activityNs: Float64Array;
  readonly window: CountTotals;
  readonly wallMs: number;
  readonly trace?: TraceJson;
}

function sumAction(actions: Float64Array, action: number): number {
  let s = 0;
  for (let i = action; i < actions.length; i += ACTION_COUNT) s += actions[i];
  return s;
}

function sum(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

function perToken(energy: EnergyReport, frames: number, synops: number, messages: number, neuronUpdates: number): SimulationResult['perToken'] {
  const byOp = {} as Record<EnergyOp, number>;
  for (const [op, pj] of Object.entries(energy.byOpPj) as [EnergyOp, number][]) byOp[op] = pj / frames;
  return {
    energyPj: { total: energy.totalPj / frames, dynamic: energy.dynamicPj / frames, static: energy.staticPj / frames, byOp },
    synops: synops / frames,
    messages: messages / frames,
    neuronUpdates: neuronUpdates / frames,
  };
}

export function buildResult(p: ResultParts): SimulationResult {
  const { img, machine, frames, stepStartNs, window } = p;
  const delay = machine.policy.outputDelay;
  const width = img.outputCount;
  const simulatedNs = stepStartNs[frames] - stepStartNs[0];
  let latency = 0;
  for (let f = 0; f < frames; f++) latency += stepStartNs[f + delay + 1] - stepStartNs[f];
  const stepTimeNs = simulatedNs / frames;
  const energy = energyReport(img.spec, window.actions, img.cores.chip, simulatedNs);
  const synops = sumAction(window.actions, ACTION.synop);
  const messages = sum(window.messagesOut);
  const neuronUpdates = sumAction(window.actions, ACTION.neuronUpdate);
  return {
    mode: machine.policy.mode,
    file: img.file,
    chipSpec: img.spec.name,
    frames,
    steps: p.steps,
    pipelineDepth: delay,
    outputCount: width,
    outputs: p.stepOutputs.subarray(delay * width, (delay + frames) * width),
    stepOutputs: p.stepOutputs,
    stepStartNs,
    activityNs: p.activityNs,
    barrierNs: machine.barrierNs,
    stepTimeNs,
    latencyNs: latency / frames,
    throughputTokensPerS: 1e9 / stepTimeNs,
    simulatedNs,
    energy,
    perToken: perToken(energy, frames, synops, messages, neuronUpdates),
    totals: window,
    synops,
    messages,
    markers: sum(window.markers),
    neuronUpdates,
    profile: buildProfile(img, window, simulatedNs),
    coresUsed: img.cores.count,
    chipsUsed: img.chipsUsed,
    saturations: machine.datapath.saturation.count,
    inputSaturations: machine.datapath.inputSaturation.count,
    events: machine.engine.handled,
    wallMs: p.wallMs,
    ...(p.trace ? { trace: p.trace } : {}),
  };
}

/** The per-mode JSON block of `loom simulate --json` and `loom compare --json` (schema in simulator/README.md). */
export interface ModeSummaryJson {
  readonly latency_us_per_token: number;
  readonly throughput_tokens_per_s: number;
  readonly step_time_us: number;
  readonly energy_uj_per_token: {
    readonly total: number;
    readonly dynamic: number;
    readonly static: number;
    readonly by_op: Readonly<Record<EnergyOp, number>>;
  };
  readonly synops_per_token: number;
  readonly messages_per_token: number;
  readonly cores_used: number;
  readonly chips_used: number;
  readonly pipeline_depth: number;
}

export function modeSummaryJson(r: SimulationResult): ModeSummaryJson {
  const e = r.perToken.energyPj;
  const uj = (pj: number) => pj / 1e6;
  const byOp = {} as Record<EnergyOp, number>;
  for (const [op, pj] of Object.entries(e.byOp) as [EnergyOp, number][]) byOp[op] = uj(pj);
  return {
    latency_us_per_token: r.latencyNs / 1e3,
    throughput_tokens_per_s: r.throughputTokensPerS,
    step_time_us: r.stepTimeNs / 1e3,
    energy_uj_per_token: { total: uj(e.total), dynamic: uj(e.dynamic), static: uj(e.static), by_op: byOp },
    synops_per_token: r.perToken.synops,
    messages_per_token: r.perToken.messages,
    cores_used: r.coresUsed,
    chips_used: r.chipsUsed,
    pipeline_depth: r.pipelineDepth,
  };
}
