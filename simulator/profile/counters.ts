// Counters: per-core action counts, busy time and messages, per step and over the run, plus the profile built from them (busy fraction, memory, per-link traffic).
import type { ResourceCounts } from '../../isa/resources.ts';
import { ACTION, ACTION_COUNT, addCounts } from '../actions.ts';
import type { LinkState } from '../chip/link.ts';
import type { LoadedImage } from '../load.ts';

/** Run totals of one counting window (copied out of the live counters). */
export interface CountTotals {
  /** [cores × ACTION_COUNT] action counts. */
  readonly actions: Float64Array;
  readonly busyNs: Float64Array;
  /** Data messages received and sent per core (markers excluded). */
  readonly messagesIn: Float64Array;
  readonly messagesOut: Float64Array;
  /** End-of-step marker packets sent per core. */
  readonly markers: Float64Array;
  readonly linkPackets: Float64Array;
  readonly linkBusyNs: Float64Array;
  readonly linkPeakQueue: Float64Array;
}

export class Counters {
  readonly step: Float64Array;
  readonly stepBusyNs: Float64Array;
  /** First job start and last job end of each core this step (NaN when idle). */
  readonly stepFirst: Float64Array;
  readonly stepLast: Float64Array;
  readonly stepIn: Float64Array;
  readonly stepOut: Float64Array;
  readonly stepMarkers: Float64Array;
  private readonly total: Float64Array;
  private readonly busyNs: Float64Array;
  private readonly messagesIn: Float64Array;
  private readonly messagesOut: Float64Array;
  private readonly markers: Float64Array;

  constructor(readonly cores: number) {
    this.step = new Float64Array(cores * ACTION_COUNT);
    this.total = new Float64Array(cores * ACTION_COUNT);
    this.stepBusyNs = new Float64Array(cores);
    this.stepFirst = new Float64Array(cores).fill(NaN);
    this.stepLast = new Float64Array(cores).fill(NaN);
    this.stepIn = new Float64Array(cores);
    this.stepOut = new Float64Array(cores);
    this.stepMarkers = new Float64Array(cores);
    this.busyNs = new Float64Array(cores);
    this.messagesIn = new Float64Array(cores);
    this.messagesOut = new Float64Array(cores);
    this.markers = new Float64Array(cores);
  }

  /** Core c held a job over [start, end) doing `workNs` of work (less than the span when it waited for a train's tail). */
  busy(c: number, start: number, end: number, workNs: number): void {
    this.stepBusyNs[c] += workNs;
    if (!(this.stepFirst[c] <= start)) this.stepFirst[c] = start;
    if (!(this.stepLast[c] >= end)) this.stepLast[c] = end;
  }

  /** Fold the step into the run totals and clear it. */
  endStep(): void {
    const { cores } = this;
    for (let c = 0; c < cores; c++) addCounts(this.total, c * ACTION_COUNT, this.step, c * ACTION_COUNT);
    for (let c = 0; c < cores; c++) {
      this.busyNs[c] += this.stepBusyNs[c];
      this.messagesIn[c] += this.stepIn[c];
      this.messagesOut[c] += this.stepOut[c];
      this.markers[c] += this.stepMarkers[c];
    }
    this.step.fill(0);
    this.stepBusyNs.fill(0);
    this.stepFirst.fill(NaN);
    this.stepLast.fill(NaN);
    this.stepIn.fill(0);
    this.stepOut.fill(0);
    this.stepMarkers.fill(0);
  }

  /** Copy of the run totals so far (with the links' totals). */
  snapshot(links: LinkState): CountTotals {
    return {
      actions: this.total.slice(),
      busyNs: this.busyNs.slice(),
      messagesIn: this.messagesIn.slice(),
      messagesOut: this.messagesOut.slice(),
      markers: this.markers.slice(),
      linkPackets: links.packets.slice(),
      linkBusyNs: links.busyNs.slice(),
      linkPeakQueue: links.peakQueue.slice(),
    };
  }
}

export interface CoreProfile {
  readonly chip: number;
  readonly core: number;
  readonly x: number;
  readonly y: number;
  readonly groups: readonly string[];
  /** Busy time ÷ simulated time of the window. */
  readonly busyFraction: number;
  readonly synops: number;
  readonly neuronUpdates: number;
  readonly messagesIn: number;
  readonly messagesOut: number;
  readonly markers: number;
  readonly memory: ResourceCounts;
}

export interface LinkProfile {
  readonly link: string;
  readonly onChip: boolean;
  readonly packets: number;
  readonly busyFraction: number;
  readonly peakQueue: number;
}

export interface Profile {
  readonly cores: readonly CoreProfile[];
  readonly links: readonly LinkProfile[];
}

/** Per-core and per-link profile of a counting window lasting `simulatedNs`. */
export function buildProfile(img: LoadedImage, totals: CountTotals, simulatedNs: number): Profile {
  const { cores, tasks, network } = img;
  const span = simulatedNs > 0 ? simulatedNs : 1;
  const coreProfiles = Array.from({ length: cores.count }, (_, c): CoreProfile => ({
    chip: cores.chip[c],
    core: cores.index[c],
    x: cores.x[c],
    y: cores.y[c],
    groups: tasks.name.slice(cores.taskStart[c], cores.taskStart[c + 1]),
    busyFraction: totals.busyNs[c] / span,
    synops: totals.actions[c * ACTION_COUNT + ACTION.synop],
    neuronUpdates: totals.actions[c * ACTION_COUNT + ACTION.neuronUpdate],
    messagesIn: totals.messagesIn[c],
    messagesOut: totals.messagesOut[c],
    markers: totals.markers[c],
    memory: cores.memory[c],
  }));
  const links = Array.from({ length: network.links.count }, (_, l): LinkProfile => ({
    link: network.links.label[l],
    onChip: network.links.onChip[l] === 1,
    packets: totals.linkPackets[l],
    busyFraction: totals.linkBusyNs[l] / span,
    peakQueue: totals.linkPeakQueue[l],
  }));
  return { cores: coreProfiles, links };
}
