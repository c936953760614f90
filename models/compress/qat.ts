// Quantization-aware training's view of the network: the exporter itself (models/qgraph/export.ts) picks every scale and rounds every weight, and QAT trains against exactly those integers.
import { exportQGraph, type ExportResult } from '../qgraph/export.ts';
import type { DenseOp, GluResidualOp, InputOp, QGraph, S5OutputOp, S5StateOp } from '../qgraph/types.ts';
import type { S5Network } from '../s5/types.ts';
import type { QuantSpec } from '../train/model.ts';
import { tf } from '../train/tensors.ts';

export interface QatOptions {
  /** Calibration frames (|X|), the same every time so that exponents only move with the weights. */
  readonly calibrationFrames: readonly Float64Array[];
  readonly headroomBits: number;
  /** RMS level (dBFS) of the audio the model was trained on, recorded in the QGraph for `loom denoise`. */
  readonly inputLevelDb?: number;
}

/** The exported graph and the fake-quantization spec read from it; dispose `spec` when done. */
export interface QatView {
  readonly export: ExportResult;
  readonly spec: QuantSpec;
}

/** The integers of a QGraph tensor as floats on its grid: q·2^−exp. */
export function dequantize(graph: QGraph, name: string): Float32Array {
  const t = graph.tensors.get(name)!;
  const scale = 2 ** -t.format.exp;
  const out = new Float32Array(t.data.length);
  for (let i = 0; i < out.length; i++) out[i] = t.data[i] * scale;
  return out;
}

/** Export `net` (the hard-masked, ReLU network) and read the weights and exponents QAT must use. */
export function qatView(net: S5Network, o: QatOptions): QatView {
  const provenance: Record<string, string> = { source: 'loom compress' };
  if (o.inputLevelDb !== undefined) provenance.inputLevelDb = String(o.inputLevelDb);
  const result = exportQGraph(net, { calibrationFrames: o.calibrationFrames, headroomBits: o.headroomBits, provenance });
  return { export: result, spec: specFromGraph(result.graph) };
}

/** Dequantized weights by QGraph tensor name, activation exponents by op, and the fixed-point state layers. */
export function specFromGraph(graph: QGraph): QuantSpec {
  const weights = new Map<string, tf.Tensor>();
  for (const [name, t] of graph.tensors) weights.set(name, tf.tensor(dequantize(graph, name), [...t.shape]));
  const ops = graph.spec.ops;
  const byName = <T>(name: string): T => ops.find((op) => op.name === name) as T;
  const blocks = Array.from({ length: graph.hyper.layers }, (_, i) => {
    const state = byName<S5StateOp>(`blocks.${i}.state`);
    const output = byName<S5OutputOp>(`blocks.${i}.output`);
    const glu = byName<GluResidualOp>(`blocks.${i}.glu`);
    const lRe = graph.tensors.get(state.lambdaRe)!;
    const lIm = graph.tensors.get(state.lambdaIm)!;
    return {
      stateExp: state.stateExp,
      aExp: output.outExp,
      outExp: glu.outExp,
      scan: { lambdaRe: Int32Array.from(lRe.data), lambdaIm: Int32Array.from(lIm.data), lambdaExp: lRe.format.exp, stateExp: state.stateExp, bits: 16 },
    };
  });
  return {
    weights,
    inputExp: (ops[0] as InputOp).exp,
    encoderExp: byName<DenseOp>('encoder').outExp,
    maskExp: byName<DenseOp>('decoder').outExp,
    blocks,
  };
}

export function disposeSpec(spec: QuantSpec): void {
  tf.dispose([...spec.weights.values()]);
}
