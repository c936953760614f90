// Pruning schedule (golden cubic values), ReLUfication blend, ERK layer sparsities and magnitude masks.
import { describe, expect, it } from 'vitest';
import { ioWeightedSparsities, layerSparsities, magnitudeMask, maskSparsity } from '../../../models/compress/masks.ts';
import { relufyAlpha, scheduledSparsity } from '../../../models/compress/schedule.ts';
import { pruneCount } from '../../../models/s5/prune.ts';
import { loadGolden } from '../../golden.ts';

interface PruningGolden {
  target: number;
  start: number;
  end: number;
  power: number;
  values: Record<string, number>;
}

describe('gradual pruning schedule', () => {
  const g = loadGolden<{ pruning_schedule: PruningGolden }>('s5_float').pruning_schedule;
  it('matches every golden value', () => {
    expect(Object.keys(g.values).length).toBeGreaterThan(4);
    for (const [step, want] of Object.entries(g.values)) {
      expect(scheduledSparsity({ target: g.target, start: g.start, end: g.end, power: g.power }, Number(step))).toBeCloseTo(want, 12);
    }
  });

  it('rises monotonically and holds the target after the ramp', () => {
    const s = { target: 0.9, start: 10, end: 60 };
    let last = -1;
    for (let step = 0; step < 100; step++) {
      const v = scheduledSparsity(s, step);
      expect(v).toBeGreaterThanOrEqual(last);
      last = v;
    }
    expect(scheduledSparsity(s, 59)).toBe(0.9);
    expect(scheduledSparsity(s, 8)).toBe(0);
  });
});

describe('ReLUfication blend', () => {
  it('goes linearly from the smooth network to the ReLU network', () => {
    expect(relufyAlpha(4, 0)).toBe(0.25);
    expect(relufyAlpha(4, 3)).toBe(1);
    expect(relufyAlpha(4, 10)).toBe(1);
    expect(relufyAlpha(0, 0)).toBe(1);
  });
});

describe('layer sparsities', () => {
  const shapes = [
    { rows: 12, cols: 257 },
    { rows: 12, cols: 12 },
    { rows: 8, cols: 12 },
    { rows: 12, cols: 8 },
    { rows: 257, cols: 12 },
  ];
  const weighted = (s: number[]) => s.reduce((a, v, i) => a + v * shapes[i].rows * shapes[i].cols, 0) / shapes.reduce((a, x) => a + x.rows * x.cols, 0);

  it('uniform puts every matrix at the target', () => {
    expect(layerSparsities(shapes, 0.9, 'uniform')).toEqual([0.9, 0.9, 0.9, 0.9, 0.9]);
  });

  it('ERK keeps the overall target, prunes big matrices harder and never goes below 0', () => {
    const s = layerSparsities(shapes, 0.9, 'erk');
    expect(weighted(s)).toBeCloseTo(0.9, 10);
    expect(s[0]).toBeGreaterThan(s[1]);
    for (const v of s) expect(v).toBeGreaterThanOrEqual(0);
    const dense = layerSparsities([{ rows: 2, cols: 2 }, { rows: 100, cols: 100 }], 0.5, 'erk');
    expect(dense[0]).toBe(0); // density would exceed 1: kept dense, the rest rescaled
    expect((dense[1] * 10000) / 10004).toBeCloseTo(0.5, 10);
  });

  it('an encoder/decoder sparsity keeps the overall target, follows the ramp and fails when the blocks cannot balance it', () => {
    // Width-0.5 shapes: encoder 96×257, one block's GLU 96×96, B̃ 64×96, C̃ 96×64, decoder 257×96.
    const names = ['encoder.weight', 'blocks.0.glu.weight', 'blocks.0.B', 'blocks.0.C', 'decoder.weight'];
    const dims = [[96, 257], [96, 96], [64, 96], [96, 64], [257, 96]];
    const mats = names.map((name, i) => ({ name, rows: dims[i][0], cols: dims[i][1] }));
    const size = (i: number) => dims[i][0] * dims[i][1];
    const mean = (s: number[]) => s.reduce((a, v, i) => a + v * size(i), 0) / dims.reduce((a, _, i) => a + size(i), 0);
    const final = ioWeightedSparsities(mats, 0.9, 0.9, 0.88);
    expect([final[0], final[4]]).toEqual([0.88, 0.88]);
    expect(final[1]).toBe(final[2]);
    expect(final[1]).toBeGreaterThan(0.9);
    expect(mean(final)).toBeCloseTo(0.9, 12);
    const half = ioWeightedSparsities(mats, 0.45, 0.9, 0.88); // halfway up the ramp: the same split, halved
    expect(half[0]).toBeCloseTo(0.44, 12);
    expect(mean(half)).toBeCloseTo(0.45, 12);
    expect(() => ioWeightedSparsities(mats, 0.9, 0.9, 0.5)).toThrow(/block matrices/);
  });
});

describe('magnitude masks', () => {
  it('prune the round-half-even(s·n) smallest moduli, complex parts together, ties to the lower index', () => {
    const re = Float32Array.from([0.1, -3, 0.2, 0.05, 0, 2, -0.2, 1]);
    const im = Float32Array.from([0, 0, 0, 0.3, 0, 0, 0, 0]);
    const m = magnitudeMask(re, im, 0.5);
    expect([...m]).toEqual([0, 1, 0, 1, 0, 1, 0, 1]); // |0.05 + 0.3i| > 0.2 keeps index 3; 0.2 ties go to the lower index
    expect(maskSparsity(new Map([['x', m]]))).toBe(0.5);
    expect(magnitudeMask(re, undefined, 0.9).reduce((a, v) => a + (v === 0 ? 1 : 0), 0)).toBe(pruneCount(8, 0.9));
  });
});
