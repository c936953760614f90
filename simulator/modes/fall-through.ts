// Fall-through mode: one token passes every layer within a step; a task updates once every batch it depends on (its upstream senders' messages or end-of-step markers) has arrived and been received.
import { LoomError } from '../../isa/diagnostics/index.ts';
import type { LoadedImage } from '../load.ts';
import type { ExecutionPolicy, TaskGate } from './policy.ts';

export function fallThroughPolicy(img: LoadedImage): ExecutionPolicy {
  const { batches, tasks } = img;
  if (batches.cycle.length > 0) {
    const slices = batches.cycle.slice(0, 6).map((t) => tasks.name[t]).join(', ') + (batches.cycle.length > 6 ? ', …' : '');
    throw new LoomError('sim-feedback', { file: img.file, slices });
  }
  const pending = new Int32Array(tasks.count);
  const { depCount, depStart, deps } = batches;
  return {
    mode: 'fall-through',
    markers: true,
    deliverNextStep: false,
    outputDelay: 0,
    steps: (frames) => frames,
    beginStep(_step: number, gate: TaskGate) {
      pending.set(depCount);
      for (let t = 0; t < tasks.count; t++) if (pending[t] === 0) gate.markReady(t);
    },
    received(b: number, gate: TaskGate) {
      for (let i = depStart[b]; i < depStart[b + 1]; i++) if (--pending[deps[i]] === 0) gate.markReady(deps[i]);
    },
    active: () => true,
    endStep() {},
  };
}
