// AdamW (decoupled weight decay) over the S5 parameter groups, with global-norm gradient clipping; moments are saved for resume.
import type { Param, ParamGroup } from './params.ts';
import { tf } from './tensors.ts';

export interface AdamWConfig {
  /** Learning rate of the regular group (encoder, decoder, C̃, D, GLU). */
  readonly lr: number;
  /** Learning rate of the ssm group (Λ, B̃, log Δ, BatchNorm); S5 trains these more gently. */
  readonly ssmLr: number;
  /** Decoupled weight decay of the regular group; the ssm group has none. */
  readonly weightDecay: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** Clip the global gradient norm to this (0: no clipping). */
  readonly clipNorm: number;
}

export const ADAMW_DEFAULTS: AdamWConfig = { lr: 1e-3, ssmLr: 1e-3, weightDecay: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, clipNorm: 1 };

interface Slot {
  readonly param: Param;
  m: tf.Variable;
  v: tf.Variable;
}

export interface StepReport {
  /** Global gradient norm before clipping. */
  readonly gradNorm: number;
}

export class AdamW {
  private readonly slots: Slot[];
  /** Updates taken so far (bias correction uses it). */
  t = 0;

  constructor(
    params: readonly Param[],
    readonly config: AdamWConfig,
  ) {
    this.slots = params.map((param) => ({
      param,
      m: tf.variable(tf.zerosLike(param.variable), false),
      v: tf.variable(tf.zerosLike(param.variable), false),
    }));
  }

  groupRate(group: ParamGroup): { lr: number; decay: number } {
    return group === 'ssm' ? { lr: this.config.ssmLr, decay: 0 } : { lr: this.config.lr, decay: this.config.weightDecay };
  }

  /** One update; `grads` keyed by variable name (as tf.variableGrads returns them); `lrScale` multiplies both groups' rates. */
  step(grads: Readonly<Record<string, tf.Tensor>>, lrScale: number): StepReport {
    const c = this.config;
    const live = this.slots.filter((s) => grads[s.param.variable.name]);
    const gradNorm = tf.tidy(() => Math.sqrt(tf.addN(live.map((s) => tf.sum(tf.square(grads[s.param.variable.name])))).dataSync()[0]));
    const clip = c.clipNorm > 0 && gradNorm > c.clipNorm ? c.clipNorm / (gradNorm + 1e-6) : 1;
    this.t++;
    const bc1 = 1 - c.beta1 ** this.t;
    const bc2 = 1 - c.beta2 ** this.t;
    for (const s of live) {
      const { lr, decay } = this.groupRate(s.param.group);
      const rate = lr * lrScale;
      tf.tidy(() => {
        const g = tf.mul(grads[s.param.variable.name], clip);
        s.m.assign(tf.add(tf.mul(s.m, c.beta1), tf.mul(g, 1 - c.beta1)));
        s.v.assign(tf.add(tf.mul(s.v, c.beta2), tf.mul(tf.square(g), 1 - c.beta2)));
        const update = tf.div(tf.div(s.m, bc1), tf.add(tf.sqrt(tf.div(s.v, bc2)), c.eps));
        const decayed = decay > 0 ? tf.mul(s.param.variable, 1 - rate * decay) : s.param.variable;
        s.param.variable.assign(tf.sub(decayed, tf.mul(update, rate)));
      });
    }
    return { gradNorm };
  }

  /** First and second moments by parameter name (for checkpoints). */
  moments(): Map<string, { m: Float32Array; v: Float32Array }> {
    return new Map(this.slots.map((s) => [s.param.name, { m: s.m.dataSync() as Float32Array, v: s.v.dataSync() as Float32Array }]));
  }

  restore(t: number, moments: ReadonlyMap<string, { m: Float32Array; v: Float32Array }>): void {
    this.t = t;
    for (const s of this.slots) {
      const saved = moments.get(s.param.name);
      if (!saved) throw new Error(`adamw: no saved moments for ${s.param.name}`);
      s.m.assign(tf.tensor(saved.m, s.m.shape));
      s.v.assign(tf.tensor(saved.v, s.v.shape));
    }
  }

  dispose(): void {
    for (const s of this.slots) tf.dispose([s.m, s.v]);
  }
}
