// The discrete-event kernel: a clock, a time-ordered event heap and a table of handlers; it knows nothing about hardware.
//
// Components register a handler per event kind and schedule events carrying one integer argument
// (an index into the component's own typed arrays). `run` pops events in (time, priority, seq) order
// and calls their handlers, which may schedule more; it returns when nothing is left to do.
import { EventHeap } from './heap.ts';

/** Called at the event's time with the event's argument; `now` equals the engine's clock. */
export type EventHandler = (arg: number, now: number) => void;

export class Engine {
  private readonly heap = new EventHeap();
  private readonly handlers: EventHandler[] = [];
  /** Simulated time of the event being handled (or of the last one handled), in the caller's unit. */
  now = 0;
  /** Events handled since the engine was made. */
  handled = 0;

  /** Register a handler; the returned kind number names it when scheduling. */
  on(handler: EventHandler): number {
    this.handlers.push(handler);
    return this.handlers.length - 1;
  }

  /** Schedule an event at absolute `time` (never before `now`). Lower `priority` goes first among equal times. */
  at(time: number, priority: number, kind: number, arg: number): void {
    if (!(time >= this.now)) throw new Error(`engine: event kind ${kind} scheduled at ${time}, before now (${this.now})`);
    this.heap.push(time, priority, kind, arg);
  }

  /** Schedule an event `delay` after now. */
  after(delay: number, priority: number, kind: number, arg: number): void {
    this.at(this.now + delay, priority, kind, arg);
  }

  /** Events waiting. */
  get pending(): number {
    return this.heap.size;
  }

  /** Handle events in order until none is left; returns the number handled. */
  run(): number {
    const heap = this.heap;
    const handlers = this.handlers;
    let n = 0;
    while (heap.pop()) {
      this.now = heap.topTime;
      handlers[heap.topKind](heap.topArg, this.now);
      n++;
    }
    this.handled += n;
    return n;
  }

  /** Move the clock forward while idle (a barrier, the gap between runs). */
  advanceTo(time: number): void {
    if (this.heap.size > 0) throw new Error('engine: cannot advance the clock past pending events');
    if (time < this.now) throw new Error(`engine: cannot move the clock back from ${this.now} to ${time}`);
    this.now = time;
  }

  /** Drop pending events and set the clock (a fresh run). */
  reset(time = 0): void {
    this.heap.clear();
    this.now = time;
  }
}
