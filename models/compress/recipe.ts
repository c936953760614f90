// `loom compress` recipes: source checkpoint, data, schedule, optimizer, ReLUfication, gradual pruning, quantization-aware training, outputs.
import { LoomError } from '../../isa/diagnostics/index.ts';
import { canonicalJson, checkSections, loadRecipeSource, parseRecipeSource, readSection, withoutDefaults, type RecipeSource, type Section } from '../train/recipe-schema.ts';
import { DATA_SPEC, OPTIMIZER_SPEC, SCHEDULE_SPEC, checkData, type DataRecipe, type OptimizerRecipe, type ScheduleRecipe } from '../train/recipe.ts';

export const SOURCE_SPEC = {
  /** The float checkpoint to compress (usually `loom train`'s output). */
  checkpoint: { kind: 'path' },
  /** BatchNorm ε to continue with (0: keep the checkpoint's); see the train recipe's model.batchNormEps. */
  batchNormEps: { kind: 'number', min: 0, max: 1, default: 0 },
} as const;

export const RELUFY_SPEC = {
  /** Steps over which activations move from the smooth network to DESIGN.md §3's ReLUs (ignored for ReLU-trained sources). */
  steps: { kind: 'number', integer: true, min: 0, max: 1000000, default: 100 },
} as const;

export const PRUNE_SPEC = {
  target: { kind: 'number', min: 0, max: 0.999, default: 0.9 },
  start: { kind: 'number', integer: true, min: 0, max: 10000000, default: 0 },
  end: { kind: 'number', integer: true, min: 0, max: 10000000, default: 200 },
  /** Masks are recomputed from weight magnitudes every `frequency` steps during the ramp. */
  frequency: { kind: 'number', integer: true, min: 1, max: 1000000, default: 10 },
  distribution: { kind: 'string', choices: ['uniform', 'erk'], default: 'uniform' },
  /**
   * Uniform only: final sparsity of the encoder and decoder (−1: the target, like every matrix). Every
   * per-bin feature and mask passes through those two; the S5 blocks absorb the difference so the overall
   * sparsity stays `target`.
   */
  ioSparsity: { kind: 'number', min: -1, max: 0.999, default: -1 },
  /** Straight-through masks during the ramp (pruned weights keep receiving gradients and may return). */
  ste: { kind: 'boolean', default: true },
} as const;

export const QAT_SPEC = {
  enabled: { kind: 'boolean', default: true },
  start: { kind: 'number', integer: true, min: 0, max: 10000000, default: 250 },
  /** Noisy clips whose frames calibrate the activation exponents (export and QAT alike). */
  calibrationClips: { kind: 'number', integer: true, min: 1, max: 10000, default: 2 },
  headroomBits: { kind: 'number', integer: true, min: 0, max: 8, default: 1 },
  /** Re-export (scales and integers) every this many steps. */
  refreshEvery: { kind: 'number', integer: true, min: 1, max: 1000000, default: 1 },
} as const;

export const COMPRESS_OUTPUT_SPEC = {
  dir: { kind: 'path' },
  checkpoint: { kind: 'path' },
  qgraph: { kind: 'path' },
} as const;

export interface CompressRecipe {
  readonly file: string;
  readonly source: Section<typeof SOURCE_SPEC>;
  readonly data: DataRecipe;
  readonly train: ScheduleRecipe;
  readonly optimizer: OptimizerRecipe;
  readonly relufy: Section<typeof RELUFY_SPEC>;
  readonly prune: Section<typeof PRUNE_SPEC>;
  readonly qat: Section<typeof QAT_SPEC>;
  readonly output: Section<typeof COMPRESS_OUTPUT_SPEC>;
}

export function compressRecipeFrom(src: RecipeSource): CompressRecipe {
  checkSections(src, ['source', 'data', 'train', 'optimizer', 'relufy', 'prune', 'qat', 'output']);
  const r: CompressRecipe = {
    file: src.file,
    source: readSection(src, 'source', SOURCE_SPEC),
    data: checkData(src, readSection(src, 'data', DATA_SPEC)),
    train: readSection(src, 'train', SCHEDULE_SPEC),
    optimizer: readSection(src, 'optimizer', OPTIMIZER_SPEC),
    relufy: readSection(src, 'relufy', RELUFY_SPEC),
    prune: readSection(src, 'prune', PRUNE_SPEC),
    qat: readSection(src, 'qat', QAT_SPEC),
    output: readSection(src, 'output', COMPRESS_OUTPUT_SPEC),
  };
  checkPhases(r);
  return r;
}

/** The phases must fit the schedule and come in order: ReLUfication and pruning done before QAT starts. */
function checkPhases(r: CompressRecipe): void {
  const total = r.train.epochs * r.train.stepsPerEpoch;
  const fail = (field: string, detail: string): never => {
    throw new LoomError('recipe-field', { file: r.file, field, detail });
  };
  if (r.prune.end < r.prune.start) fail('prune.end', `${r.prune.end} is before prune.start ${r.prune.start}`);
  if (r.prune.ioSparsity >= 0 && r.prune.distribution !== 'uniform') fail('prune.ioSparsity', `applies to the uniform distribution only (this recipe has ${r.prune.distribution})`);
  if (r.prune.target > 0 && r.prune.end > total) fail('prune.end', `${r.prune.end} is past the last step (${total} = epochs × stepsPerEpoch)`);
  if (r.qat.enabled) {
    if (r.qat.start >= total) fail('qat.start', `${r.qat.start} leaves no QAT step (the run has ${total})`);
    if (r.prune.target > 0 && r.qat.start < r.prune.end) fail('qat.start', `${r.qat.start} is before pruning ends (prune.end ${r.prune.end})`);
    if (r.qat.start < r.relufy.steps) fail('qat.start', `${r.qat.start} is before ReLUfication ends (relufy.steps ${r.relufy.steps})`);
  }
}

/** What a run directory's state must have been trained with to resume: every value but the output paths, defaults left out. */
export function compressRecipeFingerprint(r: CompressRecipe): string {
  return canonicalJson({
    kind: 'compress',
    source: withoutDefaults(r.source, SOURCE_SPEC),
    data: withoutDefaults(r.data, DATA_SPEC),
    train: withoutDefaults(r.train, SCHEDULE_SPEC),
    optimizer: withoutDefaults(r.optimizer, OPTIMIZER_SPEC),
    relufy: withoutDefaults(r.relufy, RELUFY_SPEC),
    prune: withoutDefaults(r.prune, PRUNE_SPEC),
    qat: withoutDefaults(r.qat, QAT_SPEC),
  });
}

export function loadCompressRecipe(file: string): CompressRecipe {
  return compressRecipeFrom(loadRecipeSource(file));
}

export function parseCompressRecipe(text: string, file: string): CompressRecipe {
  return compressRecipeFrom(parseRecipeSource(text, file));
}
