// S5 hyper-parameters: derivation from the width scale (DESIGN.md §3) and the consistency rules every loader checks.
import type { S5Hyper } from './types.ts';

/** Fixed parts of the denoiser's shape and initialisation. */
export const S5_DEFAULTS = {
  /** Complex-conjugate-pair states per block before conj-sym halving (P / blocks). */
  blockSize: 16,
  /** Model width H per block. */
  hiddenPerBlock: 12,
  layers: 3,
  inputSize: 257,
  outputSize: 257,
  dtMin: 0.001,
  dtMax: 0.1,
  batchNormEps: 1e-5,
} as const;

/** blocks = int(16·width). */
export function blocksForWidth(width: number): number {
  return Math.floor(S5_DEFAULTS.blockSize * width);
}

/** The hyper-parameters of the width-scaled denoiser; check the result with `hyperProblem`. */
export function makeHyper(width: number, discretization: S5Hyper['discretization'], inputOffset: number): S5Hyper {
  const blocks = blocksForWidth(width);
  return {
    width,
    blocks,
    hidden: S5_DEFAULTS.hiddenPerBlock * blocks,
    stateSize: S5_DEFAULTS.blockSize * blocks,
    layers: S5_DEFAULTS.layers,
    inputSize: S5_DEFAULTS.inputSize,
    outputSize: S5_DEFAULTS.outputSize,
    discretization,
    inputOffset,
    dtMin: S5_DEFAULTS.dtMin,
    dtMax: S5_DEFAULTS.dtMax,
    batchNormEps: S5_DEFAULTS.batchNormEps,
  };
}

/** Field order of S5Hyper, used to serialise it canonically. */
export const HYPER_FIELDS = [
  'width',
  'blocks',
  'hidden',
  'stateSize',
  'layers',
  'inputSize',
  'outputSize',
  'discretization',
  'inputOffset',
  'dtMin',
  'dtMax',
  'batchNormEps',
] as const satisfies readonly (keyof S5Hyper)[];

/** The first rule a hyper-parameter set breaks, or null when it is consistent. */
export interface HyperProblem {
  readonly field: keyof S5Hyper;
  readonly detail: string;
}

const isCount = (x: number): boolean => Number.isSafeInteger(x) && x >= 1;
const isPositive = (x: number): boolean => Number.isFinite(x) && x > 0;

export function hyperProblem(h: S5Hyper): HyperProblem | null {
  if (!isPositive(h.width)) return { field: 'width', detail: `${h.width} is not a positive number` };
  const blocks = blocksForWidth(h.width);
  if (blocks < 1) {
    return { field: 'width', detail: `${h.width} gives int(16·width) = ${blocks} blocks; the smallest width is 0.0625` };
  }
  if (h.blocks !== blocks) return { field: 'blocks', detail: `${h.blocks}, but width ${h.width} gives int(16·width) = ${blocks}` };
  const hidden = S5_DEFAULTS.hiddenPerBlock * blocks;
  if (h.hidden !== hidden) return { field: 'hidden', detail: `${h.hidden}, but ${blocks} blocks give H = 12·blocks = ${hidden}` };
  const state = S5_DEFAULTS.blockSize * blocks;
  if (h.stateSize !== state) return { field: 'stateSize', detail: `${h.stateSize}, but ${blocks} blocks give P = 16·blocks = ${state}` };
  for (const field of ['layers', 'inputSize', 'outputSize'] as const) {
    if (!isCount(h[field])) return { field, detail: `${h[field]} is not a positive integer` };
  }
  if (h.discretization !== 'zoh' && h.discretization !== 'bilinear') {
    return { field: 'discretization', detail: `"${String(h.discretization)}" is neither "zoh" nor "bilinear"` };
  }
  if (!Number.isFinite(h.inputOffset)) return { field: 'inputOffset', detail: `${h.inputOffset} is not finite` };
  for (const field of ['dtMin', 'dtMax', 'batchNormEps'] as const) {
    if (!isPositive(h[field])) return { field, detail: `${h[field]} is not a positive number` };
  }
  if (h.dtMax < h.dtMin) return { field: 'dtMax', detail: `${h.dtMax} is below dtMin ${h.dtMin}` };
  return null;
}
