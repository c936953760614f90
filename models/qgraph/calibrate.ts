// Calibration: run the float model over frames and record the largest magnitude each quantized activation reaches.
import { LoomError } from '../../isa/diagnostics/index.ts';
import { createFloatRunner } from '../s5/forward.ts';
import type { S5Network } from '../s5/types.ts';

/** max |value| per activation over the calibration frames. */
export interface CalibrationRanges {
  readonly frames: number;
  readonly input: number;
  readonly encoder: number;
  readonly blocks: readonly { readonly state: number; readonly a: number; readonly out: number }[];
  readonly mask: number;
}

function absMax(values: ArrayLike<number>, current: number): number {
  let m = current;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i]);
    if (v > m) m = v;
  }
  return m;
}

/** Run `frames` (|X|, one clip, state carried) through the float model and collect ranges. */
export function calibrate(net: S5Network, frames: readonly ArrayLike<number>[]): CalibrationRanges {
  if (frames.length === 0) throw new LoomError('calibration-empty', { frames: 0 });
  const runner = createFloatRunner(net);
  const offset = net.hyper.inputOffset;
  let input = 0;
  let encoder = 0;
  let mask = 0;
  const blocks = net.blocks.map(() => ({ state: 0, a: 0, out: 0 }));
  for (const frame of frames) {
    for (let i = 0; i < frame.length; i++) input = Math.max(input, Math.abs(frame[i] - offset));
    const act = runner.step(frame as Float64Array);
    encoder = absMax(act.encoder, encoder);
    act.blocks.forEach((b, i) => {
      blocks[i].state = absMax(b.stateIm, absMax(b.stateRe, blocks[i].state));
      blocks[i].a = absMax(b.a, blocks[i].a);
      blocks[i].out = absMax(b.out, blocks[i].out);
    });
    mask = absMax(act.mask, mask);
  }
  return { frames: frames.length, input, encoder, blocks, mask };
}
