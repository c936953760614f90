// coreCoordinates (row-major mesh numbering) and barrierNs (log2/linear on-chip model plus the multi-chip term), by value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadChipSpec, parseChipSpec } from '../../../isa/chip/load.ts';
import { barrierNs, coreCoordinates } from '../../../isa/chip/schema.ts';

const loihi2 = loadChipSpec('loihi2');
const kapoho = loadChipSpec('kapoho-point');
const hala = loadChipSpec('hala-point');
const tiny = loadChipSpec('tiny');

describe('coreCoordinates', () => {
  it('numbers cores row-major: x = column, y = row', () => {
    expect(coreCoordinates(loihi2, 0)).toEqual({ x: 0, y: 0 });
    expect(coreCoordinates(loihi2, 15)).toEqual({ x: 15, y: 0 });
    expect(coreCoordinates(loihi2, 16)).toEqual({ x: 0, y: 1 });
    expect(coreCoordinates(loihi2, 119)).toEqual({ x: 7, y: 7 });
    expect(coreCoordinates(tiny, 5)).toEqual({ x: 1, y: 1 });
    expect(coreCoordinates(tiny, 7)).toEqual({ x: 3, y: 1 });
  });

  it('inverts index = y · cols + x for every usable core', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: loihi2.coresPerChip - 1 }), (i) => {
        const { x, y } = coreCoordinates(loihi2, i);
        return y * loihi2.mesh.cols + x === i && x < loihi2.mesh.cols && y < loihi2.mesh.rows;
      }),
    );
  });

  it('refuses cores the chip does not have (120–127 are mesh positions without a usable core)', () => {
    expect(() => coreCoordinates(loihi2, 120)).toThrow(RangeError);
    expect(() => coreCoordinates(loihi2, -1)).toThrow(RangeError);
    expect(() => coreCoordinates(tiny, 1.5)).toThrow(RangeError);
  });
});

describe('barrierNs on one chip (Loihi 1: 113 ns for 1 tile, 465 ns for 32 tiles of 4 cores)', () => {
  it('is 113 ns for 1 core and for one full tile of 4 cores', () => {
    expect(barrierNs(loihi2, 1, 1)).toBe(113);
    expect(barrierNs(loihi2, 4, 1)).toBe(113);
  });

  it('is 113 + 70.4 · log2(8) = 324.2 ns for 32 cores (8 tiles)', () => {
    expect(barrierNs(loihi2, 32, 1)).toBeCloseTo(324.2, 9);
  });

  it('is 113 + 70.4 · log2(30) ≈ 458.45 ns for all 120 loihi2 cores', () => {
    expect(barrierNs(loihi2, 120, 1)).toBeCloseTo(113 + 70.4 * Math.log2(30), 9);
    expect(barrierNs(loihi2, 120, 1)).toBeCloseTo(458.45, 2);
  });

  it('reaches 465 ns at 32 tiles (128 cores) when the mesh allows it', () => {
    const full = parseChipSpec('extends: loihi2\ncoresPerChip: 128\n', 'full.yaml');
    expect(barrierNs(full, 128, 1)).toBeCloseTo(465, 9);
  });

  it('with scaling linear fits the same end points, lower in between', () => {
    const linear = parseChipSpec(
      'extends: loihi2\ncoresPerChip: 128\ntiming: { barrier: { onChip: { scaling: linear, slopeNs: 11.355 } } }\n',
      'linear.yaml',
    );
    expect(barrierNs(linear, 4, 1)).toBe(113);
    expect(barrierNs(linear, 128, 1)).toBeCloseTo(465, 2);
    expect(barrierNs(linear, 32, 1)).toBeCloseTo(113 + 7 * 11.355, 9);
    expect(barrierNs(linear, 32, 1)).toBeLessThan(barrierNs(loihi2, 32, 1));
  });

  it('never decreases as cores are added', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 119 }), (n) => barrierNs(loihi2, n + 1, 1) >= barrierNs(loihi2, n, 1)),
    );
  });
});

describe('barrierNs across chips (Loihi 1 systems: about 14–16 µs)', () => {
  it('adds 13.5 µs + 0.5 µs · log2(chips) to the per-chip barrier', () => {
    expect(barrierNs(kapoho, 2, 2)).toBe(113 + 14000);
    expect(barrierNs(kapoho, 16, 2)).toBeCloseTo(113 + 70.4 + 14000, 9);
    expect(barrierNs(kapoho, 8, 8)).toBe(113 + 13500 + 1500);
    expect(barrierNs(kapoho, 960, 8)).toBeCloseTo(113 + 70.4 * Math.log2(30) + 15000, 9);
    expect(barrierNs(hala, 32, 32)).toBe(113 + 16000);
  });

  it('stays within 14–16.5 µs from 2 to 32 chips', () => {
    for (const chips of [2, 4, 8, 16, 32]) {
      const ns = barrierNs(hala, chips * 120, chips);
      expect(ns).toBeGreaterThanOrEqual(14000);
      expect(ns).toBeLessThanOrEqual(16500);
    }
  });

  it('is about 18.6 µs (+ on-chip) for all 1,152 Hala Point chips', () => {
    expect(barrierNs(hala, 1152, 1152)).toBeCloseTo(113 + 13500 + 500 * Math.log2(1152), 9);
  });

  it('refuses impossible counts', () => {
    expect(() => barrierNs(loihi2, 1, 2)).toThrow(RangeError);
    expect(() => barrierNs(loihi2, 121, 1)).toThrow(RangeError);
    expect(() => barrierNs(kapoho, 1, 2)).toThrow(RangeError);
    expect(() => barrierNs(kapoho, 0, 1)).toThrow(RangeError);
    expect(() => barrierNs(tiny, 33, 4)).toThrow(RangeError);
  });
});
