// The fixed-point reference interpreter: runs a QGraph frame by frame, state carried, bit-exact, with per-layer counts.
import { SaturationCounter, quantizeActivations } from '../../isa/arith.ts';
import { LoomError } from '../../isa/diagnostics/index.ts';
import type { InputOp, QGraph, QOp } from '../qgraph/types.ts';
import { validateQGraph } from '../qgraph/validate.ts';
import { KERNELS, type Kernel, type KernelContext, type LayerCounts } from './kernels.ts';

export type { LayerCounts } from './kernels.ts';

/** Per-layer totals over a run, with derived rates. */
export interface LayerReport {
  readonly name: string;
  readonly kind: QOp['kind'];
  readonly synapticOps: number;
  readonly neuronUpdates: number;
  readonly messages: number;
  /** Fraction of output values that were zero (no message sent). */
  readonly activationSparsity: number;
  readonly saturations: number;
}

/** Streaming interpreter: `step` takes one frame of |X| (floats) or pre-quantized integers and returns the output. */
export class ReferenceInterpreter {
  readonly inputOp: InputOp;
  readonly outputExp: number;
  readonly outputSize: number;
  private readonly kernels: Kernel[];
  private readonly inputBuffer: Int32Array;
  private readonly outputBuffer: Int32Array;
  readonly inputSaturation = new SaturationCounter();
  frames = 0;

  constructor(readonly graph: QGraph) {
    const shapes = validateQGraph(graph.spec, graph.tensors);
    const buffers = new Map<string, Int32Array>();
    for (const [name, s] of shapes) buffers.set(name, new Int32Array(s.complex ? 2 * s.size : s.size));
    const ctx: KernelContext = { graph, shapes, buffers };
    this.inputOp = graph.spec.ops[0] as InputOp;
    this.inputBuffer = buffers.get(this.inputOp.output)!;
    this.kernels = graph.spec.ops.slice(1).map((op) => (KERNELS[op.kind as Exclude<QOp['kind'], 'input'>] as (o: QOp, c: KernelContext) => Kernel)(op, ctx));
    this.outputBuffer = buffers.get(graph.spec.output)!;
    this.outputExp = shapes.get(graph.spec.output)!.exp;
    this.outputSize = this.outputBuffer.length;
  }

  /** Forget the carried state (start of a new clip); counts are kept. */
  reset(): void {
    for (const k of this.kernels) k.reset();
  }

  /** Quantize one frame of float input (|X|, before the offset) and run it. Returns the shared output buffer. */
  step(frame: ArrayLike<number>): Int32Array {
    this.checkWidth(frame.length);
    quantizeActivations(frame, this.inputOp.offset, this.inputOp.exp, 16, this.inputBuffer, this.inputSaturation);
    return this.run();
  }

  /** Run one frame already quantized at the input exponent. Returns the shared output buffer. */
  stepQuantized(frame: ArrayLike<number>): Int32Array {
    this.checkWidth(frame.length);
    for (let i = 0; i < frame.length; i++) this.inputBuffer[i] = frame[i];
    return this.run();
  }

  private checkWidth(width: number): void {
    if (width !== this.inputOp.size) throw new LoomError('input-width', { frame: this.frames, actual: width, expected: this.inputOp.size });
  }

  private run(): Int32Array {
    for (const k of this.kernels) k.step();
    this.frames++;
    return this.outputBuffer;
  }

  get layerCounts(): readonly LayerCounts[] {
    return this.kernels.map((k) => k.counts);
  }

  /** Totals per layer so far. */
  report(): LayerReport[] {
    return this.kernels.map(({ counts: c }) => ({
      name: c.name,
      kind: c.kind,
      synapticOps: c.synapticOps,
      neuronUpdates: c.neuronUpdates,
      messages: c.messages,
      activationSparsity: this.frames === 0 ? 0 : 1 - c.messages / (this.frames * c.outputsPerFrame),
      saturations: c.saturation.count,
    }));
  }
}

/** Result of running a clip: outputs frame-major [frames × outputSize] at `outputExp`, plus per-layer totals. */
export interface ReferenceRun {
  readonly frames: number;
  readonly outputSize: number;
  readonly outputExp: number;
  readonly outputs: Int32Array;
  readonly layers: LayerReport[];
  readonly inputSaturations: number;
}

/** Run a sequence of float frames from a fresh state. `onProgress(done, total)` is called every 64 frames. */
export function runReference(
  graph: QGraph,
  frames: readonly ArrayLike<number>[],
  onProgress?: (done: number, total: number) => void,
): ReferenceRun {
  const interp = new ReferenceInterpreter(graph);
  const outputs = new Int32Array(frames.length * interp.outputSize);
  frames.forEach((frame, t) => {
    outputs.set(interp.step(frame), t * interp.outputSize);
    if (onProgress && ((t + 1) % 64 === 0 || t + 1 === frames.length)) onProgress(t + 1, frames.length);
  });
  return {
    frames: frames.length,
    outputSize: interp.outputSize,
    outputExp: interp.outputExp,
    outputs,
    layers: interp.report(),
    inputSaturations: interp.inputSaturation.count,
  };
}
