// The simulated machine: the event kernel with the datapath, cores, links and network wired onto it, stepped one algorithmic timestep at a time.
//
// A step: the host injects the token (its trains arrive at their cores at the step's start), every
// core looks for work, events run until nothing is left (all tasks done, all trains delivered and
// integrated), then the barrier closes the step (isa/chip barrierNs over the cores and chips used).
import { ACTION_COUNT, type PriceTable } from './actions.ts';
import { Cores } from './chip/core.ts';
import { LinkState } from './chip/link.ts';
import { Noc } from './chip/noc.ts';
import { Datapath, type InputFormat } from './functional.ts';
import { Engine } from './kernel/engine.ts';
import type { LoadedImage } from './load.ts';
import type { ExecutionPolicy } from './modes/policy.ts';
import { Counters } from './profile/counters.ts';
import { stepBarrierNs, timePrices } from './timing.ts';

/** Times of one step (ns): start, when its last event happened, and end (after the barrier). */
export interface StepTimes {
  step: number;
  startNs: number;
  activityEndNs: number;
  endNs: number;
}

/** What `onStep` sees: the step's times and live per-step counters (one object, reused: valid only during the call). */
export interface StepView extends Readonly<StepTimes> {
  /** [cores × ACTION_COUNT] action counts of this step. */
  readonly coreActions: Float64Array;
  /** Packets each link carried this step. */
  readonly linkPackets: Float64Array;
  readonly machine: Machine;
}

export class Machine {
  readonly engine = new Engine();
  readonly datapath: Datapath;
  readonly links: LinkState;
  readonly noc: Noc;
  readonly cores: Cores;
  readonly counters: Counters;
  readonly barrierNs: number;
  readonly prices: PriceTable<'ns'>;
  /** The last step's times (reused every step: no allocation per step). */
  private readonly times: StepTimes = { step: 0, startNs: 0, activityEndNs: 0, endNs: 0 };
  private readonly view: StepTimes & Omit<StepView, keyof StepTimes>;

  constructor(readonly img: LoadedImage, readonly policy: ExecutionPolicy) {
    this.prices = timePrices(img.spec);
    this.datapath = new Datapath(img, policy.deliverNextStep);
    this.links = new LinkState(img.network.links);
    this.counters = new Counters(img.cores.count);
    this.noc = new Noc(this.engine, img, this.links, (b, now) => this.cores.arrive(b, now));
    this.cores = new Cores(this.engine, img, this.datapath, this.noc, this.counters, policy, this.prices);
    this.barrierNs = stepBarrierNs(img.spec, img.cores.count, img.chipsUsed);
    this.view = { ...this.times, coreActions: this.counters.step, linkPackets: this.links.stepPackets, machine: this };
  }

  /** Launch the host's trains for this step: one per receiving core (a marker when it carries nothing and markers flow). */
  private launchHost(now: number): void {
    const { hostStart, count } = this.img.batches;
    const dp = this.datapath;
    for (let b = hostStart; b < count; b++) {
      const messages = dp.batchMessages[b];
      if (messages > 0) this.cores.launch(b, now, now, messages, messages, dp.batchSynops[b]);
      else if (this.policy.markers) this.cores.launch(b, now, now, 1, 0, 0);
      dp.resetBatch(b);
    }
  }

  /**
   * Run step `step`, injecting `frame` (|X|, or null for none), writing the step's outputs at
   * `outputs[outputBase ..]`. Calls `onStep` before the step's counters are folded into the totals.
   * The returned times object is reused by the next step.
   */
  runStep(step: number, frame: ArrayLike<number> | null, input: InputFormat, outputs: Int32Array, outputBase: number, onStep?: (v: StepView) => void): StepTimes {
    const start = this.engine.now;
    const dp = this.datapath;
    dp.outputs = outputs;
    dp.outputBase = outputBase;
    this.cores.beginStep();
    this.policy.beginStep(step, this.cores);
    if (frame) dp.inject(frame, input);
    this.launchHost(start);
    this.cores.kickAll(start);
    this.engine.run();
    this.checkComplete(step);
    const activityEnd = Math.max(this.engine.now, start);
    this.policy.endStep(step, dp);
    const end = activityEnd + this.barrierNs;
    this.engine.advanceTo(end);
    const times = this.times;
    times.step = step;
    times.startNs = start;
    times.activityEndNs = activityEnd;
    times.endNs = end;
    if (onStep) onStep(Object.assign(this.view, times));
    return times;
  }

  /** Fold the step's counters into the run totals (after tracing and callbacks have read them). */
  foldStep(): void {
    this.counters.endStep();
    this.links.endStep();
  }

  /** Every task that should have updated did (a fall-through dependency that never resolved is a broken invariant). */
  private checkComplete(step: number): void {
    const { tasks } = this.img;
    for (let t = 0; t < tasks.count; t++) {
      if (this.policy.active(t, step) && this.cores.ran[t] === 0) {
        throw new Error(`simulator: task ${tasks.name[t]} did not update in step ${step} (${this.policy.mode}); a dependency never arrived`);
      }
    }
  }

  /** Action counts of this step for core c (a row of the step matrix). */
  stepRow(c: number): Float64Array {
    return this.counters.step.subarray(c * ACTION_COUNT, (c + 1) * ACTION_COUNT);
  }
}
