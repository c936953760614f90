// Reference kernels: one per QGraph op kind, each the executable integer semantics documented in models/qgraph/types.ts.
import {
  SIGMOID_INPUT_EXP,
  SIGMOID_OUTPUT_EXP,
  SaturationCounter,
  complexReluPasses,
  complexStateStep,
  rescale,
  saturate,
  sigmoidLut,
} from '../../isa/arith.ts';
import type { DenseOp, GluResidualOp, QGraph, QOp, QTensor, S5OutputOp, S5StateOp } from '../qgraph/types.ts';
import type { ActivationShape } from '../qgraph/validate.ts';
import { cscFromDense, scatterAccumulate, type CscMatrix } from './sparse.ts';

const ACTIVATION_BITS = 16;

/** Per-layer work counters, accumulated over frames. */
export interface LayerCounts {
  readonly name: string;
  readonly kind: QOp['kind'];
  /** Output values per frame (2N for a complex state layer). */
  readonly outputsPerFrame: number;
  /** Non-zero weight × non-zero input products. */
  synapticOps: number;
  neuronUpdates: number;
  /** Non-zero outputs (each becomes a graded message on chip). */
  messages: number;
  readonly saturation: SaturationCounter;
}

/** A compiled op: reads its input buffers, writes its output buffer, counts its work. */
export interface Kernel {
  readonly counts: LayerCounts;
  readonly output: Int32Array;
  step(): void;
  reset(): void;
}

export interface KernelContext {
  readonly graph: QGraph;
  readonly shapes: ReadonlyMap<string, ActivationShape>;
  readonly buffers: ReadonlyMap<string, Int32Array>;
}

function newCounts(op: QOp, outputsPerFrame: number): LayerCounts {
  return { name: op.name, kind: op.kind, outputsPerFrame, synapticOps: 0, neuronUpdates: 0, messages: 0, saturation: new SaturationCounter() };
}

function tensor(ctx: KernelContext, name: string): QTensor {
  return ctx.graph.tensors.get(name)!;
}

function csc(ctx: KernelContext, name: string): CscMatrix {
  const t = tensor(ctx, name);
  return cscFromDense(t.data, t.shape[0], t.shape[1]);
}

function countNonZero(values: Int32Array): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) n++;
  return n;
}

/** What every weight-matrix layer holds: its input, CSC weights, accumulators, bias, output and counters. */
function matrixLayer(op: DenseOp | GluResidualOp, ctx: KernelContext) {
  const x = ctx.buffers.get(op.input)!;
  const xExp = ctx.shapes.get(op.input)!.exp;
  const w = csc(ctx, op.weight);
  const counts = newCounts(op, w.rows);
  return {
    x,
    xExp,
    w,
    accExp: tensor(ctx, op.weight).format.exp + xExp,
    bias: tensor(ctx, op.bias).data,
    out: ctx.buffers.get(op.output)!,
    acc: new Float64Array(w.rows),
    counts,
    sat: counts.saturation,
  };
}

function denseKernel(op: DenseOp, ctx: KernelContext): Kernel {
  const { x, w, accExp, bias, out, acc, counts, sat } = matrixLayer(op, ctx);
  return {
    counts,
    output: out,
    reset() {},
    step() {
      acc.fill(0);
      counts.synapticOps += scatterAccumulate(w, x, 0, acc, 1);
      for (let i = 0; i < w.rows; i++) {
        const y = saturate(rescale(acc[i], accExp, op.outExp) + bias[i], ACTIVATION_BITS, sat);
        out[i] = op.relu && y < 0 ? 0 : y;
      }
      counts.neuronUpdates += w.rows;
      counts.messages += countNonZero(out);
    },
  };
}

function s5StateKernel(op: S5StateOp, ctx: KernelContext): Kernel {
  const u = ctx.buffers.get(op.input)!;
  const accExp = tensor(ctx, op.bRe).format.exp + ctx.shapes.get(op.input)!.exp;
  const lambdaExp = tensor(ctx, op.lambdaRe).format.exp;
  const [bRe, bIm] = [csc(ctx, op.bRe), csc(ctx, op.bIm)];
  const [lRe, lIm] = [tensor(ctx, op.lambdaRe).data, tensor(ctx, op.lambdaIm).data];
  const [biasRe, biasIm] = [tensor(ctx, op.biasRe).data, tensor(ctx, op.biasIm).data];
  const n = lRe.length;
  const h = ctx.buffers.get(op.output)!; // re block [0, n), im block [n, 2n)
  const [accRe, accIm] = [new Float64Array(n), new Float64Array(n)];
  const [xRe, xIm] = [new Int32Array(n), new Int32Array(n)];
  const next = new Int32Array(2);
  const counts = newCounts(op, 2 * n);
  const sat = counts.saturation;
  return {
    counts,
    output: h,
    reset() {
      xRe.fill(0);
      xIm.fill(0);
    },
    step() {
      accRe.fill(0);
      accIm.fill(0);
      counts.synapticOps += scatterAccumulate(bRe, u, 0, accRe, 1) + scatterAccumulate(bIm, u, 0, accIm, 1);
      for (let i = 0; i < n; i++) {
        const buRe = rescale(accRe[i], accExp, op.stateExp) + biasRe[i];
        const buIm = rescale(accIm[i], accExp, op.stateExp) + biasIm[i];
        complexStateStep(lRe[i], lIm[i], lambdaExp, xRe[i], xIm[i], buRe, buIm, ACTIVATION_BITS, next, sat);
        xRe[i] = next[0];
        xIm[i] = next[1];
        const pass = complexReluPasses(next[0], next[1]);
        h[i] = pass ? next[0] : 0;
        h[n + i] = pass ? next[1] : 0;
      }
      counts.neuronUpdates += n;
      counts.messages += countNonZero(h);
    },
  };
}

function s5OutputKernel(op: S5OutputOp, ctx: KernelContext): Kernel {
  const h = ctx.buffers.get(op.input)!;
  const u = ctx.buffers.get(op.skip)!;
  const hShape = ctx.shapes.get(op.input)!;
  const cAccExp = tensor(ctx, op.cRe).format.exp + hShape.exp - 1; // −1: the factor 2 of 2·Re(C̃h)
  const dAccExp = tensor(ctx, op.d).format.exp + ctx.shapes.get(op.skip)!.exp;
  const [cRe, cIm] = [csc(ctx, op.cRe), csc(ctx, op.cIm)];
  const d = tensor(ctx, op.d).data;
  const bias = tensor(ctx, op.bias).data;
  const size = d.length;
  const n = hShape.size;
  const out = ctx.buffers.get(op.output)!;
  const acc = new Float64Array(size);
  const counts = newCounts(op, size);
  const sat = counts.saturation;
  return {
    counts,
    output: out,
    reset() {},
    step() {
      acc.fill(0);
      counts.synapticOps += scatterAccumulate(cRe, h, 0, acc, 1) + scatterAccumulate(cIm, h, n, acc, -1);
      for (let i = 0; i < size; i++) {
        const du = d[i] * u[i];
        if (du !== 0) counts.synapticOps++;
        const y = saturate(rescale(acc[i], cAccExp, op.outExp) + rescale(du, dAccExp, op.outExp) + bias[i], ACTIVATION_BITS, sat);
        out[i] = y > 0 ? y : 0;
      }
      counts.neuronUpdates += size;
      counts.messages += countNonZero(out);
    },
  };
}

function gluResidualKernel(op: GluResidualOp, ctx: KernelContext): Kernel {
  const { x: a, xExp: aExp, w, accExp: gateAccExp, bias, out, acc, counts, sat } = matrixLayer(op, ctx);
  const u = ctx.buffers.get(op.residual)!;
  const uExp = ctx.shapes.get(op.residual)!.exp;
  return {
    counts,
    output: out,
    reset() {},
    step() {
      acc.fill(0);
      counts.synapticOps += scatterAccumulate(w, a, 0, acc, 1);
      for (let i = 0; i < w.rows; i++) {
        const g = saturate(rescale(acc[i], gateAccExp, SIGMOID_INPUT_EXP) + bias[i], ACTIVATION_BITS, sat);
        const s = sigmoidLut(g);
        const sum = rescale(u[i], uExp, op.outExp) + rescale(a[i] * s, aExp + SIGMOID_OUTPUT_EXP, op.outExp);
        const y = saturate(sum, ACTIVATION_BITS, sat);
        out[i] = y > 0 ? y : 0;
      }
      counts.neuronUpdates += w.rows;
      counts.messages += countNonZero(out);
    },
  };
}

type KernelFactory<K extends QOp['kind']> = (op: Extract<QOp, { kind: K }>, ctx: KernelContext) => Kernel;

/** One registry from op kind to kernel; the input op has none (the host quantizes frames into its buffer). */
export const KERNELS: { readonly [K in Exclude<QOp['kind'], 'input'>]: KernelFactory<K> } = {
  dense: denseKernel,
  s5_state: s5StateKernel,
  s5_output: s5OutputKernel,
  glu_residual: gluResidualKernel,
};
