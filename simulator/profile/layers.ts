// Per-layer latency: when each neuron group has produced a token's output, measured from the cores' last job of every step (an `onStep` probe).
//
// A core is timed as a whole, so a group on a core it shares with other groups is timed by the core's
// last job (an upper bound; `shared` says so). Fall-through: a token passes every group inside its step,
// so a group's latency is when its last core finished in the step. Pipelined: a group at stage k handles
// token f in step f + k, so its latency is k step times plus when it finished in its step.
import type { LoadedImage } from '../load.ts';
import type { StepView } from '../machine.ts';

export interface LayerTiming {
  /** Neuron group (symbol name without the split suffix). */
  readonly group: string;
  /** Pipeline stage (the step offset at which the group sees a token; 0 in fall-through). */
  readonly stage: number;
  /** Mean over steps of (group's last core job end − step start), ns. */
  readonly finishInStepNs: number;
  /** Mean time from a token's injection to this group's output for it, ns. */
  readonly latencyNs: number;
  /** The group shares a core with other groups (timed by the core). */
  readonly shared: boolean;
}

const baseName = (task: string): string => task.replace(/\[\d+…\]$/, '');

export class LayerTimer {
  readonly groups: readonly string[];
  private readonly coresOf: number[][];
  private readonly stageOf: number[];
  private readonly sharedOf: boolean[];
  private readonly sum: Float64Array;
  private steps = 0;

  /** `fromStep`: the first step to average (pipelined runs skip the pipeline fill). */
  constructor(img: LoadedImage, private readonly pipelined: boolean, private readonly fromStep = 0) {
    const { tasks, cores } = img;
    const index = new Map<string, number>();
    const coresOf: number[][] = [];
    const stageOf: number[] = [];
    for (let t = 0; t < tasks.count; t++) {
      const name = baseName(tasks.name[t]);
      if (!index.has(name)) (index.set(name, coresOf.length), coresOf.push([]), stageOf.push(tasks.startStep[t]));
      const g = index.get(name)!;
      if (!coresOf[g].includes(tasks.core[t])) coresOf[g].push(tasks.core[t]);
    }
    this.groups = [...index.keys()];
    this.coresOf = coresOf;
    this.stageOf = stageOf;
    this.sharedOf = coresOf.map((list) => list.some((c) => cores.taskStart[c + 1] - cores.taskStart[c] > 1));
    this.sum = new Float64Array(this.groups.length);
  }

  /** The probe: pass as `simulate(..., { onStep: (v) => timer.onStep(v) })`. */
  onStep(view: StepView): void {
    if (view.step < this.fromStep) return;
    const last = view.machine.counters.stepLast;
    for (let g = 0; g < this.groups.length; g++) {
      let end = view.startNs;
      for (const c of this.coresOf[g]) if (last[c] > end) end = last[c];
      this.sum[g] += end - view.startNs;
    }
    this.steps++;
  }

  /** Timings in stage order (ties keep image order), given the run's mean step time. */
  result(stepTimeNs: number): LayerTiming[] {
    const n = Math.max(1, this.steps);
    const rows = this.groups.map((group, g) => {
      const finish = this.sum[g] / n;
      const stage = this.pipelined ? this.stageOf[g] : 0;
      return { group, stage, finishInStepNs: finish, latencyNs: stage * stepTimeNs + finish, shared: this.sharedOf[g] };
    });
    return rows.sort((a, b) => a.stage - b.stage || a.finishInStepNs - b.finishInStepNs);
  }
}
