// The training loop shared by `loom train` and `loom compress`: seeded batches, loss and gradients, AdamW with clipping, BatchNorm statistics, validation each epoch, state for resume.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LoomError } from '../../isa/diagnostics/index.ts';
import { AdamW } from './adamw.ts';
import { loadTrainState, saveTrainState, type TrainState } from './checkpoint.ts';
import type { TrainData } from './data.ts';
import { evaluateTensorModel } from './evaluate.ts';
import { batchTensors, denoiseLoss, disposeBatch } from './loss.ts';
import { forward, type ForwardOptions } from './model.ts';
import type { ModelVars } from './params.ts';
import type { EvalScore, ProgressHook } from './progress.ts';
import type { OptimizerRecipe, ScheduleRecipe } from './recipe.ts';
import { lrScale } from './schedule.ts';
import { tf } from './tensors.ts';

/** How one step runs: activation blend, BatchNorm mode, masks, fake quantization, phase label. */
export type StepPlan = Pick<ForwardOptions, 'alpha' | 'masks' | 'maskMode' | 'quant'> & {
  readonly phase: string;
  /** BatchNorm on batch statistics (updating the running ones); false freezes them (QAT). */
  readonly batchStats: boolean;
};

/** What the compression recipe adds around the loop; plain training uses none of it. */
export interface TrainerHooks {
  /** Called before every step (masks and quantization may be refreshed here). */
  plan(step: number): StepPlan;
  /** Called after every optimizer update. */
  afterUpdate?(step: number): void;
  /** Extra tensors to save for resume, and restoring them. */
  saveExtra?(): Map<string, Float32Array>;
  restoreExtra?(tensors: ReadonlyMap<string, Float32Array>, step: number): void;
}

export interface TrainerOptions {
  readonly vars: ModelVars;
  readonly data: TrainData;
  readonly schedule: ScheduleRecipe;
  readonly optimizer: OptimizerRecipe;
  readonly runDir: string;
  /** Canonical recipe JSON; resume refuses a state written by another recipe. */
  readonly recipeJson: string;
  readonly hooks: TrainerHooks;
  readonly onProgress?: ProgressHook;
}

export interface EpochRecord {
  readonly epoch: number;
  readonly step: number;
  readonly phase: string;
  readonly trainLoss: number;
  readonly trainSiSnr: number;
  readonly validation: EvalScore;
  readonly seconds: number;
  readonly framesPerSecond: number;
}

/** BatchNorm running statistics follow PyTorch: momentum 0.1, unbiased variance. */
const BN_MOMENTUM = 0.1;

export class Trainer {
  readonly optimizer: AdamW;
  readonly history: EpochRecord[] = [];
  step = 0;

  constructor(readonly o: TrainerOptions) {
    this.optimizer = new AdamW(o.vars.params, o.optimizer);
    mkdirSync(o.runDir, { recursive: true });
  }

  get totalSteps(): number {
    return this.o.schedule.epochs * this.o.schedule.stepsPerEpoch;
  }

  get statePath(): string {
    return join(this.o.runDir, 'state.safetensors');
  }

  /** One optimizer step on examples [step·batch, (step + 1)·batch) of the stream. Returns loss and mean SI-SNR. */
  trainStep(): { loss: number; siSnr: number; frames: number } {
    const { batch } = this.o.schedule;
    const plan = this.o.hooks.plan(this.step);
    const fb = this.o.data.trainBatch(this.step * batch, batch);
    const bt = batchTensors(fb);
    let siSnr = 0;
    let moments: { mean: Float32Array; variance: Float32Array }[] = [];
    const { value, grads } = tf.variableGrads(() => {
      const r = forward(this.o.vars, bt.noisyMag, { ...plan, clips: fb.clips, frames: fb.frames, training: plan.batchStats });
      moments = r.moments.map((m) => ({ mean: m.mean.dataSync() as Float32Array, variance: m.variance.dataSync() as Float32Array }));
      const parts = denoiseLoss(r.mask, bt);
      siSnr = tf.mean(parts.siSnr).dataSync()[0];
      return parts.loss;
    }, this.o.vars.params.map((p) => p.variable));
    const loss = value.dataSync()[0];
    if (!Number.isFinite(loss)) throw new LoomError('train-diverged', { step: this.step, loss: String(loss) });
    this.optimizer.step(grads, lrScale(this.o.optimizer, this.step, this.totalSteps));
    tf.dispose([value, ...Object.values(grads)]);
    disposeBatch(bt);
    this.updateRunningStats(moments, fb.clips * fb.frames);
    this.o.hooks.afterUpdate?.(this.step);
    this.step++;
    return { loss, siSnr, frames: fb.clips * fb.frames };
  }

  private updateRunningStats(moments: readonly { mean: Float32Array; variance: Float32Array }[], n: number): void {
    moments.forEach((m, i) => {
      const b = this.o.vars.blocks[i];
      for (let k = 0; k < m.mean.length; k++) {
        // Rounded to float32, as they are saved, so a resumed run continues bit for bit.
        b.runningMean[k] = Math.fround((1 - BN_MOMENTUM) * b.runningMean[k] + BN_MOMENTUM * m.mean[k]);
        b.runningVar[k] = Math.fround((1 - BN_MOMENTUM) * b.runningVar[k] + BN_MOMENTUM * m.variance[k] * (n / Math.max(1, n - 1)));
      }
    });
  }

  /** Validation score with the plan of the current step (evaluation mode). */
  validate(): EvalScore {
    const plan = this.o.hooks.plan(Math.max(0, this.step - 1));
    return evaluateTensorModel(this.o.vars, this.o.data.validation(), plan);
  }

  /** Run the remaining epochs (from the current step), saving state after each. */
  run(): void {
    const { epochs, stepsPerEpoch } = this.o.schedule;
    const emit = this.o.onProgress ?? (() => {});
    while (this.step < this.totalSteps) {
      const epoch = Math.floor(this.step / stepsPerEpoch) + 1;
      const t0 = performance.now();
      let [loss, si, frames] = [0, 0, 0];
      const first = this.step;
      while (this.step < epoch * stepsPerEpoch) {
        const phase = this.o.hooks.plan(this.step).phase;
        const r = this.trainStep();
        [loss, si, frames] = [loss + r.loss, si + r.siSnr, frames + r.frames];
        const lr = this.o.optimizer.lr * lrScale(this.o.optimizer, this.step - 1, this.totalSteps);
        emit({ kind: 'step', phase, step: this.step, totalSteps: this.totalSteps, epoch, epochs, loss: r.loss, siSnr: r.siSnr, lr });
      }
      const seconds = (performance.now() - t0) / 1e3;
      const validation = this.validate();
      const steps = this.step - first;
      const phase = this.o.hooks.plan(this.step - 1).phase;
      this.history.push({ epoch, step: this.step, phase, trainLoss: loss / steps, trainSiSnr: si / steps, validation, seconds, framesPerSecond: frames / seconds });
      emit({ kind: 'epoch', phase, epoch, epochs, step: this.step, validation, seconds });
      this.save();
    }
  }

  save(): void {
    const tensors = new Map<string, Float32Array>();
    const shapes = new Map<string, readonly number[]>();
    for (const p of this.o.vars.params) {
      tensors.set(`param/${p.name}`, p.variable.dataSync() as Float32Array);
      shapes.set(`param/${p.name}`, p.variable.shape);
    }
    for (const [name, mv] of this.optimizer.moments()) {
      tensors.set(`adam_m/${name}`, mv.m);
      tensors.set(`adam_v/${name}`, mv.v);
    }
    this.o.vars.blocks.forEach((b, i) => {
      tensors.set(`bn/${i}/running_mean`, Float32Array.from(b.runningMean));
      tensors.set(`bn/${i}/running_var`, Float32Array.from(b.runningVar));
    });
    for (const [name, t] of this.o.hooks.saveExtra?.() ?? []) tensors.set(`extra/${name}`, t);
    const state: TrainState = { step: this.step, adamSteps: this.optimizer.t, recipe: this.o.recipeJson, tensors, notes: JSON.stringify({ history: this.history }) };
    saveTrainState(this.statePath, state, shapes);
  }

  /** Restore from the run folder's state; false when there is none. */
  resume(): boolean {
    if (!existsSync(this.statePath)) return false;
    const s = loadTrainState(this.statePath);
    if (s.recipe !== this.o.recipeJson) {
      throw new LoomError('train-state', { file: this.statePath, detail: 'was written by a different recipe (or recipe values changed)' });
    }
    const get = (name: string): Float32Array => {
      const t = s.tensors.get(name);
      if (!t) throw new LoomError('train-state', { file: this.statePath, detail: `lacks tensor ${name}` });
      return t;
    };
    for (const p of this.o.vars.params) p.variable.assign(tf.tensor(get(`param/${p.name}`), p.variable.shape));
    const moments = new Map(this.o.vars.params.map((p) => [p.name, { m: get(`adam_m/${p.name}`), v: get(`adam_v/${p.name}`) }]));
    this.optimizer.restore(s.adamSteps, moments);
    this.o.vars.blocks.forEach((b, i) => {
      b.runningMean.set(get(`bn/${i}/running_mean`));
      b.runningVar.set(get(`bn/${i}/running_var`));
    });
    const extra = new Map([...s.tensors].filter(([k]) => k.startsWith('extra/')).map(([k, v]) => [k.slice(6), v]));
    this.o.hooks.restoreExtra?.(extra, s.step);
    this.step = s.step;
    this.history.push(...((JSON.parse(s.notes) as { history?: EpochRecord[] }).history ?? []));
    return true;
  }
}
