// QGraph: the quantized S5 graph the compiler consumes — op kinds, their exact integer semantics, and the file's metadata.
//
// Notation: a tensor or activation with exponent e holds integers q meaning q·2^−e. `rescale` is
// isa/arith.ts rescale (floor right shift / left shift), `sat16` is saturate(·, 16), accumulations are
// exact integer sums. Activations are signed 16-bit; weights 8-bit; Λ̄ and biases 16-bit.

import type { S5Hyper } from '../s5/types.ts';

export const QGRAPH_FORMAT = 'loom.qgraph';
export const QGRAPH_VERSION = 1;

/** Per-tensor number format, stored in the graph JSON beside each integer tensor. */
export interface TensorFormat {
  readonly bits: number;
  readonly exp: number;
  readonly signed: boolean;
}

/**
 * Host-side input: q = sat16(roundHalfEven((x − offset)·2^exp)) for each of `size` STFT magnitudes x.
 */
export interface InputOp {
  readonly kind: 'input';
  readonly name: string;
  readonly output: string;
  readonly size: number;
  readonly exp: number;
  readonly offset: number;
}

/**
 * Dense layer (encoder, decoder): y_i = sat16(rescale(Σ_j W_ij x_j, eW + eX → outExp) + b_i), then
 * max(y, 0) when `relu`. weight I8 [out × in], bias I16 [out] at outExp.
 */
export interface DenseOp {
  readonly kind: 'dense';
  readonly name: string;
  readonly input: string;
  readonly output: string;
  readonly weight: string;
  readonly bias: string;
  readonly outExp: number;
  readonly relu: boolean;
}

/**
 * S5 state update and complex ReLU, for N complex states fed by an H-wide input u:
 *   bu_n = rescale(Σ_j B_nj u_j, eB + eU → stateExp) + bias_n            (re and im alike)
 *   x_n  = complexStateStep(Λ̄_n, eΛ, x_n, bu_n) saturated to 16 bits    (state carried across frames, starts at 0)
 *   h_n  = complex ReLU(x_n)                                             (output; the state stays un-ReLU'd)
 * lambdaRe/lambdaIm I16 [N] (one exponent eΛ); bRe/bIm I8 [N × H] (one exponent eB);
 * biasRe/biasIm I16 [N] at stateExp (BatchNorm shift folded through B̄).
 * The output activation is complex: N real parts then N imaginary parts, at stateExp.
 */
export interface S5StateOp {
  readonly kind: 's5_state';
  readonly name: string;
  readonly input: string;
  readonly output: string;
  readonly lambdaRe: string;
  readonly lambdaIm: string;
  readonly bRe: string;
  readonly bIm: string;
  readonly biasRe: string;
  readonly biasIm: string;
  readonly stateExp: number;
}

/**
 * S5 output projection with feed-through and ReLU, H outputs:
 *   y_i = sat16( rescale(Σ_n C_re,in h_re,n − Σ_n C_im,in h_im,n, eC + eH − 1 → outExp)   (the −1 is the 2 of 2·Re)
 *              + rescale(D_i u_i, eD + eU → outExp) + bias_i );   a_i = max(y_i, 0)
 * cRe/cIm I8 [H × N] (one exponent eC); d I8 [H]; bias I16 [H] at outExp (BatchNorm shift through D).
 */
export interface S5OutputOp {
  readonly kind: 's5_output';
  readonly name: string;
  /** The complex state activation h from the block's s5_state op. */
  readonly input: string;
  /** The block input u (feed-through path). */
  readonly skip: string;
  readonly output: string;
  readonly cRe: string;
  readonly cIm: string;
  readonly d: string;
  readonly bias: string;
  readonly outExp: number;
}

/**
 * Half-GLU gate, residual add and ReLU, H outputs:
 *   g_i = sat16(rescale(Σ_j W_ij a_j, eW + eA → 6) + b_i)      (sigmoid input exponent 6)
 *   s_i = sigmoidLut(g_i)                                       (exponent 8)
 *   out_i = max(0, sat16(rescale(u_i, eU → outExp) + rescale(a_i·s_i, eA + 8 → outExp)))
 * weight I8 [H × H]; bias I16 [H] at exponent 6.
 */
export interface GluResidualOp {
  readonly kind: 'glu_residual';
  readonly name: string;
  /** a, the ReLU'd output of the block's s5_output op. */
  readonly input: string;
  /** u, the block input (residual path). */
  readonly residual: string;
  readonly output: string;
  readonly weight: string;
  readonly bias: string;
  readonly outExp: number;
}

export type QOp = InputOp | DenseOp | S5StateOp | S5OutputOp | GluResidualOp;
export type QOpKind = QOp['kind'];

/** Network hyper-parameters carried for reports and for re-creating the float model's shape. */
export type QGraphHyper = Pick<S5Hyper, 'width' | 'blocks' | 'hidden' | 'stateSize' | 'layers' | 'inputSize' | 'outputSize' | 'discretization'> & {
  /** Fraction of zero weights in the weight matrices at export. */
  readonly weightSparsity: number;
};

/** The graph JSON: ops in topological order, the output activation, and every tensor's format. */
export interface QGraphSpec {
  readonly ops: readonly QOp[];
  readonly output: string;
  readonly tensors: Readonly<Record<string, TensorFormat>>;
}

/** Integer tensors as stored (I8 / I16 / I32), row-major. */
export type IntTensorData = Int8Array | Int16Array | Int32Array;

export interface QTensor {
  readonly shape: readonly number[];
  readonly data: IntTensorData;
  readonly format: TensorFormat;
}

/** A loaded, validated QGraph. */
export interface QGraph {
  readonly spec: QGraphSpec;
  readonly hyper: QGraphHyper;
  readonly tensors: ReadonlyMap<string, QTensor>;
  /** Free-form provenance (source checkpoint, calibration frames, Loom version). */
  readonly provenance: Readonly<Record<string, string>>;
}
