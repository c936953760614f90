// `compileQGraph`: the whole compiler as one call — run every pass, return the chip image, the compile report and the final state.
import type { ChipImage } from '../isa/image/types.ts';
import type { QGraph } from '../models/qgraph/types.ts';
import type { CompileState, PassContext } from './pass.ts';
import { runPipeline, type PipelineOptions } from './pipeline.ts';
import { buildCompileReport, type CompileReport } from './report.ts';

/** The pass context (chip, mode, seed, chips, activity, spread) plus how to run the pipeline. */
export interface CompileOptions extends PassContext {
  /** Verify the IR after every pass (tests, --verify). */
  readonly verify?: boolean;
  readonly onPass?: PipelineOptions['onPass'];
}

export interface CompileResult {
  readonly image: ChipImage;
  readonly report: CompileReport;
  readonly state: CompileState;
}

/** Compile a QGraph for a chip spec. User errors are LoomErrors (3xx split, 4xx place/route, 5xx image). */
export function compileQGraph(qgraph: QGraph, options: CompileOptions): CompileResult {
  const { verify, onPass, ...ctx } = options;
  const { state, timings } = runPipeline({ qgraph }, ctx, { verify, onPass });
  if (!state.image) throw new Error('compileQGraph: the pipeline ended without an image');
  return { image: state.image, report: buildCompileReport(state, ctx.chip, ctx.seed, timings, ctx.activity), state };
}
