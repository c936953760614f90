// loom calibrate end to end on a QGraph workload: runs "measured" by Loom itself with known costs are fitted back — with wide priors (the fit trusts no single row past its 30 % model error) and a dense model whose step the synaptic ops bound, the fitted costs move most of the way to the truth and the predictions match the measurements.
import { describe, expect, it } from 'vitest';
import { loadChipSpec } from '../../../isa/chip/load.ts';
import { calibrate } from '../../../simulator/calibrate/calibrate.ts';
import { KNOBS } from '../../../simulator/calibrate/knobs.ts';
import { parseMeasurements } from '../../../simulator/calibrate/measurements.ts';
import { buildWorkload, predictEnergyPj, runMeasurement } from '../../../simulator/calibrate/runs.ts';

const knob = (name: string) => KNOBS.find((k) => k.name === name)!;

function file(stepUs: number, energyUj: number): string {
  return `
workloads:
  small:
    source: bundled width-0.5 dense model
    qgraph: s5-w0.5-dense
measurements:
  - { name: pipelined, source: Loom with known costs, workload: small, mode: pipelined, stepUs: ${stepUs}, energyUjPerToken: ${energyUj} }
knobs:
  synOpNs: { prior: 1, min: 0.01, max: 100, source: test }
  activeWattsPerChip: { prior: 0.1, min: 0.001, max: 100, source: test }
`;
}

describe('calibrate recovers costs Loom itself measured', () => {
  const base = loadChipSpec('loihi2');
  const truth = knob('activeWattsPerChip').write(knob('synOpNs').write(base, 4), 2);
  const probe = parseMeasurements(file(1, 1), 'probe.yaml');
  const run = runMeasurement(probe.measurements[0], buildWorkload(probe.workloads.get('small')!), truth);
  const measuredUs = run.simulatedNs / 1e3;
  const measuredUj = predictEnergyPj(run, truth, run.simulatedNs) / 1e6;
  const fit = calibrate(parseMeasurements(file(measuredUs, measuredUj), 'recover.yaml'), base, 2);

  it('moves each cost at least two thirds of the way (in log) from its prior to the truth', () => {
    for (const [name, prior, actual] of [['synOpNs', 1, 4], ['activeWattsPerChip', 0.1, 2]] as const) {
      const value = fit.knobs.find((k) => k.knob.name === name)!.value;
      expect(Math.abs(Math.log(value / actual)), name).toBeLessThan(Math.abs(Math.log(prior / actual)) / 3);
    }
  });

  it('predicts the measured time and energy within 15 %', () => {
    const row = fit.rows[0];
    expect(Math.abs(row.timeRatio - 1)).toBeLessThan(0.15);
    expect(Math.abs(row.energyRatio! - 1)).toBeLessThan(0.15);
  });
}, 120_000);
