// The compression recipe as trainer hooks: ReLUfication blend, gradual magnitude pruning with straight-through masks, then QAT against the exporter's integers.
import type { MaskSet, QuantSpec } from '../train/model.ts';
import type { EvalScore } from '../train/progress.ts';
import type { ModelVars } from '../train/params.ts';
import { networkFromVars } from '../train/params.ts';
import type { StepPlan, TrainerHooks } from '../train/trainer.ts';
import { tf } from '../train/tensors.ts';
import type { Activation } from '../train/checkpoint.ts';
import { applyMasksInPlace, computeMasks, maskTensors, type Distribution } from './masks.ts';
import { disposeSpec, qatView, type QatView } from './qat.ts';
import type { CompressRecipe } from './recipe.ts';
import { relufyAlpha, scheduledSparsity } from './schedule.ts';

export interface CompressionPlanOptions {
  readonly vars: ModelVars;
  readonly recipe: Pick<CompressRecipe, 'relufy' | 'prune' | 'qat'>;
  readonly sourceActivation: Activation;
  readonly calibrationFrames: readonly Float64Array[];
  readonly inputLevelDb?: number;
  /** Called once before the first QAT step: scores the float sparse ReLU model (kept as `snapshot`, saved for resume). */
  readonly beforeQat?: (masks: MaskSet | undefined) => EvalScore;
}

export class CompressionPlan implements TrainerHooks {
  masks: Map<string, Float32Array> | null = null;
  private maskSet: Map<string, tf.Tensor2D> | null = null;
  /** True once the final masks are fixed and applied to the weights. */
  hard = false;
  qat: QatView | null = null;
  private qatBuiltAt = -1;
  private planned: { step: number; plan: StepPlan } | null = null;
  /** Score of the float sparse ReLU model just before QAT. */
  snapshot: EvalScore | null = null;

  constructor(readonly o: CompressionPlanOptions) {}

  /** The encoder/decoder override of the uniform distribution, if the recipe sets one. */
  private get io(): { finalTarget: number; ioSparsity: number } | undefined {
    const p = this.o.recipe.prune;
    return p.ioSparsity >= 0 ? { finalTarget: p.target, ioSparsity: p.ioSparsity } : undefined;
  }

  alphaAt(step: number): number {
    return this.o.sourceActivation === 'gelu' ? relufyAlpha(this.o.recipe.relufy.steps, step) : 1;
  }

  pruning(step: number): boolean {
    return this.o.recipe.prune.target > 0 && step >= this.o.recipe.prune.start;
  }

  qatActive(step: number): boolean {
    return this.o.recipe.qat.enabled && step >= this.o.recipe.qat.start;
  }

  phaseAt(step: number): string {
    if (this.qatActive(step)) return 'qat';
    if (this.pruning(step) && step < this.o.recipe.prune.end) return 'prune';
    if (this.alphaAt(step) < 1) return 'relufy';
    return 'finetune';
  }

  plan(step: number): StepPlan {
    if (this.planned?.step === step) return this.planned.plan;
    this.updateMasks(step);
    if (this.qatActive(step)) this.updateQuant(step);
    const quant: QuantSpec | undefined = this.qatActive(step) ? this.qat?.spec : undefined;
    const ste = this.o.recipe.prune.ste && !this.hard;
    const plan: StepPlan = {
      phase: this.phaseAt(step),
      alpha: this.alphaAt(step),
      masks: this.maskSet ?? undefined,
      maskMode: ste ? 'ste' : 'hard',
      quant,
      batchStats: quant === undefined,
    };
    this.planned = { step, plan };
    return plan;
  }

  private setMasks(masks: Map<string, Float32Array>): void {
    this.masks = masks;
    if (this.maskSet) tf.dispose([...this.maskSet.values()]);
    this.maskSet = maskTensors(this.o.vars, masks);
  }

  /** Recompute masks on the ramp every `frequency` steps; at step end − 1 fix the final masks and zero the pruned weights. */
  private updateMasks(step: number): void {
    const p = this.o.recipe.prune;
    if (!this.pruning(step) || this.hard) return;
    const last = Math.max(p.start, p.end - 1);
    if (step >= last) {
      this.setMasks(computeMasks(this.o.vars, p.target, p.distribution as Distribution, this.io));
      applyMasksInPlace(this.o.vars, this.masks!);
      this.hard = true;
    } else if ((step - p.start) % p.frequency === 0 || !this.masks) {
      this.setMasks(computeMasks(this.o.vars, scheduledSparsity(p, step), p.distribution as Distribution, this.io));
    }
  }

  private updateQuant(step: number): void {
    const q = this.o.recipe.qat;
    if (this.qat && (step - q.start) % q.refreshEvery !== 0) return;
    if (this.qatBuiltAt === step) return;
    if (!this.qat && !this.snapshot && this.o.beforeQat) this.snapshot = this.o.beforeQat(this.maskSet ?? undefined);
    this.rebuildQuant();
    this.qatBuiltAt = step;
  }

  /** Export the current (hard-masked) weights and train against that graph's integers and exponents. */
  rebuildQuant(): QatView {
    if (this.qat) disposeSpec(this.qat.spec);
    this.qat = qatView(networkFromVars(this.o.vars), { calibrationFrames: this.o.calibrationFrames, headroomBits: this.o.recipe.qat.headroomBits, inputLevelDb: this.o.inputLevelDb });
    return this.qat;
  }

  /** Keep pruned weights exactly zero: optimizer moments from the straight-through phase would move them. */
  afterUpdate(): void {
    if (this.hard && this.masks) applyMasksInPlace(this.o.vars, this.masks);
  }

  saveExtra(): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    for (const [name, m] of this.masks ?? []) out.set(`mask/${name}`, m);
    out.set('hard', Float32Array.of(this.hard ? 1 : 0));
    const s = this.snapshot;
    if (s) out.set('snapshot', Float32Array.of(s.clips, s.siSnr, s.siSnri, s.inputSiSnr));
    return out;
  }

  restoreExtra(tensors: ReadonlyMap<string, Float32Array>): void {
    const masks = new Map([...tensors].filter(([k]) => k.startsWith('mask/')).map(([k, v]) => [k.slice(5), v]));
    if (masks.size > 0) this.setMasks(masks);
    this.hard = (tensors.get('hard')?.[0] ?? 0) === 1;
    const s = tensors.get('snapshot');
    if (s) this.snapshot = { clips: s[0], siSnr: s[1], siSnri: s[2], inputSiSnr: s[3] };
    this.planned = null;
  }

  dispose(): void {
    if (this.maskSet) tf.dispose([...this.maskSet.values()]);
    if (this.qat) disposeSpec(this.qat.spec);
  }
}
