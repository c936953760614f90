// createS5Network: shapes, determinism, the HiPPO-DPLR Λ, initialiser ranges and statistics, and option errors.
import { describe, expect, it } from 'vitest';
import { isLoomError } from '../../../isa/diagnostics/index.ts';
import { dplrHippo } from '../../../models/s5/hippo.ts';
import { createS5Network } from '../../../models/s5/init.ts';
import { parameterCount } from '../../../models/s5/network.ts';
import type { S5Network } from '../../../models/s5/types.ts';

/** Every parameter array in a fixed order with a name. */
function arrays(net: S5Network): [string, Float64Array][] {
  const out: [string, Float64Array][] = [
    ['encoder.weight', net.encoder.weight],
    ['encoder.bias', net.encoder.bias],
  ];
  net.blocks.forEach((b, i) => {
    for (const key of ['lambdaRe', 'lambdaIm', 'logStep', 'bRe', 'bIm', 'cRe', 'cIm', 'd'] as const) out.push([`${i}.${key}`, b[key]]);
    out.push([`${i}.gamma`, b.norm.gamma], [`${i}.beta`, b.norm.beta], [`${i}.mean`, b.norm.runningMean], [`${i}.var`, b.norm.runningVar]);
    out.push([`${i}.glu.weight`, b.glu.weight], [`${i}.glu.bias`, b.glu.bias]);
  });
  out.push(['decoder.weight', net.decoder.weight], ['decoder.bias', net.decoder.bias]);
  return out;
}

function meanSquare(xs: ArrayLike<number>, ys?: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] * xs[i] + (ys ? ys[i] * ys[i] : 0);
  return s / xs.length;
}

function expectLoomError(f: () => unknown, code: number, text: string): void {
  try {
    f();
  } catch (e) {
    expect(isLoomError(e)).toBe(true);
    expect((e as { code: number }).code).toBe(code);
    expect((e as Error).message).toContain(text);
    return;
  }
  expect.fail('expected a LoomError');
}

describe('createS5Network shapes', () => {
  for (const [width, blocks] of [
    [0.0625, 1],
    [0.125, 2],
    [0.2, 3],
  ] as const) {
    it(`width ${width} gives ${blocks} block(s), H = ${12 * blocks}, P = ${16 * blocks}`, () => {
      const net = createS5Network({ width, seed: 1 });
      const h = net.hyper;
      expect(h).toEqual({
        width,
        blocks,
        hidden: 12 * blocks,
        stateSize: 16 * blocks,
        layers: 3,
        inputSize: 257,
        outputSize: 257,
        discretization: 'zoh',
        inputOffset: 0,
        dtMin: 0.001,
        dtMax: 0.1,
        batchNormEps: 1e-5,
      });
      const H = h.hidden;
      const N = h.stateSize / 2;
      expect(net.blocks).toHaveLength(3);
      expect([net.encoder.inSize, net.encoder.outSize, net.encoder.weight.length, net.encoder.bias.length]).toEqual([257, H, 257 * H, H]);
      expect([net.decoder.inSize, net.decoder.outSize, net.decoder.weight.length, net.decoder.bias.length]).toEqual([H, 257, 257 * H, 257]);
      for (const b of net.blocks) {
        expect([b.lambdaRe.length, b.lambdaIm.length, b.logStep.length]).toEqual([N, N, N]);
        expect([b.bRe.length, b.bIm.length, b.cRe.length, b.cIm.length]).toEqual([N * H, N * H, H * N, H * N]);
        expect([b.d.length, b.norm.gamma.length, b.glu.weight.length, b.glu.bias.length]).toEqual([H, H, H * H, H]);
      }
    });
  }

  it('honours discretization and inputOffset options', () => {
    const net = createS5Network({ width: 0.0625, seed: 1, discretization: 'bilinear', inputOffset: 0.25 });
    expect(net.hyper.discretization).toBe('bilinear');
    expect(net.hyper.inputOffset).toBe(0.25);
  });

  it('draws the initial time steps log-uniformly from [dtMin, dtMax]', () => {
    const net = createS5Network({ width: 0.25, seed: 1, dtMin: 0.01, dtMax: 1 });
    expect([net.hyper.dtMin, net.hyper.dtMax]).toEqual([0.01, 1]);
    const steps = net.blocks.flatMap((b) => [...b.logStep]);
    expect(Math.min(...steps)).toBeGreaterThanOrEqual(Math.log(0.01));
    expect(Math.max(...steps)).toBeLessThanOrEqual(Math.log(1));
    // Spread over the whole range, not bunched at one end (48 draws per block, 4 blocks).
    expect(Math.min(...steps)).toBeLessThan(Math.log(0.02));
    expect(Math.max(...steps)).toBeGreaterThan(Math.log(0.5));
    const defaults = createS5Network({ width: 0.25, seed: 1 });
    expect(Math.max(...defaults.blocks.flatMap((b) => [...b.logStep]))).toBeLessThanOrEqual(Math.log(0.1));
  });

  it('counts parameters: width 1 has 16 blocks, H 192, N 128', () => {
    const net = createS5Network({ width: 1, seed: 3 });
    const H = 192;
    const N = 128;
    const block = 3 * N + 4 * N * H + H + 2 * H + H * H + H;
    expect(parameterCount(net)).toBe(257 * H + H + 3 * block + H * 257 + 257);
  });
});

describe('createS5Network determinism', () => {
  it('the same seed gives identical arrays', () => {
    const a = arrays(createS5Network({ width: 0.125, seed: 42 }));
    const b = arrays(createS5Network({ width: 0.125, seed: 42 }));
    a.forEach(([name, data], i) => expect([...b[i][1]], name).toEqual([...data]));
  });

  it('a different seed changes every random array', () => {
    const a = arrays(createS5Network({ width: 0.125, seed: 42 }));
    const b = arrays(createS5Network({ width: 0.125, seed: 43 }));
    const random = /weight|bias|logStep|bRe|bIm|cRe|cIm|\.d$/;
    a.forEach(([name, data], i) => {
      if (!random.test(name)) return;
      const same = data.filter((x, k) => x === b[i][1][k]).length;
      expect(same, name).toBe(0);
    });
  });
});

describe('createS5Network values', () => {
  const net = createS5Network({ width: 0.125, seed: 9 });
  const dplr = dplrHippo(16);

  it('Λ_re is −0.5 and Λ_im repeats the first 8 DPLR(16) eigenvalues per block', () => {
    for (const b of net.blocks) {
      for (let i = 0; i < 16; i++) {
        expect(b.lambdaRe[i]).toBeCloseTo(-0.5, 12);
        expect(b.lambdaIm[i]).toBe(dplr.lambdaIm[i % 8]);
        expect(b.lambdaIm[i]).toBeLessThan(0);
      }
    }
  });

  it('BatchNorm starts as the identity and log Δ lies in [log 0.001, log 0.1)', () => {
    for (const b of net.blocks) {
      expect([...b.norm.gamma]).toEqual(new Array(24).fill(1));
      expect([...b.norm.beta]).toEqual(new Array(24).fill(0));
      expect([...b.norm.runningMean]).toEqual(new Array(24).fill(0));
      expect([...b.norm.runningVar]).toEqual(new Array(24).fill(1));
      for (const s of b.logStep) {
        expect(s).toBeGreaterThanOrEqual(Math.log(0.001));
        expect(s).toBeLessThan(Math.log(0.1));
      }
    }
  });

  it('dense layers are U(±1/√fan_in) like nn.Linear and fill most of that range', () => {
    for (const p of [net.encoder, net.decoder, ...net.blocks.map((b) => b.glu)]) {
      const bound = 1 / Math.sqrt(p.inSize);
      const all = [...p.weight, ...p.bias];
      expect(Math.max(...all.map(Math.abs))).toBeLessThanOrEqual(bound);
      expect(Math.max(...p.weight)).toBeGreaterThan(0.9 * bound);
      expect(Math.min(...p.weight)).toBeLessThan(-0.9 * bound);
    }
  });

  it('B̃, C̃ and D have the initialiser variances (1/H, 1/P per part, 1)', () => {
    const big = createS5Network({ width: 1, seed: 5 });
    const H = 192;
    const P = 256;
    const b = big.blocks[0];
    // B̃ = Vᴴ B with unit-norm V columns: E|B̃|² = Var B = 1/H.
    expect(meanSquare(b.bRe, b.bIm) * H).toBeCloseTo(1, 1);
    // C̃ = C V with Re and Im of C each of variance 1/P: E|C̃|² = 2/P.
    expect((meanSquare(b.cRe, b.cIm) * P) / 2).toBeCloseTo(1, 1);
    const d = [...big.blocks[0].d, ...big.blocks[1].d, ...big.blocks[2].d];
    expect(meanSquare(d)).toBeGreaterThan(0.8);
    expect(meanSquare(d)).toBeLessThan(1.2);
  });
});

describe('createS5Network option errors', () => {
  it('rejects a width with fewer than one block (L150)', () => {
    expectLoomError(() => createS5Network({ width: 0.05, seed: 1 }), 150, 'width');
    expectLoomError(() => createS5Network({ width: Number.NaN, seed: 1 }), 150, 'width');
    expectLoomError(() => createS5Network({ width: -1, seed: 1 }), 150, 'width');
  });

  it('rejects seeds that are not 32-bit unsigned integers', () => {
    expectLoomError(() => createS5Network({ width: 0.0625, seed: 1.5 }), 150, 'seed');
    expectLoomError(() => createS5Network({ width: 0.0625, seed: -1 }), 150, 'seed');
  });

  it('rejects a non-finite input offset and an unknown discretisation', () => {
    expectLoomError(() => createS5Network({ width: 0.0625, seed: 1, inputOffset: Infinity }), 150, 'inputOffset');
    expectLoomError(() => createS5Network({ width: 0.0625, seed: 1, discretization: 'euler' as 'zoh' }), 150, 'discretization');
    expectLoomError(() => createS5Network({ width: 0.0625, seed: 1, dtMin: 0.5, dtMax: 0.1 }), 150, 'dtMax');
  });
});
