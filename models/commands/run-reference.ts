// `loom reference`: run a QGraph through the fixed-point reference interpreter on a synthetic clip and tabulate per-layer work.
import { formatTable, percent } from '../../isa/format/table.ts';
import { syntheticFrames } from '../data/synthetic-frames.ts';
import { readQGraphFile } from '../qgraph/format.ts';
import type { QGraph } from '../qgraph/types.ts';
import { runReference, type ReferenceRun } from '../reference/interpreter.ts';

export interface ReferenceRunOptions {
  readonly frames: number;
  readonly seed: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ReferenceSummary {
  readonly run: ReferenceRun;
  readonly wallMs: number;
}

export function runReferenceOnSynthetic(graph: QGraph, options: ReferenceRunOptions): ReferenceSummary {
  const frames = syntheticFrames({ count: options.frames, seed: options.seed, bins: graph.hyper.inputSize });
  const start = performance.now();
  const run = runReference(graph, frames, options.onProgress);
  return { run, wallMs: performance.now() - start };
}

export function runReferenceFile(path: string, options: ReferenceRunOptions): ReferenceSummary {
  return runReferenceOnSynthetic(readQGraphFile(path), options);
}

/** Per-layer table plus totals, per frame. */
export function formatReferenceRun({ run, wallMs }: ReferenceSummary): string {
  const f = Math.max(run.frames, 1);
  const rows = run.layers.map((l) => [l.name, l.kind, l.synapticOps / f, l.neuronUpdates / f, l.messages / f, percent(l.activationSparsity), l.saturations]);
  const synops = run.layers.reduce((a, l) => a + l.synapticOps, 0);
  const messages = run.layers.reduce((a, l) => a + l.messages, 0);
  let outAbs = 0;
  let outNonZero = 0;
  for (const v of run.outputs) {
    outAbs += Math.abs(v);
    if (v !== 0) outNonZero++;
  }
  return [
    formatTable(['layer', 'op', 'synops/frame', 'updates/frame', 'messages/frame', 'act. sparsity', 'saturations'], rows),
    '',
    `frames ${run.frames} · synaptic ops/frame ${Math.round(synops / f).toLocaleString('en-US')} · messages/frame ${Math.round(messages / f).toLocaleString('en-US')}`,
    `output: mean |mask| ${((outAbs / run.outputs.length) * 2 ** -run.outputExp).toFixed(4)} (exp ${run.outputExp}), non-zero ${percent(outNonZero / run.outputs.length)}, input saturations ${run.inputSaturations}`,
    `wall ${wallMs.toFixed(1)} ms · ${(wallMs / f).toFixed(3)} ms/frame · ${((synops / wallMs) * 1e3).toExponential(2)} synaptic ops/s (reference interpreter)`,
  ].join('\n');
}
