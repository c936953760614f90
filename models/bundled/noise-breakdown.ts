// Where a trained bundled model gains and where it does not: held-out SI-SNRi by noise kind and by input SNR, for the dense float model and the deployed fixed-point one (`npx tsx models/bundled/noise-breakdown.ts`).
import { loadCompressRecipe } from '../compress/recipe.ts';
import { featureBatch } from '../data/features.ts';
import { syntheticPairs } from '../data/synthetic-set.ts';
import { formatTable } from '../../isa/format/table.ts';
import { readQGraphFile } from '../qgraph/format.ts';
import { activationAlpha, loadTrainedCheckpoint } from '../train/checkpoint.ts';
import { meanScore, qgraphClipScores, subsetScores, tensorModelClipScores, type ClipScores, type SubsetScore } from '../train/evaluate.ts';
import { disposeVars, varsFromNetwork } from '../train/params.ts';
import { initTensors } from '../train/tensors.ts';
import { TRAINED_MODELS, type TrainedModel } from './index.ts';

export interface BreakdownRow {
  /** "all", a noise kind, or an input-SNR range such as "-5..3 dB". */
  readonly subset: string;
  readonly clips: number;
  readonly noisySiSnr: number;
  readonly denseSiSnri: number;
  readonly fixedSiSnri: number;
}

/** The recipe's held-out test clips, all of them and then split by noise kind and by mixing SNR; call after initTensors(). */
export function noiseBreakdown(m: TrainedModel): BreakdownRow[] {
  const d = loadCompressRecipe(m.compressRecipe).data;
  const pairs = syntheticPairs({ seed: d.seed, frames: d.evalFrames, levelDb: [d.levelMinDb, d.levelMaxDb] }, 'test', 0, d.testClips);
  const batch = featureBatch(pairs, d.evalFrames);
  const dense = loadTrainedCheckpoint(m.denseCheckpoint);
  const vars = varsFromNetwork(dense.net);
  try {
    const denseClips = tensorModelClipScores(vars, batch, { alpha: activationAlpha(dense.activation) });
    const fixedClips = qgraphClipScores(readQGraphFile(m.file), batch);
    const all = (s: ClipScores): SubsetScore => {
      const mean = meanScore(s);
      return { subset: 'all', clips: mean.clips, noisySiSnr: mean.inputSiSnr, siSnri: mean.siSnri };
    };
    const denseRows = [all(denseClips), ...subsetScores(pairs, denseClips)];
    const fixedRows = [all(fixedClips), ...subsetScores(pairs, fixedClips)];
    return denseRows.map((r, i) => ({ subset: r.subset, clips: r.clips, noisySiSnr: r.noisySiSnr, denseSiSnri: r.siSnri, fixedSiSnri: fixedRows[i].siSnri }));
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
