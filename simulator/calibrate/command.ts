// `loom calibrate <measurements.yaml> --chip <base> -o <fitted.yaml>` as a function: fit, print the fitted table and predicted vs measured per run, write the fitted chip spec (and optionally the tables as Markdown).
import { chipSpecSource, loadChipSpec } from '../../isa/chip/load.ts';
import { writeFileAtomic } from '../../isa/files.ts';
import { formatTable, markdownTable, type Cell } from '../../isa/format/table.ts';
import { calibrate, type Calibration, type CalibrationProgress } from './calibrate.ts';
import { readMeasurements } from './measurements.ts';
import { fittedSpecYaml, roundCost } from './write.ts';

export interface CalibrateOptions {
  readonly measurements: string;
  readonly chip: string;
  readonly out: string;
  /** Name of the fitted spec (default: the base spec's). */
  readonly name?: string;
  /** Compile–simulate–fit rounds (default 3). */
  readonly rounds?: number;
  /** Also write the two tables as Markdown here. */
  readonly markdown?: string;
  readonly onProgress?: CalibrationProgress;
}

const pct = (ratio: number) => `${ratio >= 1 ? '+' : '−'}${Math.abs(100 * (ratio - 1)).toFixed(0)} %`;

/** Rows of the fitted-cost table. */
export function knobRows(fit: Calibration): Cell[][] {
  return fit.knobs.map((k) => {
    const v = roundCost(k.value);
    const atBound = v <= k.min * 1.001 ? ' (at min)' : v >= k.max * 0.999 ? ' (at max)' : '';
    const moved = Math.abs(Math.log(v / k.prior)) < 0.02 ? 'prior (data do not move it)' : `fitted${atBound}`;
    return [k.knob.name, k.knob.meaning, `${v} ${k.knob.unit}`, `${k.prior} (${k.min}–${k.max})`, moved];
  });
}

/** Rows of predicted vs measured. */
export function runRows(fit: Calibration): Cell[][] {
  return fit.rows.map((r) => {
    const m = r.measurement;
    const energy = m.energyUj === undefined ? ['—', '—', '—'] : [Number(m.energyUj.toPrecision(4)), Number(r.predictedUj!.toPrecision(4)), pct(r.energyRatio!)];
    return [m.name, m.mode, m.chips, r.cores, Number(m.stepUs.toPrecision(4)), Number(r.predictedUs.toPrecision(4)), pct(r.timeRatio), ...energy];
  });
}

const KNOB_HEADER = ['knob', 'what', 'value', 'prior (range)', 'status'];
const RUN_HEADER = ['run', 'mode', 'chips', 'cores (one copy)', 'measured µs/token', 'predicted µs/token', 'error', 'measured µJ/token', 'predicted µJ/token', 'error'];

function summary(fit: Calibration): string {
  return `median error ${(100 * fit.medianError).toFixed(0)} % over ${fit.rows.length} runs' times and energies; worst ${fit.worstRatio.toFixed(2)} × (${fit.rounds} compile–simulate–fit rounds)`;
}

export function calibrationMarkdown(fit: Calibration, measurements: string, base: string): string {
  return [
    `Fitted by \`loom calibrate ${measurements} --chip ${base}\`. Predictions are Loom's: one copy of each workload compiled for the run's mode and simulated to steady state with the fitted costs; runs on several chips compose one simulated copy per chip (simulator/calibrate/runs.ts).`,
    '',
    markdownTable(RUN_HEADER, runRows(fit)),
    '',
    summary(fit),
    '',
    markdownTable(KNOB_HEADER, knobRows(fit)),
  ].join('\n');
}

export function calibrateCommand(o: CalibrateOptions): { fit: Calibration; text: string } {
  const file = readMeasurements(o.measurements);
  const base = loadChipSpec(o.chip);
  const source = chipSpecSource(o.chip);
  const fit = calibrate(file, base, o.rounds ?? 3, o.onProgress);
  writeFileAtomic(o.out, fittedSpecYaml(source.text, fit, file, o.measurements, o.name));
  if (o.markdown) writeFileAtomic(o.markdown, `${calibrationMarkdown(fit, o.measurements, o.chip)}\n`);
  const text = [
    `fitted costs (base ${base.name}; ${file.measurements.length} runs from ${o.measurements}):`,
    formatTable(KNOB_HEADER, knobRows(fit)),
    '',
    'predicted vs measured (per token; error = predicted ÷ measured − 1):',
    formatTable(RUN_HEADER, runRows(fit)),
    summary(fit),
    '',
    `wrote ${o.out}${o.markdown ? ` and ${o.markdown}` : ''}`,
  ].join('\n');
  return { fit, text };
}
