// How closely a QGraph's fixed-point output follows its float model: signal-to-noise ratio over a clip.
import { ReferenceInterpreter } from '../reference/interpreter.ts';
import { createFloatRunner } from '../s5/forward.ts';
import type { S5Network } from '../s5/types.ts';
import type { QGraph } from './types.ts';

export interface Fidelity {
  readonly frames: number;
  /** 10·log10(Σ float² / Σ (fixed − float)²) over every output value of every frame. */
  readonly snrDb: number;
  readonly maxAbsError: number;
}

/** Run the float model and the reference interpreter side by side on the same frames. */
export function fixedVsFloat(net: S5Network, graph: QGraph, frames: readonly Float64Array[]): Fidelity {
  const runner = createFloatRunner(net);
  const interp = new ReferenceInterpreter(graph);
  const scale = 2 ** -interp.outputExp;
  let signal = 0;
  let noise = 0;
  let maxAbsError = 0;
  for (const frame of frames) {
    const float = runner.step(frame).mask;
    const fixed = interp.step(frame);
    for (let i = 0; i < float.length; i++) {
      const err = fixed[i] * scale - float[i];
      signal += float[i] * float[i];
      noise += err * err;
      maxAbsError = Math.max(maxAbsError, Math.abs(err));
    }
  }
  return { frames: frames.length, snrDb: 10 * Math.log10(signal / Math.max(noise, 1e-300)), maxAbsError };
}
