// What an execution mode decides (DESIGN.md §7): when a task may update within a step, where messages are integrated, whether end-of-step markers flow, and how many steps a run of N tokens takes.
import type { ExecutionMode } from '../../isa/image/types.ts';
import type { Datapath } from '../functional.ts';

/** The scheduler's side a mode drives: mark a task ready to update. */
export interface TaskGate {
  markReady(task: number): void;
}

export interface ExecutionPolicy {
  readonly mode: ExecutionMode;
  /** A sender with nothing for a receiver it feeds still sends an end-of-step marker packet. */
  readonly markers: boolean;
  /** Messages sent in step t are integrated in step t + 1 (else within step t). */
  readonly deliverNextStep: boolean;
  /** Steps from a token's injection to the step that emits its output. */
  readonly outputDelay: number;
  /** Steps needed to inject `frames` tokens and drain their outputs. */
  steps(frames: number): number;
  /** At the start of step s, before any event: mark the tasks that may start at once. */
  beginStep(step: number, gate: TaskGate): void;
  /** Batch b has been received (its synaptic work done) on its core. */
  received(batch: number, gate: TaskGate): void;
  /** Whether task t updates in step s at all. */
  active(task: number, step: number): boolean;
  /** After the step's last event, before the barrier. */
  endStep(step: number, datapath: Datapath): void;
}
