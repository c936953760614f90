// Pipelined mode: every core integrates what arrived in the previous step, updates its active tasks and sends; one token enters per step and leaves `pipelineDepth` steps later.
//
// A task whose `startStep` has not come yet stays idle (pipeline fill: its inputs carry no token yet,
// and a bias would otherwise drive state neurons); whatever reached its ports is dropped at the step's end.
import { LoomError } from '../../isa/diagnostics/index.ts';
import { FLAG_RELAY_BALANCED, hex32 } from '../../isa/image/index.ts';
import type { Datapath } from '../functional.ts';
import type { LoadedImage } from '../load.ts';
import type { ExecutionPolicy, TaskGate } from './policy.ts';

export function pipelinedPolicy(img: LoadedImage): ExecutionPolicy {
  const { header } = img.image;
  if ((header.flags & FLAG_RELAY_BALANCED) === 0) {
    throw new LoomError('sim-mode-unsupported', { file: img.file, flags: hex32(header.flags), mode: 'pipelined' });
  }
  const { tasks } = img;
  const depth = header.pipelineDepth;
  return {
    mode: 'pipelined',
    markers: false,
    deliverNextStep: true,
    outputDelay: depth,
    steps: (frames) => frames + depth,
    beginStep(step: number, gate: TaskGate) {
      for (let t = 0; t < tasks.count; t++) if (tasks.startStep[t] <= step) gate.markReady(t);
    },
    received() {},
    active: (t, step) => tasks.startStep[t] <= step,
    endStep(step: number, datapath: Datapath) {
      for (let t = 0; t < tasks.count; t++) if (tasks.startStep[t] > step) datapath.clearTask(t);
      datapath.swap();
    },
  };
}
