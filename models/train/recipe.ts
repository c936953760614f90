// `loom train` recipes: the model, data, schedule, optimizer and output sections, with their defaults and ranges.
import { canonicalJson, checkSections, loadRecipeSource, parseRecipeSource, readSection, withoutDefaults, type RecipeSource, type Section } from './recipe-schema.ts';

export const DATA_SPEC = {
  /** synthetic: the deterministic synthetic set; ndns: folders of noisy/clean WAV pairs (Intel N-DNS layout). */
  source: { kind: 'string', choices: ['synthetic', 'ndns'], default: 'synthetic' },
  seed: { kind: 'number', integer: true, min: 0, max: 0xffffffff, default: 0 },
  /** synthetic: clean and noise clips in the training pool (each). */
  poolClips: { kind: 'number', integer: true, min: 1, max: 100000, default: 128 },
  /** synthetic: frames per pool clip (examples are crops). */
  poolFrames: { kind: 'number', integer: true, min: 2, max: 100000, default: 500 },
  /** ndns: training and validation folders. */
  dir: { kind: 'path', optional: true },
  validationDir: { kind: 'path', optional: true },
  /** RMS level range of the noisy clips (dBFS); the denoise command brings input to the middle of it. */
  levelMinDb: { kind: 'number', min: -100, max: 0, default: -35 },
  levelMaxDb: { kind: 'number', min: -100, max: 0, default: -15 },
  /** Frames per training example (8 ms each). */
  frames: { kind: 'number', integer: true, min: 2, max: 100000, default: 125 },
  /** Validation and held-out test clips (synthetic) and their length in frames. */
  validationClips: { kind: 'number', integer: true, min: 1, max: 100000, default: 32 },
  testClips: { kind: 'number', integer: true, min: 1, max: 100000, default: 64 },
  evalFrames: { kind: 'number', integer: true, min: 2, max: 100000, default: 250 },
} as const;

export const SCHEDULE_SPEC = {
  epochs: { kind: 'number', integer: true, min: 1, max: 100000, default: 10 },
  stepsPerEpoch: { kind: 'number', integer: true, min: 1, max: 1000000, default: 50 },
  /** Clips per step. */
  batch: { kind: 'number', integer: true, min: 1, max: 4096, default: 32 },
} as const;

export const OPTIMIZER_SPEC = {
  lr: { kind: 'number', min: 0, max: 1, default: 3e-3 },
  ssmLr: { kind: 'number', min: 0, max: 1, default: 1.5e-3 },
  weightDecay: { kind: 'number', min: 0, max: 1, default: 0.01 },
  beta1: { kind: 'number', min: 0, max: 0.9999, default: 0.9 },
  beta2: { kind: 'number', min: 0, max: 0.99999, default: 0.999 },
  eps: { kind: 'number', min: 0, max: 1, default: 1e-8 },
  clipNorm: { kind: 'number', min: 0, max: 1e6, default: 1 },
  warmupSteps: { kind: 'number', integer: true, min: 0, max: 1000000, default: 20 },
  /** cosine: warm-up then cosine decay to minLrFraction·lr; constant: warm-up then flat. */
  schedule: { kind: 'string', choices: ['cosine', 'constant'], default: 'cosine' },
  minLrFraction: { kind: 'number', min: 0, max: 1, default: 0.05 },
} as const;

export const MODEL_SPEC = {
  width: { kind: 'number', min: 0.0625, max: 16, default: 0.5 },
  seed: { kind: 'number', integer: true, min: 0, max: 0xffffffff, default: 0 },
  /** gelu: the smooth dense baseline (ReLUfied by `loom compress`); relu: DESIGN.md §3's network from the start. */
  activation: { kind: 'string', choices: ['gelu', 'relu'], default: 'gelu' },
  discretization: { kind: 'string', choices: ['zoh', 'bilinear'], default: 'zoh' },
  inputOffset: { kind: 'number', default: 0 },
  /** Log-uniform range of the initial S5 time steps Δ (in frames); S5's defaults. */
  dtMin: { kind: 'number', min: 1e-6, max: 10, default: 0.001 },
  dtMax: { kind: 'number', min: 1e-6, max: 10, default: 0.1 },
  /**
   * BatchNorm ε. Export folds BatchNorm into B̄ and D, which are quantized per tensor: a channel with tiny
   * variance gets a huge scale γ/√(var + ε) and its column then sets the tensor's scale, rounding the
   * others away. A larger ε (1e−2) bounds that scale; models/s5's default is PyTorch's 1e−5.
   */
  batchNormEps: { kind: 'number', min: 1e-12, max: 1, default: 1e-5 },
  /**
   * The decoder's initial weights are scaled by this and its bias zeroed, so the first masks are ≈ 0 and
   * the untrained model passes the noisy input through (1 keeps models/s5/init.ts's PyTorch default).
   */
  decoderInitScale: { kind: 'number', min: 0, max: 1, default: 0.1 },
} as const;

export const TRAIN_OUTPUT_SPEC = {
  /** Run folder: per-epoch checkpoint, training state for --resume, metrics log. */
  dir: { kind: 'path' },
  /** The final float checkpoint. */
  checkpoint: { kind: 'path' },
} as const;

export type DataRecipe = Section<typeof DATA_SPEC>;
export type ScheduleRecipe = Section<typeof SCHEDULE_SPEC>;
export type OptimizerRecipe = Section<typeof OPTIMIZER_SPEC>;
export type ModelRecipe = Section<typeof MODEL_SPEC>;

export interface TrainRecipe {
  readonly file: string;
  readonly model: ModelRecipe;
  readonly data: DataRecipe;
  readonly train: ScheduleRecipe;
  readonly optimizer: OptimizerRecipe;
  readonly output: Section<typeof TRAIN_OUTPUT_SPEC>;
}

export function trainRecipeFrom(src: RecipeSource): TrainRecipe {
  checkSections(src, ['model', 'data', 'train', 'optimizer', 'output']);
  return {
    file: src.file,
    model: checkModel(src, readSection(src, 'model', MODEL_SPEC)),
    data: checkData(src, readSection(src, 'data', DATA_SPEC)),
    train: readSection(src, 'train', SCHEDULE_SPEC),
    optimizer: readSection(src, 'optimizer', OPTIMIZER_SPEC),
    output: readSection(src, 'output', TRAIN_OUTPUT_SPEC),
  };
}

/** What a run directory's state must have been trained with to resume: every value but the output paths, defaults left out. */
export function trainRecipeFingerprint(r: TrainRecipe): string {
  return canonicalJson({
    kind: 'train',
    model: withoutDefaults(r.model, MODEL_SPEC),
    data: withoutDefaults(r.data, DATA_SPEC),
    train: withoutDefaults(r.train, SCHEDULE_SPEC),
    optimizer: withoutDefaults(r.optimizer, OPTIMIZER_SPEC),
  });
}

export function loadTrainRecipe(file: string): TrainRecipe {
  return trainRecipeFrom(loadRecipeSource(file));
}

export function parseTrainRecipe(text: string, file: string): TrainRecipe {
  return trainRecipeFrom(parseRecipeSource(text, file));
}

/** Cross-field rules of the model section. */
function checkModel(src: RecipeSource, m: ModelRecipe): ModelRecipe {
  if (m.dtMax < m.dtMin) readSection(src, 'model', { ...MODEL_SPEC, dtMax: { kind: 'number', min: m.dtMin, max: 10 } });
  return m;
}

/** Cross-field rules of the data section. */
export function checkData(src: RecipeSource, d: DataRecipe): DataRecipe {
  if (d.source === 'ndns' && (!d.dir || !d.validationDir)) {
    readSection(src, 'data', { ...DATA_SPEC, dir: { kind: 'path' }, validationDir: { kind: 'path' } });
  }
  if (d.levelMaxDb < d.levelMinDb) readSection(src, 'data', { ...DATA_SPEC, levelMaxDb: { kind: 'number', min: d.levelMinDb, max: 0 } });
  if (d.source === 'synthetic' && d.frames > d.poolFrames) {
    readSection(src, 'data', { ...DATA_SPEC, frames: { kind: 'number', integer: true, min: 2, max: d.poolFrames } });
  }
  return d;
}
