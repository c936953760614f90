// The recurrence op: forward matches the plain-TS recurrence, gradients match finite differences (float64 core and the tensor op), fixed-point forward matches isa/arith.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { complexStateStep } from '../../../isa/arith.ts';
import { Rng } from '../../../models/random.ts';
import { stepState } from '../../../models/s5/recurrence.ts';
import { diagonalScan, scanBackward, scanForward, scanForwardFixed, type ScanDims } from '../../../models/train/scan.ts';
import { initTensors, tf } from '../../../models/train/tensors.ts';

const dims: ScanDims = { batch: 2, steps: 7, states: 3 };
const size = dims.batch * dims.steps * dims.states;
const rng = new Rng(11);
const rand = (n: number, s = 1) => Float64Array.from({ length: n }, () => rng.normal() * s);
const bu = { re: rand(size), im: rand(size) };
const lambda = { re: Float64Array.from([0.9, -0.5, 0.3]), im: Float64Array.from([0.3, 0.6, -0.8]) };
const wRe = rand(size);
const wIm = rand(size);

/** L = Σ wRe·xRe + wIm·xIm: its gradient with respect to x is (wRe, wIm). */
function loss(b: typeof bu, l: typeof lambda): number {
  const x = scanForward(b, l, dims);
  let s = 0;
  for (let i = 0; i < size; i++) s += wRe[i] * x.re[i] + wIm[i] * x.im[i];
  return s;
}

describe('diagonal scan (float64 core)', () => {
  it('forward equals models/s5 stepState with B̄ = I', () => {
    const x = scanForward(bu, lambda, dims);
    const n = dims.states;
    const eye = { lambdaBarRe: lambda.re, lambdaBarIm: lambda.im, bBarRe: new Float64Array(n * 2 * n), bBarIm: new Float64Array(n * 2 * n) };
    // u = [Bu_re, Bu_im] and B̄ = [I, iI] so that B̄u = Bu_re + i·Bu_im.
    for (let i = 0; i < n; i++) {
      eye.bBarRe[i * 2 * n + i] = 1;
      eye.bBarIm[i * 2 * n + n + i] = 1;
    }
    const xr = new Float64Array(n);
    const xi = new Float64Array(n);
    for (let t = 0; t < dims.steps; t++) {
      const u = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        u[i] = bu.re[t * n + i];
        u[n + i] = bu.im[t * n + i];
      }
      stepState(eye, u, xr, xi);
      for (let i = 0; i < n; i++) {
        expect(x.re[t * n + i]).toBeCloseTo(xr[i], 12);
        expect(x.im[t * n + i]).toBeCloseTo(xi[i], 12);
      }
    }
  });

  it('reverse-scan gradients match central finite differences', () => {
    const x = scanForward(bu, lambda, dims);
    const g = scanBackward({ re: wRe, im: wIm }, x, lambda, dims);
    const h = 1e-6;
    const fd = (set: (d: number) => void): number => {
      set(h);
      const up = loss(bu, lambda);
      set(-2 * h);
      const down = loss(bu, lambda);
      set(h);
      return (up - down) / (2 * h);
    };
    for (const k of [0, 5, 13, size - 1]) {
      expect(g.bu.re[k]).toBeCloseTo(fd((d) => (bu.re[k] += d)), 6);
      expect(g.bu.im[k]).toBeCloseTo(fd((d) => (bu.im[k] += d)), 6);
    }
    for (let i = 0; i < dims.states; i++) {
      expect(g.lambda.re[i]).toBeCloseTo(fd((d) => (lambda.re[i] += d)), 5);
      expect(g.lambda.im[i]).toBeCloseTo(fd((d) => (lambda.im[i] += d)), 5);
    }
  });

  it('fixed-point forward is the isa/arith.ts state step', () => {
    const fixed = { lambdaRe: Int32Array.from([29000, -16000]), lambdaIm: Int32Array.from([9000, 20000]), lambdaExp: 15, stateExp: 10, bits: 16 };
    const d: ScanDims = { batch: 1, steps: 5, states: 2 };
    const ints = Int32Array.from({ length: 10 }, () => rng.int(4001) - 2000);
    const b = { re: Float64Array.from(ints, (v) => v / 1024), im: Float64Array.from(ints, (v) => -v / 1024) };
    const x = scanForwardFixed(b, fixed, d);
    const state = [new Int32Array(2), new Int32Array(2)];
    for (let t = 0; t < 5; t++) {
      for (let i = 0; i < 2; i++) {
        const k = t * 2 + i;
        complexStateStep(fixed.lambdaRe[i], fixed.lambdaIm[i], 15, state[i][0], state[i][1], ints[k], -ints[k], 16, state[i]);
        expect(x.re[k] * 1024).toBe(state[i][0]);
        expect(x.im[k] * 1024).toBe(state[i][1]);
      }
    }
  });
});

describe('diagonal scan (tensor op)', () => {
  beforeAll(async () => {
    await initTensors();
  });

  it('tf.grads through the op equal the float64 reverse scan', () => {
    const shape: [number, number, number] = [dims.batch, dims.steps, dims.states];
    const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => {
      const x = diagonalScan(a as tf.Tensor3D, b as tf.Tensor3D, c as tf.Tensor1D, d as tf.Tensor1D);
      return tf.add(tf.sum(tf.mul(x.re, tf.tensor3d(Float32Array.from(wRe), shape))), tf.sum(tf.mul(x.im, tf.tensor3d(Float32Array.from(wIm), shape))));
    };
    const inputs = [tf.tensor3d(Float32Array.from(bu.re), shape), tf.tensor3d(Float32Array.from(bu.im), shape), tf.tensor1d(Float32Array.from(lambda.re)), tf.tensor1d(Float32Array.from(lambda.im))];
    const grads = tf.grads(f)(inputs);
    const want = scanBackward({ re: wRe, im: wIm }, scanForward(bu, lambda, dims), lambda, dims);
    const close = (t: tf.Tensor, w: Float64Array) => {
      const got = t.dataSync();
      for (let i = 0; i < w.length; i++) expect(Math.abs(got[i] - w[i])).toBeLessThan(1e-3 * Math.max(1, Math.abs(w[i])));
    };
    close(grads[0], want.bu.re);
    close(grads[1], want.bu.im);
    close(grads[2], want.lambda.re);
    close(grads[3], want.lambda.im);
  });
});
