// Float S5 denoiser parameters and hyper-parameters (DESIGN.md §3): plain typed arrays, row-major.

/** Network shape. blocks = int(16·width), H = 12·blocks, P = 16·blocks (N = P/2 complex states kept by conj-sym). */
export interface S5Hyper {
  readonly width: number;
  readonly blocks: number;
  /** Model (feature) width H. */
  readonly hidden: number;
  /** Full state size P; the model keeps N = P/2 complex states. */
  readonly stateSize: number;
  readonly layers: number;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly discretization: 'zoh' | 'bilinear';
  /** Model input = |X| − inputOffset. */
  readonly inputOffset: number;
  readonly dtMin: number;
  readonly dtMax: number;
  readonly batchNormEps: number;
}

/** y = W x + b with W [outSize × inSize] row-major. */
export interface DenseParams {
  readonly inSize: number;
  readonly outSize: number;
  readonly weight: Float64Array;
  readonly bias: Float64Array;
}

/** Inference-time BatchNorm over H channels: u' = γ (u − mean)/√(var + eps) + β. */
export interface BatchNormParams {
  readonly gamma: Float64Array;
  readonly beta: Float64Array;
  readonly runningMean: Float64Array;
  readonly runningVar: Float64Array;
}

/**
 * One S5 block (prenorm, half-GLU) with N = P/2 complex states:
 * Λ (continuous time, [N]), log Δ ([N]), B̃ ([N × H]), C̃ ([H × N]), D ([H]), BatchNorm, GLU dense (H → H).
 */
export interface S5BlockParams {
  readonly lambdaRe: Float64Array;
  readonly lambdaIm: Float64Array;
  readonly logStep: Float64Array;
  readonly bRe: Float64Array;
  readonly bIm: Float64Array;
  readonly cRe: Float64Array;
  readonly cIm: Float64Array;
  readonly d: Float64Array;
  readonly norm: BatchNormParams;
  readonly glu: DenseParams;
}

/** Encoder Dense(inputSize → H) + ReLU, L S5 blocks, decoder Dense(H → outputSize) producing the mask. */
export interface S5Network {
  readonly hyper: S5Hyper;
  readonly encoder: DenseParams;
  readonly blocks: readonly S5BlockParams[];
  readonly decoder: DenseParams;
}

/** Discretised recurrence of one block: Λ̄ ([N]) and B̄ ([N × H]), complex as separate re/im arrays. */
export interface DiscreteSsm {
  readonly lambdaBarRe: Float64Array;
  readonly lambdaBarIm: Float64Array;
  readonly bBarRe: Float64Array;
  readonly bBarIm: Float64Array;
}
