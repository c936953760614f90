// Pass `lower`: QGraph ops → neuron groups (one per op, abstract function + parameters) and synapse groups (sparse weights).
//
// Complex matrices become separate real and imaginary synapse groups into separate ports; BatchNorm is
// already folded into B̄, D and the biases by the exporter; D becomes a diagonal synapse group.
import type { DenseOp, GluResidualOp, QGraph, QTensor, S5OutputOp, S5StateOp } from '../../models/qgraph/types.ts';
import { cscFromDense, type CscMatrix } from '../../models/reference/sparse.ts';
import type { CompilerIR, CompileMode, IrNode, NeuronFunction, NeuronGroup, SynapseGroup } from '../ir/types.ts';

interface LowerContext {
  readonly graph: QGraph;
  /** Exponent of every activation produced so far. */
  readonly exps: Map<string, number>;
  /** The node that emits each activation. */
  readonly nodeOf: Map<string, string>;
  readonly nodes: IrNode[];
  readonly synapses: SynapseGroup[];
}

function tensor(ctx: LowerContext, name: string): QTensor {
  return ctx.graph.tensors.get(name)!;
}

function layerOf(opName: string): string {
  const m = /^blocks\.(\d+)\./.exec(opName);
  return m ? `block${m[1]}` : opName;
}

function source(ctx: LowerContext, activation: string): string {
  return ctx.nodeOf.get(activation)!;
}

function group(ctx: LowerContext, name: string, size: number, fn: NeuronFunction, params: Int32Array[], outExp: number, fused: string[], channels = 1): NeuronGroup {
  const paramWords = params.length;
  const flat = new Int32Array(size * paramWords);
  for (let n = 0; n < size; n++) for (let k = 0; k < paramWords; k++) flat[n * paramWords + k] = params[k][n];
  const g: NeuronGroup = { kind: 'neuronGroup', name, layer: layerOf(name), size, fn, fused, channels, outExp, params: flat, paramWords };
  ctx.nodes.push(g);
  return g;
}

function connect(ctx: LowerContext, name: string, source: string, channel: number, target: string, port: number, weights: CscMatrix, weightExp: number, identity = false): void {
  ctx.synapses.push({ kind: 'synapseGroup', name, source: { node: source, channel }, target: { group: target, port }, weights, weightExp, identity });
}

function matrix(ctx: LowerContext, name: string): CscMatrix {
  const t = tensor(ctx, name);
  return cscFromDense(t.data, t.shape[0], t.shape[1]);
}

/** Diagonal matrix diag(values) (8-bit weights), or the identity when `values` is omitted. */
export function diagonal(size: number, values?: ArrayLike<number>): CscMatrix {
  const colStart = new Int32Array(size + 1);
  const rows: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < size; i++) {
    const w = values ? values[i] : 1;
    if (w !== 0) (rows.push(i), weights.push(w));
    colStart[i + 1] = rows.length;
  }
  return { rows: size, cols: size, colStart, rowIndex: Uint16Array.from(rows), values: Int8Array.from(weights) };
}

const int32 = (t: QTensor): Int32Array => Int32Array.from(t.data);

function lowerDense(ctx: LowerContext, op: DenseOp): void {
  const w = tensor(ctx, op.weight);
  const accExp = w.format.exp + ctx.exps.get(op.input)!;
  const fused = ['Σ W·x', 'rescale', '+ bias', 'saturate 16', ...(op.relu ? ['ReLU'] : [])];
  group(ctx, op.name, w.shape[0], { kind: 'dense', accExp, outExp: op.outExp, relu: op.relu }, [int32(tensor(ctx, op.bias))], op.outExp, fused);
  connect(ctx, `${op.name}.W`, source(ctx, op.input), 0, op.name, 0, matrix(ctx, op.weight), w.format.exp);
}

function lowerState(ctx: LowerContext, op: S5StateOp): void {
  const b = tensor(ctx, op.bRe);
  const accExp = b.format.exp + ctx.exps.get(op.input)!;
  const lambdaExp = tensor(ctx, op.lambdaRe).format.exp;
  const params = [op.lambdaRe, op.lambdaIm, op.biasRe, op.biasIm].map((n) => int32(tensor(ctx, n)));
  const fused = ['Σ B̄·u (re, im)', 'BatchNorm (folded)', 'rescale', '+ bias', 'complex state step', 'saturate 16', 'complex ReLU'];
  group(ctx, op.name, b.shape[0], { kind: 'complexState', accExp, stateExp: op.stateExp, lambdaExp }, params, op.stateExp, fused, 2);
  connect(ctx, `${op.name}.B_re`, source(ctx, op.input), 0, op.name, 0, matrix(ctx, op.bRe), b.format.exp);
  connect(ctx, `${op.name}.B_im`, source(ctx, op.input), 0, op.name, 1, matrix(ctx, op.bIm), b.format.exp);
}

function lowerOutput(ctx: LowerContext, op: S5OutputOp): void {
  const c = tensor(ctx, op.cRe);
  const d = tensor(ctx, op.d);
  const state = source(ctx, op.input);
  const cAccExp = c.format.exp + ctx.exps.get(op.input)! - 1;
  const dAccExp = d.format.exp + ctx.exps.get(op.skip)!;
  const fused = ['Σ C̃_re·h_re − Σ C̃_im·h_im', '×2 (exponent)', 'D·u', 'rescale', '+ bias', 'saturate 16', 'ReLU'];
  group(ctx, op.name, c.shape[0], { kind: 'output', cAccExp, dAccExp, outExp: op.outExp }, [int32(tensor(ctx, op.bias))], op.outExp, fused);
  connect(ctx, `${op.name}.C_re`, state, 0, op.name, 0, matrix(ctx, op.cRe), c.format.exp);
  connect(ctx, `${op.name}.C_im`, state, 1, op.name, 1, matrix(ctx, op.cIm), c.format.exp);
  connect(ctx, `${op.name}.D`, source(ctx, op.skip), 0, op.name, 2, diagonal(d.data.length, d.data), d.format.exp);
}

function lowerGlu(ctx: LowerContext, op: GluResidualOp): void {
  const w = tensor(ctx, op.weight);
  const aExp = ctx.exps.get(op.input)!;
  const size = w.shape[0];
  const fn: NeuronFunction = { kind: 'gluResidual', gateAccExp: w.format.exp + aExp, aExp, uExp: ctx.exps.get(op.residual)!, outExp: op.outExp };
  const fused = ['Σ W·a', 'rescale', '+ gate bias', 'sigmoid table', 'a·σ', 'rescale', '+ residual u', 'saturate 16', 'ReLU'];
  group(ctx, op.name, size, fn, [int32(tensor(ctx, op.bias))], op.outExp, fused);
  connect(ctx, `${op.name}.W`, source(ctx, op.input), 0, op.name, 0, matrix(ctx, op.weight), w.format.exp);
  connect(ctx, `${op.name}.a`, source(ctx, op.input), 0, op.name, 1, diagonal(size), 0, true);
  connect(ctx, `${op.name}.u`, source(ctx, op.residual), 0, op.name, 2, diagonal(size), 0, true);
}

/** Lower a validated QGraph. */
export function lowerQGraph(graph: QGraph, mode: CompileMode): CompilerIR {
  const ctx: LowerContext = { graph, exps: new Map(), nodeOf: new Map(), nodes: [], synapses: [] };
  for (const op of graph.spec.ops) {
    if (op.kind === 'input') ctx.nodes.push({ kind: 'input', name: op.name, size: op.size, exp: op.exp, offset: op.offset });
    else LOWERINGS[op.kind](ctx, op as never);
    ctx.nodeOf.set(op.output, op.name);
    ctx.exps.set(op.output, op.kind === 'input' ? op.exp : op.kind === 's5_state' ? op.stateExp : op.outExp);
  }
  return { nodes: ctx.nodes, synapses: ctx.synapses, output: { group: source(ctx, graph.spec.output), channel: 0 }, mode };
}

/** One lowering per op kind (the input op becomes the host input node). */
const LOWERINGS = {
  dense: lowerDense,
  s5_state: lowerState,
  s5_output: lowerOutput,
  glu_residual: lowerGlu,
} as const;
