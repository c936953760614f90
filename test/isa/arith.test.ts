// Fixed-point core against every golden case in fixed_point.json, plus properties of rescale and saturate.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SaturationCounter,
  complexReluPasses,
  complexStateStep,
  nonSaturatingExp,
  pow2ScaleExp,
  quantizePow2,
  rescale,
  roundHalfEven,
  saturate,
  shiftRight,
  sigmoidLut,
} from '../../isa/arith.ts';
import { loadGolden } from '../golden.ts';

const golden = loadGolden('fixed_point');

describe('right shifts (golden)', () => {
  for (const c of golden.rshift) {
    it(`${c.x} >> ${c.r}`, () => {
      expect(shiftRight(c.x, c.r, 'floor')).toBe(c.floor);
      expect(shiftRight(c.x, c.r, 'ceil')).toBe(c.ceil);
      expect(shiftRight(c.x, c.r, 'round_half_up')).toBe(c.round_half_up);
      expect(rescale(c.x, c.r, 0)).toBe(c.floor);
    });
  }
});

describe('saturate (golden)', () => {
  for (const c of golden.saturate) {
    it(`sat${c.bits}(${c.x})`, () => {
      const counter = new SaturationCounter();
      expect(saturate(c.x, c.bits, counter)).toBe(c.y);
      expect(counter.count).toBe(c.y === c.x ? 0 : 1);
    });
  }
});

describe('power-of-two symmetric quantization (golden)', () => {
  for (const c of golden.pow2_symmetric_quant.cases) {
    it(`${JSON.stringify(c.x)} at ${c.bits} bits`, () => {
      const q = quantizePow2(c.x, c.bits);
      expect(q.exp).toBe(c.exp);
      expect(2 ** -q.exp).toBe(c.scale);
      expect([...q.q]).toEqual(c.q);
    });
  }
});

describe('sigmoid table (golden)', () => {
  it('matches every golden value and the table', () => {
    expect(golden.sigmoid_lut.input_exp).toBe(6);
    expect(golden.sigmoid_lut.output_exp).toBe(8);
    for (const [x, y] of Object.entries(golden.sigmoid_lut.values)) expect(sigmoidLut(Number(x))).toBe(y);
  });
  it('stays in 0..256, is odd-symmetric about ½ and within 5.5 LSB of the true sigmoid', () => {
    for (let x = -32767; x <= 32767; x++) {
      const y = sigmoidLut(x);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(256);
      if (x !== 0) expect(y + sigmoidLut(-x)).toBe(256);
      if (Math.abs(x) < 448) expect(Math.abs(y - 256 / (1 + Math.exp(-x / 64)))).toBeLessThan(5.5); // 8-point table: ≤ 2.2 % of full scale
    }
  });
});

describe('complex state step (golden)', () => {
  for (const [i, c] of golden.complex_state_step.cases.entries()) {
    it(`case ${i}`, () => {
      const out = [0, 0];
      complexStateStep(c.lambda[0], c.lambda[1], c.lambda_exp, c.x[0], c.x[1], c.bu[0], c.bu[1], c.bits, out);
      expect(out).toEqual(c.next);
    });
  }
  it('saturates and counts', () => {
    const out = [0, 0];
    const counter = new SaturationCounter();
    complexStateStep(16384, 0, 14, 30000, -30000, 10000, -10000, 16, out, counter);
    expect(out).toEqual([32767, -32768]);
    expect(counter.count).toBe(2);
  });
});

describe('complex ReLU (golden)', () => {
  for (const c of golden.complex_relu.cases) {
    it(`${JSON.stringify(c.x)}`, () => {
      const pass = complexReluPasses(c.x[0], c.x[1]);
      expect(pass ? c.x : [0, 0]).toEqual(c.y);
    });
  }
});

describe('properties', () => {
  it('rescale down is floor division, rescale up is exact multiplication', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: -12, max: 12 }), fc.integer({ min: -12, max: 12 }), (q, from, to) => {
        const r = rescale(q, from, to);
        if (to >= from) expect(r).toBe(q * 2 ** (to - from));
        else expect(r).toBe(Number(BigInt(q) >> BigInt(from - to)));
      }),
    );
  });
  it('saturate is the identity inside the range and clips outside', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 20), max: 2 ** 20 }), fc.integer({ min: 2, max: 17 }), (x, bits) => {
        const y = saturate(x, bits);
        expect(y).toBe(Math.min(2 ** (bits - 1) - 1, Math.max(-(2 ** (bits - 1)), x)));
      }),
    );
  });
  it('round half even', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6].map(roundHalfEven)).toEqual([0, 2, 2, 0, -2, -2, 2, -3]);
  });
  it('nonSaturatingExp is the largest exponent that keeps max|x| in range', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-4, max: 1e4, noNaN: true }), (absMax) => {
        const e = nonSaturatingExp(absMax, 16);
        expect(absMax * 2 ** e).toBeLessThanOrEqual(32767);
        expect(absMax * 2 ** (e + 1)).toBeGreaterThan(32767);
      }),
    );
    expect(nonSaturatingExp(1, 16, 1)).toBe(13);
  });
  it('pow2 scale exponent of a zero tensor falls back to the 1e-6 floor', () => {
    expect(pow2ScaleExp(0, 8)).toBe(20);
  });
});
