// The models shipped with Loom: names, files, and how each was made (so `make.ts` can rebuild them byte for byte).
import { fileURLToPath } from 'node:url';

export interface BundledModel {
  readonly name: string;
  readonly file: string;
  readonly width: number;
  readonly sparsity: number;
  readonly seed: number;
  readonly description: string;
}

const here = (file: string): string => fileURLToPath(new URL(`./${file}`, import.meta.url));

export const BUNDLED_MODELS: readonly BundledModel[] = [
  { name: 's5-w0.5-sparse90', file: here('s5-w0.5-sparse90.qgraph.safetensors'), width: 0.5, sparsity: 0.9, seed: 0, description: 'width 0.5, 90 % magnitude-pruned, HiPPO init (default)' },
  { name: 's5-w0.5-dense', file: here('s5-w0.5-dense.qgraph.safetensors'), width: 0.5, sparsity: 0, seed: 0, description: 'width 0.5, dense, HiPPO init' },
];

export const DEFAULT_MODEL = BUNDLED_MODELS[0];

/** A bundled model by name, or undefined. */
export function bundledModel(name: string): BundledModel | undefined {
  return BUNDLED_MODELS.find((m) => m.name === name);
}
