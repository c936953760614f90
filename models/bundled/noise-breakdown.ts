// Where a trained bundled model gains and where it does not: held-out SI-SNRi by noise kind and by input SNR, for the dense float model and the deployed fixed-point one (`npx tsx models/bundled/noise-breakdown.ts`).
import { loadCompressRecipe } from '../compress/recipe.ts';
import { featureBatch } from '../data/features.ts';
import { NOISE_KINDS } from '../data/noise.ts';
import { syntheticPairs, type AudioPair } from '../data/synthetic-set.ts';
import { formatTable } from '../../isa/format/table.ts';
import { readQGraphFile } from '../qgraph/format.ts';
import { activationAlpha, loadTrainedCheckpoint } from '../train/checkpoint.ts';
import { evaluateQGraph, evaluateTensorModel } from '../train/evaluate.ts';
import { disposeVars, varsFromNetwork } from '../train/params.ts';
import { initTensors } from '../train/tensors.ts';
import { TRAINED_MODELS, type TrainedModel } from './index.ts';

export interface BreakdownRow {
  /** A noise kind, or an input-SNR range such as "-5..3 dB". */
  readonly subset: string;
  readonly clips: number;
  readonly noisySiSnr: number;
  readonly denseSiSnri: number;
  readonly fixedSiSnri: number;
}

const SNR_BANDS: readonly [number, number][] = [
  [-5, 3],
  [3, 12],
  [12, 20],
];

/** The recipe's held-out test clips, split by noise kind and by mixing SNR; call after initTensors(). */
export function noiseBreakdown(m: TrainedModel): BreakdownRow[] {
  const d = loadCompressRecipe(m.compressRecipe).data;
  const pairs = syntheticPairs({ seed: d.seed, frames: d.evalFrames, levelDb: [d.levelMinDb, d.levelMaxDb] }, 'test', 0, d.testClips);
  const dense = loadTrainedCheckpoint(m.denseCheckpoint);
  const vars = varsFromNetwork(dense.net);
  const graph = readQGraphFile(m.file);
  const row = (subset: string, clips: readonly AudioPair[]): BreakdownRow => {
    const batch = featureBatch(clips, d.evalFrames);
    const denseScore = evaluateTensorModel(vars, batch, { alpha: activationAlpha(dense.activation) });
    const fixed = evaluateQGraph(graph, batch);
    return { subset, clips: clips.length, noisySiSnr: fixed.inputSiSnr, denseSiSnri: denseScore.siSnri, fixedSiSnri: fixed.siSnri };
  };
  try {
    return [
      ...NOISE_KINDS.map((kind) => row(kind, pairs.filter((p) => p.noise === kind))),
      ...SNR_BANDS.map(([lo, hi]) => row(`${lo}..${hi} dB`, pairs.filter((p) => p.snrDb >= lo && p.snrDb < hi))),
    ].filter((r) => r.clips > 0);
  } finally {
    disposeVars(vars);
  }
}

export function formatBreakdown(rows: readonly BreakdownRow[]): string {
  const db = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(2)}`;
  return formatTable(
    ['noise / input SNR', 'clips', 'noisy SI-SNR (dB)', 'dense SI-SNRi (dB)', 'fixed point SI-SNRi (dB)'],
    rows.map((r) => [r.subset, String(r.clips), r.noisySiSnr.toFixed(2), db(r.denseSiSnri), db(r.fixedSiSnri)]),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await initTensors();
  for (const m of TRAINED_MODELS) console.log(`${m.name}\n${formatBreakdown(noiseBreakdown(m))}`);
}
