// `loom compress --recipe r.yaml`: ReLUfy, prune to the target sparsity, train at W8A16 against the exporter's integers, export the QGraph, and report every stage's SI-SNR.
import { formatTable, percent } from '../../isa/format/table.ts';
import { writeQGraphFile } from '../qgraph/format.ts';
import type { QGraph } from '../qgraph/types.ts';
import { weightSparsity } from '../s5/prune.ts';
import { CompressionPlan } from '../compress/plan.ts';
import { ioSplit, MAX_BLOCK_SPARSITY, prunableVars } from '../compress/masks.ts';
import { LoomError } from '../../isa/diagnostics/index.ts';
import { disposeSpec, qatView } from '../compress/qat.ts';
import { compressRecipeFingerprint, loadCompressRecipe, type CompressRecipe } from '../compress/recipe.ts';
import { activationAlpha, loadTrainedCheckpoint, saveTrainedCheckpoint, type Activation } from '../train/checkpoint.ts';
import { trainData } from '../train/data.ts';
import { writeTrainingCurves } from '../train/curves.ts';
import { evaluateQGraph, evaluateTensorModel } from '../train/evaluate.ts';
import { disposeVars, networkFromVars, varsFromNetwork, type ModelVars } from '../train/params.ts';
import type { FeatureBatch } from '../data/features.ts';
import type { EvalScore, ProgressHook } from '../train/progress.ts';
import { Trainer, type EpochRecord } from '../train/trainer.ts';
import { initTensors } from '../train/tensors.ts';

export interface CompressCommandOptions {
  readonly recipe: string;
  readonly resume?: boolean;
  readonly onProgress?: ProgressHook;
}

/** Held-out SI-SNR at each stage of the recipe. */
export interface CompressionScores {
  readonly noisy: number;
  readonly dense: EvalScore;
  /** The float 90 %-sparse ReLU model (before QAT; after training when QAT is off). */
  readonly sparse: EvalScore;
  /** The QAT float model (fake quantization with the exported integers); null without QAT. */
  readonly qat: EvalScore | null;
  /** The exported QGraph through the reference interpreter. */
  readonly fixed: EvalScore;
}

export interface CompressSummary {
  readonly recipe: CompressRecipe;
  readonly sourceActivation: Activation;
  readonly checkpoint: string;
  readonly qgraph: string;
  /** The run's curves (SVG) beside the checkpoint. */
  readonly curves: string;
  readonly graph: QGraph;
  readonly weightSparsity: number;
  readonly scores: CompressionScores;
  readonly history: readonly EpochRecord[];
  readonly steps: number;
  readonly seconds: number;
  readonly text: string;
}

export async function compressCommand(options: CompressCommandOptions): Promise<CompressSummary> {
  const recipe = loadCompressRecipe(options.recipe);
  await initTensors();
  const emit = options.onProgress ?? (() => {});
  const loaded = loadTrainedCheckpoint(recipe.source.checkpoint);
  const eps = recipe.source.batchNormEps;
  const source = eps > 0 ? { ...loaded, net: { ...loaded.net, hyper: { ...loaded.net.hyper, batchNormEps: eps } } } : loaded;
  const vars = varsFromNetwork(source.net);
  checkIoSparsity(recipe, vars);
  const data = trainData(recipe.data);
  const test = data.test();
  emit({ kind: 'status', message: `scoring the dense source on ${test.clips} held-out clips` });
  const denseVars = source === loaded ? vars : varsFromNetwork(loaded.net);
  const dense = evaluateTensorModel(denseVars, test, { alpha: activationAlpha(source.activation) });
  if (denseVars !== vars) disposeVars(denseVars);
  const calibrationFrames = data.calibrationFrames(recipe.qat.calibrationClips);
  const inputLevelDb = (recipe.data.levelMinDb + recipe.data.levelMaxDb) / 2;
  const plan: CompressionPlan = new CompressionPlan({
    vars,
    recipe,
    sourceActivation: source.activation,
    calibrationFrames,
    inputLevelDb,
    beforeQat: (masks) => {
      emit({ kind: 'status', message: 'scoring the float sparse ReLU model before QAT' });
      return evaluateTensorModel(vars, test, { alpha: 1, masks });
    },
  });
  const trainer = new Trainer({
    vars,
    data,
    schedule: recipe.train,
    optimizer: recipe.optimizer,
    runDir: recipe.output.dir,
    recipeJson: compressRecipeFingerprint(recipe),
    hooks: plan,
    onProgress: options.onProgress,
  });
  const t0 = performance.now();
  if (options.resume && !trainer.resume()) emit({ kind: 'status', message: `no training state in ${recipe.output.dir}; starting from step 0` });
  trainer.run();
  const seconds = (performance.now() - t0) / 1e3;
  const result = finish({ recipe, vars, plan, trainer, test, calibrationFrames, inputLevelDb, dense, emit });
  const curves = writeTrainingCurves(recipe.output.checkpoint, 'loom compress', trainer.history);
  trainer.optimizer.dispose();
  const summary = { recipe, sourceActivation: source.activation, checkpoint: recipe.output.checkpoint, qgraph: recipe.output.qgraph, curves, ...result, history: trainer.history, steps: trainer.step, seconds };
  return { ...summary, text: formatCompressSummary(summary) };
}

interface FinishContext {
  readonly recipe: CompressRecipe;
  readonly vars: ModelVars;
  readonly plan: CompressionPlan;
  readonly trainer: Trainer;
  readonly test: FeatureBatch;
  readonly calibrationFrames: readonly Float64Array[];
  readonly inputLevelDb: number;
  readonly dense: EvalScore;
  readonly emit: ProgressHook;
}

/** An encoder/decoder sparsity the block matrices cannot balance is a recipe error, found before any training. */
function checkIoSparsity(recipe: CompressRecipe, vars: ModelVars): void {
  const p = recipe.prune;
  if (p.ioSparsity < 0 || p.target <= 0) return;
  const { blocks } = ioSplit(prunableVars(vars), p.target, p.target, p.ioSparsity);
  if (blocks >= 0 && blocks <= MAX_BLOCK_SPARSITY) return;
  disposeVars(vars);
  const detail = `${p.ioSparsity} leaves the S5 block matrices at sparsity ${blocks.toFixed(3)} (allowed 0 … ${MAX_BLOCK_SPARSITY}) for an overall ${p.target} on this model; move it closer to prune.target`;
  throw new LoomError('recipe-field', { file: recipe.file, field: 'prune.ioSparsity', detail });
}

/** Export the final weights, score every stage on the test clips, write the checkpoint and the QGraph. */
function finish(c: FinishContext): Pick<CompressSummary, 'graph' | 'weightSparsity' | 'scores'> {
  const { recipe, vars, plan, test } = c;
  const net = networkFromVars(vars);
  const masks = plan.plan(c.trainer.step - 1).masks;
  const sparse = plan.snapshot ?? evaluateTensorModel(vars, test, { alpha: 1, masks });
  c.emit({ kind: 'status', message: 'exporting and scoring the fixed-point model' });
  const view = qatView(net, { calibrationFrames: c.calibrationFrames, headroomBits: recipe.qat.headroomBits, inputLevelDb: c.inputLevelDb });
  const qat = recipe.qat.enabled ? evaluateTensorModel(vars, test, { alpha: 1, masks, quant: view.spec }) : null;
  const fixed = evaluateQGraph(view.export.graph, test);
  saveTrainedCheckpoint(recipe.output.checkpoint, net, 'relu', { recipe: recipe.file.split('/').pop() ?? '', steps: String(c.trainer.step) });
  writeQGraphFile(recipe.output.qgraph, view.export.graph);
  disposeSpec(view.spec);
  plan.dispose();
  disposeVars(vars);
  const scores: CompressionScores = { noisy: c.dense.inputSiSnr, dense: c.dense, sparse, qat, fixed };
  return { graph: view.export.graph, weightSparsity: weightSparsity(net), scores };
}

export function formatCompressSummary(s: Omit<CompressSummary, 'text'>): string {
  const sc = s.scores;
  const row = (label: string, e: EvalScore | null, how: string) => [label, e ? e.siSnr : '—', e ? e.siSnri : '—', how];
  const rows = [
    ['noisy input', sc.noisy, 0, '—'],
    row(`dense (${s.sourceActivation})`, sc.dense, 'float, tfjs'),
    row(`${percent(s.recipe.prune.target, 0)} sparse, ReLU`, sc.sparse, 'float, tfjs'),
    row('QAT W8A16', sc.qat, 'fake-quantized, tfjs'),
    row('fixed point (QGraph)', sc.fixed, 'reference interpreter'),
  ];
  const history = s.history.map((h) => [h.epoch, h.phase, h.step, h.trainLoss, h.validation.siSnr, h.validation.siSnri, Math.round(h.framesPerSecond)]);
  return [
    formatTable(['epoch', 'phase', 'step', 'train loss', 'val SI-SNR', 'val SI-SNRi', 'frames/s'], history),
    '',
    `held-out test, ${sc.dense.clips} clips:`,
    formatTable(['model', 'SI-SNR (dB)', 'SI-SNRi (dB)', 'run by'], rows),
    '',
    `wrote ${s.checkpoint} and ${s.qgraph} · weight sparsity ${percent(s.weightSparsity)} · ${s.steps} steps · ${s.seconds.toFixed(0)} s`,
    `curves: ${s.curves}`,
  ].join('\n');
}
