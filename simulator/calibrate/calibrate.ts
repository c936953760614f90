// `loom calibrate`: fit a chip spec's per-action costs to measured runs — compile and simulate every workload, fit time knobs to the measured step times and energy knobs to the measured energies (robust, in log space, within plausible ranges), repeat with the fitted costs, and report predicted vs measured.
//
// Rounds: the mapping and the simulation depend on the costs (the split pass maps for speed with the
// chip's own cost table), so each round recompiles and re-simulates with the last round's fit. Within
// a round, the compiler's speed model re-prices each run under trial costs, scaled to agree with the
// simulation at the costs it ran with (simulator/calibrate/runs.ts); the final table is re-simulated.
import type { ChipSpec } from '../../isa/chip/schema.ts';
import { robustLogFit, type FitRow } from './fit.ts';
import { FIXABLE_FIELDS, KNOBS, type Knob, type KnobKind } from './knobs.ts';
import type { Measurement, MeasurementFile } from './measurements.ts';
import { buildWorkload, predictEnergyPj, predictTimeNs, runMeasurement, type BuiltWorkload, type CalibrationRun } from './runs.ts';

export interface FittedKnob {
  readonly knob: Knob;
  readonly prior: number;
  readonly min: number;
  readonly max: number;
  readonly value: number;
  readonly source: string;
}

export interface CalibrationRow {
  readonly measurement: Measurement;
  readonly cores: number;
  readonly predictedUs: number;
  readonly predictedUj?: number;
  /** Predicted ÷ measured. */
  readonly timeRatio: number;
  readonly energyRatio?: number;
}

export interface Calibration {
  readonly spec: ChipSpec;
  readonly knobs: readonly FittedKnob[];
  readonly rows: readonly CalibrationRow[];
  /** Median |predicted / measured − 1| over every measured figure (times and energies), and the worst ratio either way. */
  readonly medianError: number;
  readonly worstRatio: number;
  readonly rounds: number;
}

export type CalibrationProgress = (stage: string, done: number, total: number) => void;

function applyKnobs(spec: ChipSpec, knobs: readonly Knob[], values: readonly number[]): ChipSpec {
  return knobs.reduce((s, k, i) => k.write(s, values[i]), spec);
}

/** Runs of every measurement at `spec`; measurements sharing a workload and mode share one compile and simulation. */
function runAll(file: MeasurementFile, built: ReadonlyMap<string, BuiltWorkload>, spec: ChipSpec, progress: CalibrationProgress | undefined, stage: string): CalibrationRun[] {
  const cache = new Map<string, CalibrationRun>();
  return file.measurements.map((m, i) => {
    progress?.(stage, i, file.measurements.length);
    const key = `${m.workload}|${m.mode}`;
    if (!cache.has(key)) cache.set(key, runMeasurement(m, built.get(m.workload)!, spec));
    return { ...cache.get(key)!, measurement: m };
  });
}

function fitKind(kind: KnobKind, file: MeasurementFile, spec: ChipSpec, runs: readonly CalibrationRun[]): ChipSpec {
  const knobs = KNOBS.filter((k) => k.kind === kind && file.knobs.has(k.name));
  if (knobs.length === 0) return spec;
  const params = knobs.map((k) => ({ name: k.name, ...file.knobs.get(k.name)! }));
  const used = kind === 'time' ? runs : runs.filter((r) => r.measurement.energyUj !== undefined);
  if (used.length === 0) return spec;
  const rows: FitRow[] = used.map((r) => ({ name: r.measurement.name, measured: kind === 'time' ? r.measurement.stepUs * 1e3 : r.measurement.energyUj! * 1e6, sigma: r.measurement.sigma }));
  const times = used.map((r) => predictTimeNs(r, spec));
  const predict = (values: readonly number[]) => {
    const trial = applyKnobs(spec, knobs, values);
    return used.map((r, i) => (kind === 'time' ? predictTimeNs(r, trial) : predictEnergyPj(r, trial, times[i])));
  };
  return applyKnobs(spec, knobs, robustLogFit(params, rows, predict).values);
}

/** Fit `base`'s costs to the measurements (pinned fields first). */
export function calibrate(file: MeasurementFile, base: ChipSpec, rounds = 3, progress?: CalibrationProgress): Calibration {
  let spec = [...file.fixed].reduce((s, [field, f]) => FIXABLE_FIELDS[field](s, f.value), base);
  const built = new Map([...file.workloads].map(([name, w], i) => (progress?.('building workloads', i, file.workloads.size), [name, buildWorkload(w)])));
  for (let round = 0; round < rounds; round++) {
    const runs = runAll(file, built, spec, progress, `round ${round + 1} of ${rounds}: compiling and simulating`);
    spec = fitKind('time', file, spec, runs);
    spec = fitKind('energy', file, spec, runs);
  }
  const runs = runAll(file, built, spec, progress, 'checking the fit: compiling and simulating');
  const rows = runs.map((r) => {
    const t = predictTimeNs(r, spec);
    const m = r.measurement;
    const e = m.energyUj === undefined ? undefined : predictEnergyPj(r, spec, t) / 1e6;
    return { measurement: m, cores: r.coresUsed, predictedUs: t / 1e3, predictedUj: e, timeRatio: t / 1e3 / m.stepUs, energyRatio: e === undefined ? undefined : e / m.energyUj! };
  });
  const ratios = rows.flatMap((r) => (r.energyRatio === undefined ? [r.timeRatio] : [r.timeRatio, r.energyRatio]));
  const errors = ratios.map((x) => Math.abs(x - 1)).sort((a, b) => a - b);
  const mid = errors.length >> 1;
  const medianError = errors.length % 2 ? errors[mid] : (errors[mid - 1] + errors[mid]) / 2;
  const knobs = KNOBS.filter((k) => file.knobs.has(k.name)).map((k) => ({ knob: k, ...file.knobs.get(k.name)!, value: k.read(spec) }));
  return { spec, knobs, rows, medianError, worstRatio: Math.max(...ratios.map((x) => Math.max(x, 1 / x))), rounds };
}
