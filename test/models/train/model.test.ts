// The tensor model mirrors the deployed forms: ReLU network = models/s5 float runner, fake-quantized network ≈ reference interpreter; GELU, LUT sigmoid, masks.
import { beforeAll, describe, expect, it } from 'vitest';
import { sigmoidLut } from '../../../isa/arith.ts';
import { qatView } from '../../../models/compress/qat.ts';
import { syntheticFrames } from '../../../models/data/synthetic-frames.ts';
import { ReferenceInterpreter } from '../../../models/reference/interpreter.ts';
import { createFloatRunner } from '../../../models/s5/forward.ts';
import { createS5Network } from '../../../models/s5/init.ts';
import { lutSigmoid } from '../../../models/train/lut-sigmoid.ts';
import { forward } from '../../../models/train/model.ts';
import { varsFromNetwork } from '../../../models/train/params.ts';
import { gelu, geluScalar, initTensors, tf } from '../../../models/train/tensors.ts';
import { loadGolden } from '../../golden.ts';

const net = createS5Network({ width: 0.0625, seed: 3 });
const frames = syntheticFrames({ count: 24, seed: 2 });
const input = () => tf.tensor3d(Float32Array.from(frames.flatMap((f) => [...f])), [1, frames.length, 257]);

beforeAll(async () => {
  await initTensors();
});

describe('tensor model', () => {
  it('the ReLU network (α = 1, running statistics) equals models/s5/forward.ts', () => {
    const vars = varsFromNetwork(net);
    const got = tf.tidy(() => forward(vars, input(), { clips: 1, frames: frames.length, training: false, alpha: 1 }).mask.dataSync());
    const runner = createFloatRunner(net);
    let worst = 0;
    frames.forEach((f, t) => {
      const want = runner.step(f).mask;
      for (let k = 0; k < 257; k++) worst = Math.max(worst, Math.abs(got[t * 257 + k] - want[k]) / Math.max(1, Math.abs(want[k])));
    });
    expect(worst).toBeLessThan(1e-4); // float32 against float64
  });

  it('fake quantization with the exported integers follows the reference interpreter to a few LSBs', () => {
    const vars = varsFromNetwork(net);
    const view = qatView(net, { calibrationFrames: frames, headroomBits: 1 });
    const got = tf.tidy(() => forward(vars, input(), { clips: 1, frames: frames.length, training: false, alpha: 1, quant: view.spec }).mask.dataSync());
    const interp = new ReferenceInterpreter(view.export.graph);
    const lsb = 2 ** -interp.outputExp;
    let worst = 0;
    let scale = 0;
    frames.forEach((f, t) => {
      const q = interp.step(f);
      for (let k = 0; k < 257; k++) {
        worst = Math.max(worst, Math.abs(got[t * 257 + k] - q[k] * lsb) / lsb);
        scale = Math.max(scale, Math.abs(q[k]));
      }
    });
    expect(scale).toBeGreaterThan(1000); // a meaningful output range
    expect(worst).toBeLessThanOrEqual(4); // float32 accumulation may move a floor by an LSB per layer
  });

  it('GELU is the golden tanh approximation', () => {
    const g = loadGolden<{ gelu_tanh: Record<string, number> }>('s5_float').gelu_tanh;
    const xs = Object.keys(g).map(Number);
    const t = tf.tidy(() => gelu(tf.tensor1d(xs)).dataSync());
    xs.forEach((x, i) => {
      expect(geluScalar(x)).toBeCloseTo(g[String(x.toFixed(1))] ?? g[String(x)], 12);
      expect(t[i]).toBeCloseTo(geluScalar(x), 5);
    });
  });

  it('the tensor sigmoid table equals isa/arith.ts sigmoidLut on every 16-bit input', () => {
    const q = Array.from({ length: 65536 }, (_, i) => i - 32768);
    const s = tf.tidy(() => lutSigmoid(tf.tensor1d(q.map((v) => v / 64))).dataSync());
    const wrong = q.filter((v, i) => s[i] * 256 !== sigmoidLut(v));
    expect(wrong).toEqual([]);
    // The table's tails: beyond ±7 the sigmoid stays at 1/256 and 255/256 (T[6] = 127, T[7] = 128).
    expect([s[0] * 256, s[65535] * 256]).toEqual([1, 255]);
  });

  it('straight-through masks pass gradients to pruned weights; hard masks do not', () => {
    const vars = varsFromNetwork(net);
    const mask = tf.tensor2d(Float32Array.from({ length: 12 * 257 }, (_, i) => (i % 2 === 0 ? 0 : 1)), [12, 257]);
    const masks = new Map([['encoder.weight', mask]]);
    const gradAt = (mode: 'ste' | 'hard') =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.sum(tf.square(forward(vars, input(), { clips: 1, frames: 24, training: true, alpha: 1, masks, maskMode: mode }).mask)) as tf.Scalar, [vars.encoder.weight]);
        return grads[vars.encoder.weight.name].dataSync();
      });
    const ste = gradAt('ste');
    const hard = gradAt('hard');
    let steMasked = 0;
    let hardMasked = 0;
    for (let i = 0; i < ste.length; i += 2) {
      steMasked += Math.abs(ste[i]);
      hardMasked += Math.abs(hard[i]);
    }
    expect(steMasked).toBeGreaterThan(0);
    expect(hardMasked).toBe(0);
  });
});
