// `loom train --recipe r.yaml`: train the float S5 denoiser (AdamW, S5 parameter groups, seeded, resumable) and report held-out SI-SNR.
import { formatTable } from '../../isa/format/table.ts';
import { createS5Network } from '../s5/init.ts';
import { activationAlpha, saveTrainedCheckpoint, type Activation } from '../train/checkpoint.ts';
import { trainData } from '../train/data.ts';
import { writeTrainingCurves } from '../train/curves.ts';
import { evaluateTensorModel } from '../train/evaluate.ts';
import { networkFromVars, varsFromNetwork, disposeVars } from '../train/params.ts';
import type { EvalScore, ProgressHook } from '../train/progress.ts';
import { loadTrainRecipe, trainRecipeFingerprint, type TrainRecipe } from '../train/recipe.ts';
import { Trainer, type EpochRecord } from '../train/trainer.ts';
import { initTensors } from '../train/tensors.ts';

export interface TrainCommandOptions {
  readonly recipe: string;
  /** Continue from the run folder's state (written after every epoch). */
  readonly resume?: boolean;
  readonly onProgress?: ProgressHook;
}

export interface TrainSummary {
  readonly recipe: TrainRecipe;
  readonly checkpoint: string;
  /** The run's curves (SVG) beside the checkpoint. */
  readonly curves: string;
  readonly activation: Activation;
  readonly steps: number;
  readonly resumedAt: number | null;
  readonly history: readonly EpochRecord[];
  /** Held-out test clips: noisy input and the trained model. */
  readonly test: EvalScore;
  readonly framesPerSecond: number;
  readonly seconds: number;
  readonly backend: string;
  readonly text: string;
}

export async function trainCommand(options: TrainCommandOptions): Promise<TrainSummary> {
  const recipe = loadTrainRecipe(options.recipe);
  const backend = await initTensors();
  const m = recipe.model;
  const base = createS5Network({ width: m.width, seed: m.seed, discretization: m.discretization as 'zoh' | 'bilinear', inputOffset: m.inputOffset, dtMin: m.dtMin, dtMax: m.dtMax });
  const net = { ...base, hyper: { ...base.hyper, batchNormEps: m.batchNormEps } };
  for (let i = 0; i < net.decoder.weight.length; i++) net.decoder.weight[i] *= m.decoderInitScale;
  if (m.decoderInitScale !== 1) net.decoder.bias.fill(0);
  const vars = varsFromNetwork(net);
  const activation = m.activation as Activation;
  const alpha = activationAlpha(activation);
  const data = trainData(recipe.data);
  const trainer = new Trainer({
    vars,
    data,
    schedule: recipe.train,
    optimizer: recipe.optimizer,
    runDir: recipe.output.dir,
    recipeJson: trainRecipeFingerprint(recipe),
    hooks: { plan: () => ({ phase: 'train', alpha, batchStats: true }) },
    onProgress: options.onProgress,
  });
  const t0 = performance.now();
  const resumedAt = options.resume && trainer.resume() ? trainer.step : null;
  if (options.resume && resumedAt === null) options.onProgress?.({ kind: 'status', message: `no training state in ${recipe.output.dir}; starting from step 0` });
  trainer.run();
  const seconds = (performance.now() - t0) / 1e3;
  const trained = networkFromVars(vars);
  saveTrainedCheckpoint(recipe.output.checkpoint, trained, activation, { recipe: recipe.file.split('/').pop() ?? '', steps: String(trainer.step) });
  const curves = writeTrainingCurves(recipe.output.checkpoint, 'loom train', trainer.history);
  options.onProgress?.({ kind: 'status', message: 'evaluating on the held-out test clips' });
  const test = evaluateTensorModel(vars, data.test(), { alpha });
  disposeVars(vars);
  trainer.optimizer.dispose();
  const fresh = trainer.history.filter((h) => resumedAt === null || h.step > resumedAt);
  const frames = fresh.reduce((a, h) => a + h.framesPerSecond * h.seconds, 0);
  const trainSeconds = fresh.reduce((a, h) => a + h.seconds, 0);
  const framesPerSecond = trainSeconds > 0 ? frames / trainSeconds : 0;
  const summary = { recipe, checkpoint: recipe.output.checkpoint, curves, activation, steps: trainer.step, resumedAt, history: trainer.history, test, framesPerSecond, seconds, backend };
  return { ...summary, text: formatTrainSummary(summary) };
}

export function formatTrainSummary(s: Omit<TrainSummary, 'text'>): string {
  const rows = s.history.map((h) => [h.epoch, h.step, h.trainLoss, h.trainSiSnr, h.validation.siSnr, h.validation.siSnri, Math.round(h.framesPerSecond)]);
  return [
    formatTable(['epoch', 'step', 'train loss', 'train SI-SNR', 'val SI-SNR', 'val SI-SNRi', 'frames/s'], rows),
    '',
    `held-out test (${s.test.clips} clips): noisy ${s.test.inputSiSnr.toFixed(2)} dB → model ${s.test.siSnr.toFixed(2)} dB (SI-SNRi ${s.test.siSnri.toFixed(2)} dB)`,
    `wrote ${s.checkpoint} (${s.activation} activations${s.activation === 'gelu' ? '; run `loom compress` to ReLUfy, prune and quantize it' : ''}) · ${s.steps} steps · ${Math.round(s.framesPerSecond)} training frames/s on tfjs-${s.backend} · ${s.seconds.toFixed(0)} s`,
    `curves: ${s.curves}`,
  ].join('\n');
}
