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
  { name: 's5-w0.5-sparse90', file: here('s5-w0.5-sparse90.qgraph.safetensors'), width: 0.5, sparsity: 0.9, seed: 0, description: 'width 0.5, 90 % magnitude-pruned, HiPPO init' },
  { name: 's5-w0.5-dense', file: here('s5-w0.5-dense.qgraph.safetensors'), width: 0.5, sparsity: 0, seed: 0, description: 'width 0.5, dense, HiPPO init' },
];

/** A bundled model by name, or undefined. */
export function bundledModel(name: string): BundledModel | undefined {
  return BUNDLED_MODELS.find((m) => m.name === name);
}

/**
 * A bundled model trained and compressed by `loom train` and `loom compress` from recipes in
 * models/recipes/ (rebuild: `npx tsx models/bundled/make-trained.ts`, about 70 minutes on 2 cores with nothing beside it).
 * Kept apart from BUNDLED_MODELS, whose entries rebuild from (width, sparsity, seed) alone.
 */
export interface TrainedModel {
  readonly name: string;
  /** The fixed-point QGraph. */
  readonly file: string;
  /** The compressed float checkpoint the QGraph was exported from (ReLU network, pruned). */
  readonly checkpoint: string;
  /** The dense float checkpoint `loom train` produced. */
  readonly denseCheckpoint: string;
  /** The quality report make-trained.ts wrote (JSON: scores at every stage, by noise kind). */
  readonly report: string;
  readonly trainRecipe: string;
  readonly compressRecipe: string;
  readonly width: number;
  readonly sparsity: number;
  readonly description: string;
}

const recipe = (file: string): string => fileURLToPath(new URL(`../recipes/${file}`, import.meta.url));

export const TRAINED_MODELS: readonly TrainedModel[] = [
  {
    name: 's5-trained-w1.5-sparse90',
    file: here('s5-trained-w1.5-sparse90.qgraph.safetensors'),
    checkpoint: here('s5-trained-w1.5-sparse90.safetensors'),
    denseCheckpoint: here('s5-trained-w1.5-dense.safetensors'),
    report: here('s5-trained-w1.5-sparse90.report.json'),
    trainRecipe: recipe('s5-trained-w1.5.train.yaml'),
    compressRecipe: recipe('s5-trained-w1.5.compress.yaml'),
    width: 1.5,
    sparsity: 0.9,
    description: 'width 1.5, trained on the synthetic denoising set, ReLUfied, 90 % pruned, W8A16 QAT',
  },
];

/** A trained bundled model by name, or undefined. */
export function trainedModel(name: string): TrainedModel | undefined {
  return TRAINED_MODELS.find((m) => m.name === name);
}

/** The QGraph file of a bundled model (trained or rebuilt) by name; any other argument is taken as a path. */
export function modelFile(nameOrPath: string): string {
  return trainedModel(nameOrPath)?.file ?? bundledModel(nameOrPath)?.file ?? nameOrPath;
}

/** The model `loom demo` runs: the trained, compressed one. */
export const DEFAULT_MODEL: Pick<TrainedModel, 'name' | 'file' | 'description'> = TRAINED_MODELS[0];
