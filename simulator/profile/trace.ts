// Chrome trace-event JSON (opens in Perfetto and chrome://tracing): one process per chip, one track per core, one slice per core per step spanning its work, and the steps and barriers on a system track.
//
// Times are simulated microseconds (the format's unit). Each core slice's args hold the step's busy
// time and counts, so idle gaps inside a slice read as waiting (fall-through) or link latency.
import { ACTION, ACTION_COUNT } from '../actions.ts';
import type { LoadedImage } from '../load.ts';
import type { Counters } from './counters.ts';

/** One trace event (the subset of the format Loom writes). */
export interface TraceEvent {
  readonly name: string;
  readonly ph: 'X' | 'M';
  readonly pid: number;
  readonly tid: number;
  readonly ts?: number;
  readonly dur?: number;
  readonly cat?: string;
  readonly args?: Readonly<Record<string, number | string>>;
}

export interface TraceJson {
  readonly traceEvents: TraceEvent[];
  readonly displayTimeUnit: 'ns';
  readonly otherData: Readonly<Record<string, string | number>>;
}

const US = 1e-3;

export class TraceRecorder {
  readonly events: TraceEvent[] = [];
  private readonly systemPid: number;

  constructor(private readonly img: LoadedImage, readonly maxSteps: number, private readonly mode: string) {
    const { cores } = img;
    this.systemPid = img.image.header.chipCount;
    const chips = [...new Set(cores.chip)].sort((a, b) => a - b);
    for (const chip of chips) this.events.push({ name: 'process_name', ph: 'M', pid: chip, tid: 0, args: { name: `chip ${chip}` } });
    for (let c = 0; c < cores.count; c++) {
      const groups = img.tasks.name.slice(cores.taskStart[c], cores.taskStart[c + 1]).join(', ');
      this.events.push({ name: 'thread_name', ph: 'M', pid: cores.chip[c], tid: cores.index[c], args: { name: `core ${cores.index[c]} (${cores.x[c]},${cores.y[c]}) ${groups}` } });
      this.events.push({ name: 'thread_sort_index', ph: 'M', pid: cores.chip[c], tid: cores.index[c], args: { sort_index: cores.index[c] } });
    }
    this.events.push({ name: 'process_name', ph: 'M', pid: this.systemPid, tid: 0, args: { name: 'system (steps, barriers)' } });
  }

  /** Record step `step` from the live counters (before they are folded). */
  recordStep(step: number, startNs: number, activityEndNs: number, endNs: number, counters: Counters): void {
    if (step >= this.maxSteps) return;
    const { cores } = this.img;
    for (let c = 0; c < cores.count; c++) {
      const first = counters.stepFirst[c];
      if (Number.isNaN(first)) continue;
      const row = c * ACTION_COUNT;
      this.events.push({
        name: `step ${step}`,
        cat: 'core',
        ph: 'X',
        pid: cores.chip[c],
        tid: cores.index[c],
        ts: first * US,
        dur: (counters.stepLast[c] - first) * US,
        args: {
          busy_ns: counters.stepBusyNs[c],
          synops: counters.step[row + ACTION.synop],
          neuron_updates: counters.step[row + ACTION.neuronUpdate],
          messages_in: counters.stepIn[c],
          messages_out: counters.stepOut[c],
        },
      });
    }
    const sys = this.systemPid;
    this.events.push({ name: `step ${step}`, cat: 'step', ph: 'X', pid: sys, tid: 0, ts: startNs * US, dur: (activityEndNs - startNs) * US });
    this.events.push({ name: 'barrier', cat: 'barrier', ph: 'X', pid: sys, tid: 1, ts: activityEndNs * US, dur: (endNs - activityEndNs) * US });
  }

  toJson(): TraceJson {
    return {
      traceEvents: this.events,
      displayTimeUnit: 'ns',
      otherData: { generator: 'loom simulate', mode: this.mode, image: this.img.file, chipSpec: this.img.spec.name, stepsTraced: this.maxSteps },
    };
  }
}
