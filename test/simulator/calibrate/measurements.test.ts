// The measurement file: a valid file parses (tokens/s and watts become µs and µJ per token); every malformed field is error 720 naming its path.
import { describe, expect, it } from 'vitest';
import { LoomError } from '../../../isa/diagnostics/index.ts';
import { parseMeasurements, readMeasurements } from '../../../simulator/calibrate/measurements.ts';

const GOOD = `
workloads:
  tiny-stack:
    source: test
    stack: { inputs: 16, layers: [{ name: a, outputs: 32, sparsity: 0.5 }] }
measurements:
  - { name: run, source: test, workload: tiny-stack, mode: pipelined, tokensPerS: 10000, watts: 2 }
knobs:
  synOpNs: { prior: 1, min: 0.5, max: 2, source: test }
`;

function code(text: string): { code: number; message: string; location?: string } {
  try {
    parseMeasurements(text, 'm.yaml');
  } catch (e) {
    if (e instanceof LoomError) return { code: e.code, message: e.message, location: e.location };
    throw e;
  }
  throw new Error('parsed');
}

describe('measurement files', () => {
  it('converts tokens/s to µs per token and watts to µJ per token', () => {
    const m = parseMeasurements(GOOD, 'm.yaml').measurements[0];
    expect(m.stepUs).toBeCloseTo(100, 9);
    expect(m.energyUj).toBeCloseTo(200, 9);
    expect(m.chips).toBe(1);
    expect(m.sigma).toBe(0.1);
  });

  it('the shipped public file parses: every run names its source and a workload', () => {
    const f = readMeasurements('bench/calibration/loihi2-public.yaml');
    expect(f.measurements.length).toBeGreaterThanOrEqual(4);
    for (const m of f.measurements) expect(m.source.length).toBeGreaterThan(10);
    expect(f.fixed.get('energy.staticWattsPerChip')?.value).toBe(0.282);
  });

  it.each([
    ['an unknown workload', GOOD.replace('workload: tiny-stack', 'workload: nope'), 'measurements[0].workload'],
    ['a bad mode', GOOD.replace('mode: pipelined', 'mode: pipeline'), 'measurements[0].mode'],
    ['both stepUs and tokensPerS', GOOD.replace('tokensPerS: 10000', 'tokensPerS: 10000, stepUs: 3'), 'measurements[0]'],
    ['a negative time', GOOD.replace('tokensPerS: 10000', 'tokensPerS: -1'), 'measurements[0].tokensPerS'],
    ['an unknown knob', GOOD.replace('synOpNs:', 'synapseNs:'), 'knobs.synapseNs'],
    ['prior outside its range', GOOD.replace('prior: 1, min: 0.5', 'prior: 9, min: 0.5'), 'knobs.synOpNs'],
    ['an unknown field', GOOD.replace('watts: 2', 'wats: 2'), 'measurements[0].wats'],
    ['no measurements', GOOD.replace(/measurements:\n.*\n/, 'measurements: []\n'), 'measurements'],
  ])('rejects %s with 720 at its path', (_, text, path) => {
    const e = code(text);
    expect(e.code).toBe(720);
    expect(e.location).toBe(path);
  });

  it('a bad layer stack is the workload error naming the field', () => {
    const e = code(GOOD.replace('sparsity: 0.5', 'sparsity: 1.5'));
    expect(e.code).toBe(160);
    expect(e.message).toContain('sparsity');
  });
});
