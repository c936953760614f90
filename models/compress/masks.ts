// Unstructured magnitude masks of the prunable matrices, per-layer uniform or ERK sparsity, applied to the training tensors.
import { pruneCount } from '../s5/prune.ts';
import type { ModelVars } from '../train/params.ts';
import { tf } from '../train/tensors.ts';

/** A prunable matrix of the tensor model: real, or complex (B̃, C̃) pruned by modulus with both parts together. */
export interface PrunableVar {
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  readonly re: tf.Variable;
  readonly im?: tf.Variable;
}

/** The matrices models/s5/prune.ts prunes, in its order and with its names. */
export function prunableVars(vars: ModelVars): PrunableVar[] {
  const m = (name: string, re: tf.Variable, im?: tf.Variable): PrunableVar => ({ name, rows: re.shape[0], cols: re.shape[1] ?? 1, re, im });
  const out = [m('encoder.weight', vars.encoder.weight)];
  vars.blocks.forEach((b, i) => {
    out.push(m(`blocks.${i}.glu.weight`, b.glu.weight), m(`blocks.${i}.B`, b.bRe, b.bIm), m(`blocks.${i}.C`, b.cRe, b.cIm));
  });
  out.push(m('decoder.weight', vars.decoder.weight));
  return out;
}

export type Distribution = 'uniform' | 'erk';

/**
 * Per-matrix sparsities whose entry-weighted mean is `target`. Uniform: every matrix at `target`.
 * ERK (Erdős–Rényi-Kernel, as RigL): density ∝ (rows + cols)/(rows·cols), matrices whose density would
 * exceed 1 kept dense and the rest rescaled.
 */
export function layerSparsities(shapes: readonly { rows: number; cols: number }[], target: number, distribution: Distribution): number[] {
  if (distribution === 'uniform' || target <= 0) return shapes.map(() => target);
  const size = shapes.map((s) => s.rows * s.cols);
  const raw = shapes.map((s) => (s.rows + s.cols) / (s.rows * s.cols));
  const dense = new Set<number>();
  for (;;) {
    const budget = (1 - target) * size.reduce((a, b) => a + b, 0) - [...dense].reduce((a, i) => a + size[i], 0);
    const weighted = shapes.reduce((a, _, i) => (dense.has(i) ? a : a + raw[i] * size[i]), 0);
    const eps = budget / weighted;
    const over = shapes.findIndex((_, i) => !dense.has(i) && eps * raw[i] > 1);
    if (over < 0) return shapes.map((_, i) => (dense.has(i) ? 0 : 1 - eps * raw[i]));
    dense.add(over);
  }
}

/** Keep-masks (1 keeps, 0 prunes): the round-half-even(sparsity·size) smallest-magnitude entries pruned, ties to the lower index. */
export function magnitudeMask(re: ArrayLike<number>, im: ArrayLike<number> | undefined, sparsity: number): Float32Array {
  const size = re.length;
  const mag = new Float64Array(size);
  for (let i = 0; i < size; i++) mag[i] = re[i] * re[i] + (im ? im[i] * im[i] : 0);
  const order = Uint32Array.from({ length: size }, (_, i) => i).sort((a, b) => mag[a] - mag[b] || a - b);
  const mask = new Float32Array(size).fill(1);
  const count = pruneCount(size, sparsity);
  for (let j = 0; j < count; j++) mask[order[j]] = 0;
  return mask;
}

/** The network's input and output matrices: every per-bin feature and every per-bin mask passes through them. */
export const IO_MATRICES: readonly string[] = ['encoder.weight', 'decoder.weight'];

/**
 * Uniform sparsity with the encoder and decoder held at `ioFinal`·(target / finalTarget) — so they follow
 * the same ramp — and the block matrices sharing the rest, so the entry-weighted mean is still `target`.
 * The block share may come out beyond [0, 1) when the split is infeasible; callers check.
 */
export function ioSplit(mats: readonly { name: string; rows: number; cols: number }[], target: number, finalTarget: number, ioFinal: number): { io: number; blocks: number } {
  const io = finalTarget > 0 ? (ioFinal * target) / finalTarget : 0;
  let ioSize = 0;
  let total = 0;
  for (const m of mats) {
    total += m.rows * m.cols;
    if (IO_MATRICES.includes(m.name)) ioSize += m.rows * m.cols;
  }
  const rest = total - ioSize;
  return { io, blocks: rest > 0 ? (target * total - io * ioSize) / rest : 0 };
}

/** The highest per-matrix sparsity an encoder/decoder split may leave the blocks. */
export const MAX_BLOCK_SPARSITY = 0.999;

/** Per-matrix sparsities of `ioSplit`; throws when the blocks cannot absorb the split. */
export function ioWeightedSparsities(mats: readonly { name: string; rows: number; cols: number }[], target: number, finalTarget: number, ioFinal: number): number[] {
  const { io, blocks } = ioSplit(mats, target, finalTarget, ioFinal);
  if (blocks > MAX_BLOCK_SPARSITY || blocks < 0) throw new Error(`masks: encoder/decoder at ${io} leave the block matrices at ${blocks}, outside [0, ${MAX_BLOCK_SPARSITY}]`);
  return mats.map((m) => (IO_MATRICES.includes(m.name) ? io : blocks));
}

/** Masks of every prunable matrix from the current (dense) values at overall sparsity `target`. */
export function computeMasks(vars: ModelVars, target: number, distribution: Distribution, io?: { readonly finalTarget: number; readonly ioSparsity: number }): Map<string, Float32Array> {
  const mats = prunableVars(vars);
  const sparsities = io ? ioWeightedSparsities(mats, target, io.finalTarget, io.ioSparsity) : layerSparsities(mats, target, distribution);
  return new Map(mats.map((m, i) => [m.name, magnitudeMask(m.re.dataSync(), m.im?.dataSync(), sparsities[i])]));
}

/** Masks as tensors for the forward pass (dispose the old set yourself). */
export function maskTensors(vars: ModelVars, masks: ReadonlyMap<string, Float32Array>): Map<string, tf.Tensor2D> {
  return new Map(prunableVars(vars).map((m) => [m.name, tf.tensor2d(masks.get(m.name)!, [m.rows, m.cols])]));
}

/** Zero the pruned entries of the variables in place (w ← w ⊙ m). */
export function applyMasksInPlace(vars: ModelVars, masks: ReadonlyMap<string, Float32Array>): void {
  for (const m of prunableVars(vars)) {
    const mask = masks.get(m.name);
    if (!mask) continue;
    tf.tidy(() => {
      const t = tf.tensor2d(mask, [m.rows, m.cols]);
      m.re.assign(tf.mul(m.re, t));
      m.im?.assign(tf.mul(m.im, t));
    });
  }
}

/** Fraction of masked-out entries over all prunable matrices (a complex entry counts once). */
export function maskSparsity(masks: ReadonlyMap<string, Float32Array>): number {
  let zeros = 0;
  let total = 0;
  for (const m of masks.values()) {
    total += m.length;
    for (let i = 0; i < m.length; i++) if (m[i] === 0) zeros++;
  }
  return total === 0 ? 0 : zeros / total;
}
