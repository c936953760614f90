// The streaming float runner against a slow, independent implementation written with complex-number objects.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../models/random.ts';
import { complexRelu, createFloatRunner, runFloatFrames, sigmoid } from '../../../models/s5/forward.ts';
import { createS5Network } from '../../../models/s5/init.ts';
import type { DenseParams, S5Network } from '../../../models/s5/types.ts';
import { expectAllClose } from './helpers.ts';

// ---- the naive reference: plain arrays, complex numbers as objects, every formula written out ----

interface Cx {
  re: number;
  im: number;
}
const cx = (re: number, im = 0): Cx => ({ re, im });
const add = (a: Cx, b: Cx): Cx => cx(a.re + b.re, a.im + b.im);
const mul = (a: Cx, b: Cx): Cx => cx(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
const div = (a: Cx, b: Cx): Cx => {
  const d = b.re * b.re + b.im * b.im;
  return cx((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d);
};
const cexp = (a: Cx): Cx => cx(Math.exp(a.re) * Math.cos(a.im), Math.exp(a.re) * Math.sin(a.im));
const relu = (x: number): number => (x > 0 ? x : 0);
const crelu = (z: Cx): Cx => (z.re > 0 || (z.re === 0 && z.im > 0) ? z : cx(0, 0));

function matvec(p: DenseParams, x: number[]): number[] {
  const y: number[] = [];
  for (let o = 0; o < p.outSize; o++) {
    let s = p.bias[o];
    for (let i = 0; i < p.inSize; i++) s += p.weight[o * p.inSize + i] * x[i];
    y.push(s);
  }
  return y;
}

interface NaiveBlockOut {
  stateRe: number[];
  stateIm: number[];
  hRe: number[];
  hIm: number[];
  y: number[];
  a: number[];
  gate: number[];
  out: number[];
}

/** The network as a slow closure: Λ̄, B̄ by complex arithmetic (ZOH or bilinear), then the DESIGN.md §3 block equations. */
function naiveRunner(net: S5Network) {
  const { hyper } = net;
  const H = hyper.hidden;
  const N = hyper.stateSize / 2;
  const blocks = net.blocks.map((b) => {
    const lambdaBar: Cx[] = [];
    const bBar: Cx[][] = [];
    for (let n = 0; n < N; n++) {
      const lam = cx(Math.min(b.lambdaRe[n], -1e-4), b.lambdaIm[n]);
      const dt = Math.exp(b.logStep[n]);
      let lb: Cx;
      let coef: Cx;
      if (hyper.discretization === 'zoh') {
        lb = cexp(mul(lam, cx(dt)));
        coef = div(add(lb, cx(-1)), lam);
      } else {
        const bl = div(cx(1), add(cx(1), mul(cx(-dt / 2), lam)));
        lb = mul(bl, add(cx(1), mul(cx(dt / 2), lam)));
        coef = mul(bl, cx(dt));
      }
      lambdaBar.push(lb);
      bBar.push(Array.from({ length: H }, (_, k) => mul(coef, cx(b.bRe[n * H + k], b.bIm[n * H + k]))));
    }
    return { p: b, lambdaBar, bBar, x: Array.from({ length: N }, () => cx(0)) };
  });

  return (frame: number[]): { encoder: number[]; blocks: NaiveBlockOut[]; mask: number[] } => {
    const v = frame.map((m) => m - hyper.inputOffset);
    const encoder = matvec(net.encoder, v).map(relu);
    let u = encoder;
    const outs: NaiveBlockOut[] = [];
    for (const blk of blocks) {
      const { p } = blk;
      const un = u.map((x, k) => (p.norm.gamma[k] * (x - p.norm.runningMean[k])) / Math.sqrt(p.norm.runningVar[k] + hyper.batchNormEps) + p.norm.beta[k]);
      blk.x = blk.x.map((x, n) => {
        let next = mul(blk.lambdaBar[n], x);
        for (let k = 0; k < H; k++) next = add(next, mul(blk.bBar[n][k], cx(un[k])));
        return next;
      });
      const h = blk.x.map(crelu);
      const y = un.map((uk, k) => {
        let acc = cx(0);
        for (let n = 0; n < N; n++) acc = add(acc, mul(cx(p.cRe[k * N + n], p.cIm[k * N + n]), h[n]));
        return 2 * acc.re + p.d[k] * uk;
      });
      const a = y.map(relu);
      const gate = matvec(p.glu, a);
      const out = u.map((uk, k) => relu(uk + a[k] * (1 / (1 + Math.exp(-gate[k])))));
      outs.push({ stateRe: blk.x.map((z) => z.re), stateIm: blk.x.map((z) => z.im), hRe: h.map((z) => z.re), hIm: h.map((z) => z.im), y, a, gate, out });
      u = out;
    }
    return { encoder, blocks: outs, mask: matvec(net.decoder, u) };
  };
}

// ---- fixtures ----

/** The tiny network (1 block, H 12, P 16) with non-trivial BatchNorm statistics and larger steps. */
function tinyNet(discretization: 'zoh' | 'bilinear', inputOffset: number): S5Network {
  const net = createS5Network({ width: 0.0625, seed: 11, discretization, inputOffset });
  const rng = new Rng(99);
  for (const b of net.blocks) {
    for (let k = 0; k < b.d.length; k++) {
      b.norm.gamma[k] = rng.uniform(0.5, 2);
      b.norm.beta[k] = rng.uniform(-0.5, 0.5);
      b.norm.runningMean[k] = rng.uniform(-0.3, 0.8);
      b.norm.runningVar[k] = rng.uniform(0.05, 3);
    }
    // Larger Δ so the states move visibly within a few frames.
    for (let n = 0; n < b.logStep.length; n++) b.logStep[n] = rng.uniform(Math.log(0.05), Math.log(0.5));
  }
  return net;
}

function frames(count: number, size: number, seed: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => Array.from({ length: size }, () => rng.uniform(0, 3)));
}

describe('createFloatRunner vs the naive reference', () => {
  for (const [method, offset] of [
    ['zoh', 0],
    ['bilinear', 0.7],
  ] as const) {
    it(`${method}, input offset ${offset}: every activation of 12 frames agrees to 1e-9`, () => {
      const net = tinyNet(method, offset);
      const runner = createFloatRunner(net);
      const naive = naiveRunner(net);
      let kept = 0;
      let zeroed = 0;
      for (const frame of frames(12, 257, 5)) {
        const want = naive(frame);
        const got = runner.step(Float64Array.from(frame));
        expectAllClose(got.input, frame.map((m) => m - offset), 0, 'input');
        expectAllClose(got.encoder, want.encoder, 1e-9, 'encoder');
        got.blocks.forEach((b, i) => {
          const w = want.blocks[i];
          for (const key of ['stateRe', 'stateIm', 'hRe', 'hIm', 'y', 'a', 'gate', 'out'] as const) {
            expectAllClose(b[key], w[key], 1e-9, `block ${i} ${key}`);
          }
          expect(b.normed.length).toBe(12);
          for (const z of b.hRe) (z > 0 ? kept++ : zeroed++);
        });
        expectAllClose(got.mask, want.mask, 1e-9, 'mask');
      }
      // The complex ReLU must have kept some states and dropped others.
      expect(kept).toBeGreaterThan(10);
      expect(zeroed).toBeGreaterThan(10);
    });
  }

  it('the width-0.125 network (2 HiPPO blocks per layer, H 24, N 16) agrees too', () => {
    const net = createS5Network({ width: 0.125, seed: 4 });
    const runner = createFloatRunner(net);
    const naive = naiveRunner(net);
    for (const frame of frames(4, 257, 8)) {
      const want = naive(frame);
      const got = runner.step(Float64Array.from(frame));
      expectAllClose(got.blocks[2].stateRe, want.blocks[2].stateRe, 1e-9, 'last block state re');
      expectAllClose(got.mask, want.mask, 1e-9, 'mask');
    }
  });
});

describe('createFloatRunner state and buffers', () => {
  it('exposes the un-ReLU’d state, h = complex ReLU(state), and the state persists across frames', () => {
    const net = tinyNet('zoh', 0);
    const runner = createFloatRunner(net);
    const [f0, f1] = frames(2, 257, 21).map((f) => Float64Array.from(f));
    runner.step(f0);
    const b = runner.step(f0).blocks[0];
    const hRe = new Float64Array(b.stateRe.length);
    const hIm = new Float64Array(b.stateRe.length);
    complexRelu(b.stateRe, b.stateIm, hRe, hIm);
    expect([...b.hRe]).toEqual([...hRe]);
    expect([...b.hIm]).toEqual([...hIm]);
    // Some state has Re < 0, so carrying h instead of x would differ (the naive comparison above checks which is carried).
    expect(b.stateRe.some((x) => x < 0)).toBe(true);
    expect(b.hRe.some((x) => x > 0)).toBe(true);
    expect(runner.step(f1).mask[0]).not.toBe(createFloatRunner(net).step(f1).mask[0]);
  });

  it('reuses one activation object and reset() restores the initial state', () => {
    const net = tinyNet('zoh', 0);
    const runner = createFloatRunner(net);
    const fs = frames(3, 257, 2).map((f) => Float64Array.from(f));
    const first = runner.step(fs[0]);
    const firstMask = first.mask.slice();
    const second = runner.step(fs[1]);
    expect(second).toBe(first);
    expect(second.mask).toBe(first.mask);
    runner.step(fs[2]);
    runner.reset();
    expect([...runner.step(fs[0]).mask]).toEqual([...firstMask]);
  });

  it('runFloatFrames returns the runner’s masks frame after frame', () => {
    const net = tinyNet('bilinear', 0.1);
    const fs = frames(3, 257, 12);
    const masks = runFloatFrames(net, Float64Array.from(fs.flat()), 3);
    const runner = createFloatRunner(net);
    fs.forEach((f, t) => {
      expect([...masks.subarray(t * 257, (t + 1) * 257)]).toEqual([...runner.step(Float64Array.from(f)).mask]);
    });
  });

  it('rejects a frame of the wrong size', () => {
    expect(() => createFloatRunner(tinyNet('zoh', 0)).step(new Float64Array(256))).toThrow(/256 values.*257/);
  });
});

describe('activation functions', () => {
  it('complex ReLU is lexicographic', () => {
    const re = Float64Array.of(1, -1, 0, 0, 0, 2);
    const im = Float64Array.of(-3, 5, 2, -2, 0, 0);
    const outRe = new Float64Array(6);
    const outIm = new Float64Array(6);
    complexRelu(re, im, outRe, outIm);
    expect([...outRe]).toEqual([1, 0, 0, 0, 0, 2]);
    expect([...outIm]).toEqual([-3, 0, 2, 0, 0, 0]);
  });

  it('sigmoid is the logistic function and finite at the extremes', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(2)).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
    expect(sigmoid(-2)).toBeCloseTo(1 / (1 + Math.exp(2)), 15);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(800)).toBe(1);
  });
});
