// `loom evaluate a b …`: score QGraphs (reference interpreter) and float checkpoints (tfjs) on the same held-out synthetic clips,
// with the standard error of each mean and of each model's paired difference to the first — the numbers to choose between runs by.
import { LoomError } from '../../isa/diagnostics/index.ts';
import { readFileBytes, writeFileAtomic } from '../../isa/files.ts';
import { formatTable } from '../../isa/format/table.ts';
import { modelFile } from '../bundled/index.ts';
import { featureBatch } from '../data/features.ts';
import { syntheticPairs, type Split } from '../data/synthetic-set.ts';
import { SAMPLE_RATE, samplesForFrames } from '../data/stft.ts';
import { readQGraphFile } from '../qgraph/format.ts';
import { QGRAPH_FORMAT } from '../qgraph/types.ts';
import { decodeSafetensors } from '../safetensors.ts';
import { CHECKPOINT_FORMAT } from '../s5/checkpoint.ts';
import { weightSparsity } from '../s5/prune.ts';
import { activationAlpha, loadTrainedCheckpoint } from '../train/checkpoint.ts';
import { improvement, meanAndStandardError, meanScore, qgraphClipScores, subsetScores, tensorModelClipScores, type ClipScores, type SubsetScore } from '../train/evaluate.ts';
import { disposeVars, varsFromNetwork } from '../train/params.ts';
import type { EvalScore } from '../train/progress.ts';
import { initTensors } from '../train/tensors.ts';

/** Which synthetic clips to score on. */
export interface EvaluationClips {
  readonly split: Extract<Split, 'validation' | 'test'>;
  readonly first: number;
  readonly count: number;
  /** Frames per clip (8 ms each). */
  readonly frames: number;
  readonly seed: number;
  /** Noisy RMS level range (dBFS). */
  readonly levelDb: readonly [number, number];
}

/** The recipes' data settings: clips 16… of the validation stream are past the 16 every training run validates on. */
export const DEFAULT_EVALUATION_CLIPS: EvaluationClips = { split: 'validation', first: 16, count: 128, frames: 250, seed: 0, levelDb: [-27, -23] };

export type ModelForm = 'fixed point' | 'float gelu' | 'float relu';

export interface ModelEvaluation {
  readonly model: string;
  readonly form: ModelForm;
  readonly width: number;
  readonly weightSparsity: number;
  readonly score: EvalScore;
  /** Standard error of the mean SI-SNRi over the clips. */
  readonly standardError: number;
  /** Mean and standard error of (this model − the first model) clip by clip; null for the first. */
  readonly versusFirst: { readonly mean: number; readonly standardError: number } | null;
  readonly bySubset: readonly SubsetScore[];
  readonly clipScores: ClipScores;
}

export interface EvaluateOptions {
  /** QGraph files, float checkpoints, or names of bundled models (their QGraphs). */
  readonly models: readonly string[];
  readonly clips?: Partial<EvaluationClips>;
  /** Also write the results as JSON here (atomically). */
  readonly json?: string;
  readonly onProgress?: (model: string, done: number, total: number) => void;
}

export interface EvaluateSummary {
  readonly clips: EvaluationClips;
  readonly models: readonly ModelEvaluation[];
  readonly text: string;
}

/** What a model file is, from its safetensors metadata. */
function modelKind(path: string): 'qgraph' | 'checkpoint' {
  const { metadata } = decodeSafetensors(readFileBytes(path), path);
  if (metadata.format === QGRAPH_FORMAT) return 'qgraph';
  if (metadata.format === CHECKPOINT_FORMAT) return 'checkpoint';
  throw new LoomError('evaluate-model-kind', { file: path, format: JSON.stringify(metadata.format ?? null) });
}

/** Scores of one model file on the clips' features. */
function scoreModel(path: string, kind: ReturnType<typeof modelKind>, batch: ReturnType<typeof featureBatch>, onProgress?: EvaluateOptions['onProgress']): Pick<ModelEvaluation, 'form' | 'width' | 'weightSparsity' | 'clipScores'> {
  if (kind === 'qgraph') {
    const graph = readQGraphFile(path);
    const clipScores = qgraphClipScores(graph, batch, (done, total) => onProgress?.(path, done, total));
    return { form: 'fixed point', width: graph.hyper.width, weightSparsity: graph.hyper.weightSparsity, clipScores };
  }
  const { net, activation } = loadTrainedCheckpoint(path);
  const vars = varsFromNetwork(net);
  try {
    onProgress?.(path, 0, batch.clips);
    const clipScores = tensorModelClipScores(vars, batch, { alpha: activationAlpha(activation) });
    onProgress?.(path, batch.clips, batch.clips);
    return { form: activation === 'gelu' ? 'float gelu' : 'float relu', width: net.hyper.width, weightSparsity: weightSparsity(net), clipScores };
  } finally {
    disposeVars(vars);
  }
}

function checkClips(c: EvaluationClips): void {
  const integer = (field: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min) throw new LoomError('evaluate-clips', { field, value: String(v), limit: `an integer ≥ ${min}` });
  };
  integer('first', c.first, 0);
  integer('clips', c.count, 1);
  integer('frames', c.frames, 1);
  integer('seed', c.seed, 0);
  if (!(c.levelDb[0] <= c.levelDb[1] && c.levelDb[1] <= 0)) throw new LoomError('evaluate-clips', { field: 'level', value: c.levelDb.join('..'), limit: 'min ≤ max ≤ 0 dBFS' });
}

/** Each path cut to its fewest trailing folders that still tell it apart from the others. */
export function shortNames(paths: readonly string[]): string[] {
  const parts = paths.map((p) => p.split('/').filter(Boolean));
  const cut = (i: number, n: number) => parts[i].slice(-n).join('/');
  return paths.map((_, i) => {
    for (let n = 1; n < parts[i].length; n++) {
      const name = cut(i, n);
      if (paths.every((q, j) => j === i || q === paths[i] || cut(j, n) !== name)) return name;
    }
    return paths[i];
  });
}

const signed = (v: number): string => `${v >= 0 ? '+' : ''}${v.toFixed(2)}`;

export function formatEvaluation(clips: EvaluationClips, models: readonly ModelEvaluation[]): string {
  const last = clips.first + clips.count - 1;
  const head = `${clips.count} clips of the synthetic ${clips.split} stream (clips ${clips.first}–${last}, seed ${clips.seed}, ${clips.frames} frames = ${(samplesForFrames(clips.frames) / SAMPLE_RATE).toFixed(1)} s each, ${clips.levelDb[0]}…${clips.levelDb[1]} dBFS)`;
  const names = shortNames(models.map((m) => m.model));
  const table = formatTable(
    ['model', 'form', 'width', 'sparsity', 'noisy SI-SNR', 'SI-SNR', 'SI-SNRi ± se', 'vs first ± se (paired)'],
    models.map((m, i) => [
      names[i],
      m.form,
      String(m.width),
      `${(m.weightSparsity * 100).toFixed(1)} %`,
      `${m.score.inputSiSnr.toFixed(2)} dB`,
      `${m.score.siSnr.toFixed(2)} dB`,
      `${signed(m.score.siSnri)} ± ${m.standardError.toFixed(2)} dB`,
      m.versusFirst ? `${signed(m.versusFirst.mean)} ± ${m.versusFirst.standardError.toFixed(2)} dB` : '—',
    ]),
  );
  const subsets = models[0]?.bySubset ?? [];
  const bySubset = formatTable(
    ['noise / input SNR', 'clips', 'noisy SI-SNR', ...models.map((_, i) => `SI-SNRi #${i + 1}`)],
    subsets.map((s, row) => [s.subset, String(s.clips), `${s.noisySiSnr.toFixed(2)} dB`, ...models.map((m) => `${signed(m.bySubset[row].siSnri)} dB`)]),
  );
  return [head, '', table, '', 'by noise kind and input SNR (#n = the n-th model above):', bySubset].join('\n');
}

export async function evaluateCommand(o: EvaluateOptions): Promise<EvaluateSummary> {
  if (o.models.length === 0) throw new LoomError('evaluate-clips', { field: 'models', value: 'none', limit: 'at least one QGraph or float checkpoint' });
  const clips: EvaluationClips = { ...DEFAULT_EVALUATION_CLIPS, ...o.clips };
  checkClips(clips);
  const paths = o.models.map(modelFile);
  const kinds = paths.map(modelKind); // refuse a wrong file before minutes of scoring
  await initTensors();
  const pairs = syntheticPairs({ seed: clips.seed, frames: clips.frames, levelDb: clips.levelDb }, clips.split, clips.first, clips.count);
  const batch = featureBatch(pairs, clips.frames);
  const scored = paths.map((path, i) => ({ path, ...scoreModel(path, kinds[i], batch, o.onProgress) }));
  const gains = scored.map((s) => improvement(s.clipScores));
  const models: ModelEvaluation[] = scored.map((s, i) => ({
    model: s.path,
    form: s.form,
    width: s.width,
    weightSparsity: s.weightSparsity,
    score: meanScore(s.clipScores),
    standardError: meanAndStandardError(gains[i]).standardError,
    versusFirst: i === 0 ? null : meanAndStandardError(gains[i].map((g, c) => g - gains[0][c])),
    bySubset: subsetScores(pairs, s.clipScores),
    clipScores: s.clipScores,
  }));
  if (o.json) {
    const perClip = (m: ModelEvaluation) => ({ ...m, clipScores: { siSnr: [...m.clipScores.siSnr], inputSiSnr: [...m.clipScores.inputSiSnr] } });
    writeFileAtomic(o.json, `${JSON.stringify({ clips, models: models.map(perClip) }, null, 2)}\n`);
  }
  return { clips, models, text: formatEvaluation(clips, models) };
}
