// `simulate`: run a loaded image over a sequence of input frames in one execution mode and return outputs, timing, energy and the profile.
import { LoomError } from '../isa/diagnostics/index.ts';
import { EXECUTION_MODES, type ExecutionMode } from '../isa/image/types.ts';
import type { InputFormat } from './functional.ts';
import type { LoadedImage } from './load.ts';
import { Machine, type StepView } from './machine.ts';
import { fallThroughPolicy } from './modes/fall-through.ts';
import { pipelinedPolicy } from './modes/pipelined.ts';
import type { ExecutionPolicy } from './modes/policy.ts';
import type { CountTotals } from './profile/counters.ts';
import { TraceRecorder } from './profile/trace.ts';
import { buildResult, type SimulationResult } from './result.ts';

export interface SimulationOptions {
  /** Execution mode; default: the mode in the image header. */
  readonly mode?: ExecutionMode;
  /** Host quantization of |X| (from the QGraph's input op until images carry it). */
  readonly input: InputFormat;
  /** |X| frames, one token each. */
  readonly frames: readonly ArrayLike<number>[];
  /** Called every 64 steps and at the end. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Called after every step with its times and per-step counters (tests, custom probes). */
  readonly onStep?: (view: StepView) => void;
  /** Record a Chrome trace of the first N steps (0 or absent: none). */
  readonly traceSteps?: number;
}

/** The policy of `mode` for `img`; LoomErrors for unknown modes and images the mode cannot run. */
export function policyFor(img: LoadedImage, mode: string): ExecutionPolicy {
  if (mode === 'fall-through') return fallThroughPolicy(img);
  if (mode === 'pipelined') return pipelinedPolicy(img);
  throw new LoomError('sim-mode-unknown', { mode, known: EXECUTION_MODES.join(', ') });
}

function checkFrame(img: LoadedImage, frame: ArrayLike<number>, index: number): void {
  if (frame.length !== img.inputs.count) {
    throw new LoomError('sim-frame-width', { frame: index, actual: frame.length, expected: img.inputs.count, file: img.file });
  }
  for (let i = 0; i < frame.length; i++) {
    if (!Number.isFinite(frame[i])) throw new LoomError('sim-frame-value', { frame: index, index: i, value: String(frame[i]) });
  }
}

export function simulate(img: LoadedImage, options: SimulationOptions): SimulationResult {
  const { frames, input } = options;
  if (frames.length === 0) throw new LoomError('sim-no-frames', { detail: 'the input has 0 frames' });
  const policy = policyFor(img, options.mode ?? img.image.header.mode);
  const machine = new Machine(img, policy);
  const steps = policy.steps(frames.length);
  const width = img.outputCount;
  const stepOutputs = new Int32Array(steps * width);
  const stepStartNs = new Float64Array(steps + 1);
  const activityNs = new Float64Array(steps);
  const trace = options.traceSteps ? new TraceRecorder(img, options.traceSteps, policy.mode) : undefined;
  let window: CountTotals | undefined;
  const wallStart = performance.now();
  for (let s = 0; s < steps; s++) {
    const frame = s < frames.length ? frames[s] : null;
    if (frame) checkFrame(img, frame, s);
    const t = machine.runStep(s, frame, input, stepOutputs, s * width, options.onStep);
    stepStartNs[s] = t.startNs;
    stepStartNs[s + 1] = t.endNs;
    activityNs[s] = t.activityEndNs - t.startNs;
    trace?.recordStep(s, t.startNs, t.activityEndNs, t.endNs, machine.counters);
    machine.foldStep();
    if (s === frames.length - 1) window = machine.counters.snapshot(machine.links);
    if (options.onProgress && ((s + 1) % 64 === 0 || s + 1 === steps)) options.onProgress(s + 1, steps);
  }
  const wallMs = performance.now() - wallStart;
  return buildResult({ img, machine, frames: frames.length, steps, stepOutputs, stepStartNs, activityNs, window: window!, wallMs, trace: trace?.toJson() });
}
