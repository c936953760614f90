// `loom demo` (for now): the bundled default model through the fixed-point reference interpreter, with a per-layer table.
import { formatTable } from '../../isa/format/table.ts';
import { DEFAULT_MODEL } from '../bundled/index.ts';
import { readQGraphFile } from '../qgraph/format.ts';
import { formatReferenceRun, runReferenceOnSynthetic, type ReferenceRunOptions } from './run-reference.ts';

/** Runs the default model on a synthetic clip and returns the text to print. */
export function demo(options: Partial<ReferenceRunOptions> = {}): string {
  const graph = readQGraphFile(DEFAULT_MODEL.file);
  const h = graph.hyper;
  const header = formatTable(
    ['model', 'width', 'H', 'P', 'layers', 'weight sparsity'],
    [[DEFAULT_MODEL.name, h.width, h.hidden, h.stateSize, h.layers, `${(h.weightSparsity * 100).toFixed(1)} %`]],
  );
  const summary = runReferenceOnSynthetic(graph, { frames: options.frames ?? 375, seed: options.seed ?? 1, onProgress: options.onProgress });
  return [
    `Loom demo: ${DEFAULT_MODEL.description}, ${summary.run.frames} synthetic frames (8 ms each) through the fixed-point reference interpreter`,
    '',
    header,
    '',
    formatReferenceRun(summary),
  ].join('\n');
}
