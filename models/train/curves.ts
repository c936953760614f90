// Training curves as a picture: validation SI-SNRi and training loss per epoch, one coloured series per phase (train, or relufy → prune → finetune → qat).
import { writeFileAtomic } from '../../isa/files.ts';
import { linePlots, type LineSeries } from '../../isa/format/svg/lines.ts';
import type { EpochRecord } from './trainer.ts';

/** Where a run's curves go: beside its checkpoint, `x.safetensors` → `x.curves.svg`. */
export function curvesPath(checkpoint: string): string {
  return `${checkpoint.replace(/\.safetensors$/, '')}.curves.svg`;
}

/**
 * One series per phase of (step, value) at the end of each epoch. Each phase's series starts at the last
 * epoch before it, so the lines join up where the recipe switches phase.
 */
export function phaseSeries(history: readonly EpochRecord[], value: (h: EpochRecord) => number): LineSeries[] {
  const phases = [...new Set(history.map((h) => h.phase))];
  return phases.map((phase) => {
    const first = history.findIndex((h) => h.phase === phase);
    const epochs = history.filter((h, i) => h.phase === phase || (first > 0 && i === first - 1));
    return { name: phase, points: epochs.map((h) => [h.step, value(h)] as const) };
  });
}

/** A standalone SVG of the epochs in `history`: validation SI-SNRi and training loss, by phase. */
export function trainingCurvesSvg(title: string, history: readonly EpochRecord[]): string {
  const series = (value: (h: EpochRecord) => number) => phaseSeries(history, value);
  const markers = history.length <= 40; // past that the dots hide the line
  return linePlots(
    title,
    [
      { title: `${title}: validation SI-SNRi (${history[0]?.validation.clips ?? 0} clips)`, xLabel: 'step', yLabel: 'dB', series: series((h) => h.validation.siSnri), markers },
      { title: 'training loss, mean over the epoch', xLabel: 'step', yLabel: '0.001·MSE + 100 − SI-SNR', series: series((h) => h.trainLoss), markers },
    ],
    { standalone: true },
  );
}

/** Draw a run's curves beside its checkpoint (atomically); returns the SVG's path. */
export function writeTrainingCurves(checkpoint: string, title: string, history: readonly EpochRecord[]): string {
  const path = curvesPath(checkpoint);
  writeFileAtomic(path, trainingCurvesSvg(title, history));
  return path;
}
