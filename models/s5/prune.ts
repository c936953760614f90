// Unstructured magnitude pruning of the float S5 model's weight matrices, and the sparsity measure that goes with it.
import { LoomError } from '../../isa/diagnostics/index.ts';
import { cloneNetwork } from './network.ts';
import type { S5Network } from './types.ts';

/**
 * One prunable matrix. Real matrices have `im` undefined; complex matrices (B̃, C̃) are pruned by
 * modulus |re + i·im|, an entry's two parts always zeroed together.
 */
export interface PrunableMatrix {
  readonly name: string;
  readonly re: Float64Array;
  readonly im?: Float64Array;
}

/**
 * The matrices pruning acts on, in a fixed order: encoder.weight, per block glu.weight, B̃ and C̃,
 * decoder.weight. Biases, D, Λ, log Δ and BatchNorm are never pruned. The arrays are the network's own.
 */
export function prunableMatrices(net: S5Network): PrunableMatrix[] {
  const out: PrunableMatrix[] = [{ name: 'encoder.weight', re: net.encoder.weight }];
  net.blocks.forEach((b, i) => {
    out.push({ name: `blocks.${i}.glu.weight`, re: b.glu.weight });
    out.push({ name: `blocks.${i}.B`, re: b.bRe, im: b.bIm });
    out.push({ name: `blocks.${i}.C`, re: b.cRe, im: b.cIm });
  });
  out.push({ name: 'decoder.weight', re: net.decoder.weight });
  return out;
}

/** Entries to zero for a fraction of `size`: round-half-to-even(sparsity·size), as PyTorch's prune does. */
export function pruneCount(size: number, sparsity: number): number {
  const x = sparsity * size;
  const floor = Math.floor(x);
  const frac = x - floor;
  if (frac > 0.5) return floor + 1;
  if (frac < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * A copy of `net` in which each prunable matrix (see `prunableMatrices`) has its
 * round(sparsity·size) smallest-magnitude entries set to zero (layer-wise uniform sparsity).
 * Ties in magnitude go to the lower index. Entries already zero count among the smallest,
 * so a matrix that already holds more zeros keeps them. The input is not modified.
 */
export function magnitudePrune(net: S5Network, sparsity: number): S5Network {
  if (!(sparsity >= 0 && sparsity <= 1)) {
    throw new LoomError('model-hyper', { option: 'sparsity', value: String(sparsity), detail: 'the pruned fraction must lie in [0, 1]' });
  }
  const pruned = cloneNetwork(net);
  for (const m of prunableMatrices(pruned)) pruneMatrix(m, pruneCount(m.re.length, sparsity));
  return pruned;
}

/** Zero the `count` smallest-magnitude entries of m in place. */
function pruneMatrix(m: PrunableMatrix, count: number): void {
  const size = m.re.length;
  const mag = new Float64Array(size);
  // Squared modulus orders entries exactly as the modulus does.
  for (let i = 0; i < size; i++) mag[i] = m.re[i] * m.re[i] + (m.im ? m.im[i] * m.im[i] : 0);
  const order = Uint32Array.from({ length: size }, (_, i) => i).sort((a, b) => mag[a] - mag[b] || a - b);
  for (let j = 0; j < count; j++) {
    m.re[order[j]] = 0;
    if (m.im) m.im[order[j]] = 0;
  }
}

/** Zeros per entries over the prunable matrices; a complex entry is one entry, zero when both parts are. */
export function weightSparsity(net: S5Network): number {
  let zeros = 0;
  let total = 0;
  for (const m of prunableMatrices(net)) {
    total += m.re.length;
    for (let i = 0; i < m.re.length; i++) {
      if (m.re[i] === 0 && (m.im === undefined || m.im[i] === 0)) zeros++;
    }
  }
  return total === 0 ? 0 : zeros / total;
}
