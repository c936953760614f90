// Neurocores: arriving trains (synaptic integration) and ready tasks (neuron updates and sends), each core counting every action it performs.
//
// With `timing.synapticUnit: shared` a core is one sequential server that takes arriving trains before
// ready tasks, one job at a time; a train's job cannot end before its last packet is in. With `separate`
// its neuron unit runs tasks one at a time while its synaptic unit integrates packets as they arrive,
// from every train at once (packets interleave on the way in): the unit works through its backlog in
// arrival order, so a train is integrated at max(unit free + its work, its last packet + that packet's
// work). A task still waits for the batches it depends on (fall-through), so only independent work
// overlaps. Values never depend on timing (synaptic sums are exact and delivered at send time).
//
// Job times are priced from the job's action counts with the chip spec's timing table (simulator/
// actions.ts `price`). A receive job costs packets × messageReceive + synops × synOp and cannot end
// before the train's last packet is in plus its share of the work. A task job costs the update
// (neuronUpdate per neuron + the instructions the interpreter executed) then one messageSend per packet;
// packet i leaves at start + update + (i + 1)·messageSend, which sets each train's head and tail.
import { INSTRUCTION_CLASSES } from '../../isa/chip/schema.ts';
import { ACTION, ACTION_COUNT, CORE_ACTIONS, addCounts, price, type PriceTable } from '../actions.ts';
import type { Datapath } from '../functional.ts';
import type { Engine } from '../kernel/engine.ts';
import type { LoadedImage } from '../load.ts';
import type { ExecutionPolicy, TaskGate } from '../modes/policy.ts';
import type { Counters } from '../profile/counters.ts';
import { PRIORITY, type Noc } from './noc.ts';

const UPDATE_ACTIONS: readonly number[] = [ACTION.neuronUpdate, ...INSTRUCTION_CLASSES.map((_, i) => ACTION.instruction + i)];
// Module-local copies of imported constants and functions used per job (a CommonJS transpile turns each
// use of an import into a getter call).
const { synop: SYNOP, neuronUpdate: NEURON_UPDATE, instruction: INSTRUCTION, messageSend: SEND, messageReceive: RECEIVE } = ACTION;
const { hopEastWest: HOP_EW, hopNorthSouth: HOP_NS, chipCrossing: CROSSING } = ACTION;
const DONE = PRIORITY.done;
const ROW = ACTION_COUNT;
const priceOf = price;
const addInto = addCounts;
// `update` copies executed instructions into the count vector in this (fixed, isa/chip/schema.ts) order.
if (INSTRUCTION_CLASSES.join() !== 'alu,mul,lut,mem,emit') throw new Error(`simulator: instruction classes changed to ${INSTRUCTION_CLASSES.join()}`);

export class Cores implements TaskGate {
  /** The synaptic unit is free (the whole core when units are shared). */
  private readonly idle: Uint8Array;
  /** The neuron unit is free (separate units only). */
  private readonly neuronIdle: Uint8Array;
  private readonly separate: boolean;
  private readonly neuronDoneKind: number;
  private readonly integratedKind: number;
  /** When each core's synaptic unit has integrated everything it was given (separate units only). */
  private readonly synapticFree: Float64Array;
  /** The batch a core is receiving, or −1 while it runs a task or idles. */
  private readonly receiving: Int32Array;
  private readonly fifo: Int32Array;
  private readonly fifoBase: Int32Array;
  private readonly fifoHead: Int32Array;
  private readonly fifoLength: Int32Array;
  private readonly ready: Uint8Array;
  /** Tasks that updated this step. */
  readonly ran: Uint8Array;
  /** Tasks of each core in the order the core prefers them (rank), CSR by cores.taskStart. */
  private readonly order: Int32Array;
  private readonly job = new Float64Array(ACTION_COUNT);
  private readonly doneKind: number;
  private readonly kickKind: number;
  private readonly sendNs: number;
  tasksRun = 0;

  constructor(
    private readonly engine: Engine,
    private readonly img: LoadedImage,
    private readonly datapath: Datapath,
    private readonly noc: Noc,
    private readonly counters: Counters,
    private readonly policy: ExecutionPolicy,
    private readonly prices: PriceTable<'ns'>,
  ) {
    const { cores, tasks, batches } = img;
    this.idle = new Uint8Array(cores.count).fill(1);
    this.neuronIdle = new Uint8Array(cores.count).fill(1);
    this.separate = img.spec.timing.synapticUnit === 'separate';
    this.synapticFree = new Float64Array(cores.count);
    this.receiving = new Int32Array(cores.count).fill(-1);
    this.fifoBase = new Int32Array(cores.count + 1);
    for (let c = 0; c < cores.count; c++) this.fifoBase[c + 1] = this.fifoBase[c] + batches.inbound[c];
    this.fifo = new Int32Array(this.fifoBase[cores.count]);
    this.fifoHead = new Int32Array(cores.count);
    this.fifoLength = new Int32Array(cores.count);
    this.ready = new Uint8Array(tasks.count);
    this.ran = new Uint8Array(tasks.count);
    this.order = new Int32Array(tasks.count);
    for (let c = 0; c < cores.count; c++) {
      const own = Array.from({ length: cores.taskStart[c + 1] - cores.taskStart[c] }, (_, i) => cores.taskStart[c] + i);
      own.sort((a, b) => batches.rank[a] - batches.rank[b]).forEach((t, i) => (this.order[cores.taskStart[c] + i] = t));
    }
    this.doneKind = engine.on((c, now) => this.finish(c, now));
    this.neuronDoneKind = engine.on((c, now) => ((this.neuronIdle[c] = 1), this.runReadyTask(c, now, this.neuronIdle)));
    this.kickKind = engine.on((c, now) => this.kick(c, now));
    this.integratedKind = engine.on((b, now) => this.integrated(b, now));
    this.sendNs = prices.perAction[SEND];
  }

  markReady(t: number): void {
    this.ready[t] = 1;
  }

  /** Before the step's first event. */
  beginStep(): void {
    this.ready.fill(0);
    this.ran.fill(0);
    this.tasksRun = 0;
  }

  /** Let every core look for work at `now`, after the arrivals scheduled for the same time. */
  kickAll(now: number): void {
    for (let c = 0; c < this.img.cores.count; c++) this.engine.at(now, DONE, this.kickKind, c);
  }

  private kick(c: number, now: number): void {
    if (this.separate) {
      if (this.neuronIdle[c]) this.runReadyTask(c, now, this.neuronIdle);
    } else if (this.idle[c]) this.dispatch(c, now);
  }

  /** Separate units: add train b to core c's synaptic backlog; it is integrated when the backlog up to it is done and its last packet is in. */
  private integrate(c: number, b: number, now: number): void {
    const { packets, work } = this.receiveJob(b);
    const start = Math.max(now, this.synapticFree[c]);
    let end = start + work;
    if (packets > 0) end = Math.max(end, this.noc.tail[b] + work / packets);
    this.synapticFree[c] = end;
    addInto(this.counters.step, c * ROW, this.job, 0);
    this.counters.stepIn[c] += this.noc.messages[b];
    this.counters.busy(c, start, end, work);
    this.engine.at(end, DONE, this.integratedKind, b);
  }

  private integrated(b: number, now: number): void {
    this.policy.received(b, this);
    const c = this.img.batches.dstCore[b];
    if (this.neuronIdle[c]) this.runReadyTask(c, now, this.neuronIdle);
  }

  /** A train arrived at its core: queue it for integration. */
  arrive(b: number, now: number): void {
    const c = this.img.batches.dstCore[b];
    if (this.separate) return this.integrate(c, b, now);
    const cap = this.fifoBase[c + 1] - this.fifoBase[c];
    const at = (this.fifoHead[c] + this.fifoLength[c]) % cap;
    this.fifo[this.fifoBase[c] + at] = b;
    this.fifoLength[c]++;
    if (this.idle[c]) this.dispatch(c, now);
  }

  private dispatch(c: number, now: number): void {
    if (this.fifoLength[c] > 0) {
      const cap = this.fifoBase[c + 1] - this.fifoBase[c];
      const b = this.fifo[this.fifoBase[c] + this.fifoHead[c]];
      this.fifoHead[c] = (this.fifoHead[c] + 1) % cap;
      this.fifoLength[c]--;
      this.idle[c] = 0;
      this.receive(c, b, now);
      return;
    }
    if (!this.separate) this.runReadyTask(c, now, this.idle);
  }

  /** Start the core's ready task of lowest rank, if any, on the unit whose free flag is `unit`. */
  private runReadyTask(c: number, now: number, unit: Uint8Array): void {
    const { taskStart } = this.img.cores;
    for (let i = taskStart[c]; i < taskStart[c + 1]; i++) {
      const t = this.order[i];
      if (this.ready[t] === 0 || this.ran[t] === 1) continue;
      this.ready[t] = 0;
      this.ran[t] = 1;
      this.tasksRun++;
      unit[c] = 0;
      this.update(c, t, now);
      return;
    }
  }

  /** Train b's receive job in `this.job` (packets received, synaptic ops) and what it costs. */
  private receiveJob(b: number): { packets: number; work: number } {
    const job = this.job;
    job.fill(0);
    const packets = this.noc.packets[b];
    job[RECEIVE] = packets;
    job[SYNOP] = this.noc.synops[b];
    return { packets, work: priceOf(job, this.prices, CORE_ACTIONS) };
  }

  /** Integrate train b: receive its packets and perform its synaptic operations. */
  private receive(c: number, b: number, now: number): void {
    const { packets, work } = this.receiveJob(b);
    let end = now + work;
    if (packets > 0) end = Math.max(end, this.noc.tail[b] + work / packets);
    addInto(this.counters.step, c * ROW, this.job, 0);
    this.counters.stepIn[c] += this.noc.messages[b];
    this.counters.busy(c, now, end, work);
    this.receiving[c] = b;
    this.engine.at(end, DONE, this.doneKind, c);
  }

  /** Run task t's update on the datapath, then launch one train per batch it feeds. */
  private update(c: number, t: number, now: number): void {
    const dp = this.datapath;
    const sent = dp.runTask(t);
    const job = this.job;
    const executed = dp.instructions;
    job.fill(0);
    job[NEURON_UPDATE] = this.img.tasks.neurons[t];
    job[INSTRUCTION] = executed.alu;
    job[INSTRUCTION + 1] = executed.mul;
    job[INSTRUCTION + 2] = executed.lut;
    job[INSTRUCTION + 3] = executed.mem;
    job[INSTRUCTION + 4] = executed.emit;
    const updateNs = priceOf(job, this.prices, UPDATE_ACTIONS);
    const markers = this.markersOf(t);
    job[SEND] = sent + markers;
    const work = priceOf(job, this.prices, CORE_ACTIONS);
    const end = now + work;
    this.launchTrains(t, now + updateNs, sent, end);
    addInto(this.counters.step, c * ROW, job, 0);
    this.counters.stepOut[c] += sent;
    this.counters.stepMarkers[c] += markers;
    this.counters.busy(c, now, end, work);
    this.engine.at(end, DONE, this.separate ? this.neuronDoneKind : this.doneKind, c);
  }

  /** Marker packets task t sends this step: one per batch to another core that carries no message. */
  private markersOf(t: number): number {
    if (!this.policy.markers) return 0;
    const { taskStart, srcCore, dstCore } = this.img.batches;
    let n = 0;
    for (let b = taskStart[t]; b < taskStart[t + 1]; b++) if (this.datapath.batchMessages[b] === 0 && srcCore[b] !== dstCore[b]) n++;
    return n;
  }

  /** Trains of task t: data first (in send order), then markers; a same-core marker is a flag raised at the task's end. */
  private launchTrains(t: number, sendStart: number, sent: number, end: number): void {
    const dp = this.datapath;
    const { taskStart, srcCore, dstCore } = this.img.batches;
    const sendNs = this.sendNs;
    let marker = sent;
    for (let b = taskStart[t]; b < taskStart[t + 1]; b++) {
      const messages = dp.batchMessages[b];
      if (messages > 0) {
        this.launch(b, sendStart + (dp.batchFirst[b] + 1) * sendNs, sendStart + (dp.batchLast[b] + 1) * sendNs, messages, messages, dp.batchSynops[b]);
      } else if (this.policy.markers) {
        if (srcCore[b] === dstCore[b]) this.launch(b, end, end, 0, 0, 0);
        else this.launch(b, sendStart + ++marker * sendNs, sendStart + marker * sendNs, 1, 0, 0);
      }
      dp.resetBatch(b);
    }
  }

  /** Launch batch b's train and count the hops and chip crossings its packets will make (charged to the sender). */
  launch(b: number, head: number, tail: number, packets: number, messages: number, synops: number): void {
    this.noc.launch(b, head, tail, packets, messages, synops);
    const r = this.img.batches.route[b];
    const src = this.img.batches.srcCore[b];
    if (r < 0 || src < 0) return;
    const routes = this.img.network.routes;
    const row = src * ROW;
    this.counters.step[row + HOP_EW] += packets * routes.hopsEastWest[r];
    this.counters.step[row + HOP_NS] += packets * routes.hopsNorthSouth[r];
    this.counters.step[row + CROSSING] += packets * routes.crossings[r];
  }

  private finish(c: number, now: number): void {
    const b = this.receiving[c];
    if (b >= 0) {
      this.receiving[c] = -1;
      this.policy.received(b, this);
    }
    this.idle[c] = 1;
    this.dispatch(c, now);
  }
}
