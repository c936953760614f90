// Steady-state figures of a run: per-token step time, actions and energy over the steps where the pipeline is full, leaving out fill (pipelined) and the first token's cold start.
//
// A pipelined run's first `depth` steps carry fewer than `depth + 1` tokens in flight, so averaging
// them in under-counts work per token on short runs; calibration and comparisons read these figures.
import type { ExecutionMode } from '../isa/image/types.ts';
import { ACTION_COUNT } from '../isa/chip/costs.ts';
import type { InputFormat } from './functional.ts';
import type { LoadedImage } from './load.ts';
import { simulate } from './simulate.ts';
import type { SimulationResult } from './result.ts';

export interface SteadyState {
  readonly mode: ExecutionMode;
  /** Steps averaged (those injecting a token once the pipeline is full). */
  readonly steps: number;
  /** Mean step duration, barrier included, and its part before the barrier. */
  readonly stepNs: number;
  readonly activityNs: number;
  /** Mean actions per step, all cores, laid out by ACTION. */
  readonly actionsPerStep: Float64Array;
  /** Mean actions per step of every core, [cores × ACTION_COUNT]. */
  readonly coreActionsPerStep: Float64Array;
  readonly result: SimulationResult;
}

/** Run `frames` and average the steps from the first full-pipeline step (at least one step after the first) to the last token's injection. */
export function steadyState(img: LoadedImage, mode: ExecutionMode, frames: readonly ArrayLike<number>[], input: InputFormat): SteadyState {
  const depth = mode === 'pipelined' ? img.image.header.pipelineDepth : 0;
  const first = Math.max(1, depth);
  if (frames.length <= first) throw new RangeError(`steadyState: ${frames.length} frames leave no full-pipeline step (depth ${depth})`);
  const cores = img.cores.count;
  const coreActions = new Float64Array(cores * ACTION_COUNT);
  let stepNs = 0;
  let activityNs = 0;
  const result = simulate(img, {
    mode,
    input,
    frames,
    onStep: (view) => {
      if (view.step < first || view.step >= frames.length) return;
      stepNs += view.endNs - view.startNs;
      activityNs += view.activityEndNs - view.startNs;
      for (let i = 0; i < coreActions.length; i++) coreActions[i] += view.coreActions[i];
    },
  });
  const steps = frames.length - first;
  const actionsPerStep = new Float64Array(ACTION_COUNT);
  for (let i = 0; i < coreActions.length; i++) (coreActions[i] /= steps), (actionsPerStep[i % ACTION_COUNT] += coreActions[i]);
  return { mode, steps, stepNs: stepNs / steps, activityNs: activityNs / steps, actionsPerStep, coreActionsPerStep: coreActions, result };
}
