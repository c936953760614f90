// Calibration check: re-fit the loihi2 preset's costs to bench/calibration/loihi2-public.yaml and write predicted vs measured for every run (bench/results/calibration.md); the fitted spec goes to a temporary file, not over the preset.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calibrateCommand } from '../simulator/calibrate/command.ts';
import { machine, writeResults } from './results-io.ts';

const dir = mkdtempSync(join(tmpdir(), 'loom-calibration-'));
const md = join(dir, 'calibration.md');
const { fit, text } = calibrateCommand({ measurements: 'bench/calibration/loihi2-public.yaml', chip: 'loihi2', out: join(dir, 'fitted.yaml'), markdown: md, rounds: 2 });
console.log(text);
const { readFileSync } = await import('node:fs');
writeResults(
  'calibration',
  { machine: machine(), medianError: fit.medianError, worstRatio: fit.worstRatio, rows: fit.rows.map((r) => ({ run: r.measurement.name, measuredUs: r.measurement.stepUs, predictedUs: r.predictedUs, measuredUj: r.measurement.energyUj ?? null, predictedUj: r.predictedUj ?? null })), knobs: fit.knobs.map((k) => ({ knob: k.knob.name, value: k.value, prior: k.prior, min: k.min, max: k.max })) },
  `# Calibration: loihi2 against public Loihi 2 measurements\n\n${readFileSync(md, 'utf8')}`,
);
rmSync(dir, { recursive: true, force: true });
