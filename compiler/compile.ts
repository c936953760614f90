// `compileQGraph`: the whole compiler as one call — run every pass, return the chip image, the compile report and the final state.
import type { ChipSpec } from '../isa/chip/schema.ts';
import type { ChipImage } from '../isa/image/types.ts';
import type { QGraph } from '../models/qgraph/types.ts';
import type { CompileMode } from './ir/types.ts';
import type { CompileState } from './pass.ts';
import { runPipeline, type PipelineOptions } from './pipeline.ts';
import { buildCompileReport, type CompileReport } from './report.ts';

export interface CompileOptions {
  readonly chip: ChipSpec;
  readonly mode: CompileMode;
  readonly seed: number;
  /** Spread the program over this many chips. */
  readonly chips?: number;
  /** Measured activation sparsity per node name (traffic estimates); default P(active) 0.5. */
  readonly activity?: ReadonlyMap<string, number>;
  /** One neuron group per core at least (more cores, shorter pipelined steps); default off. */
  readonly spread?: boolean;
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
  const { chip, mode, seed, chips, activity, spread } = options;
  const { state, timings } = runPipeline({ qgraph }, { chip, mode, seed, chips, activity, spread }, { verify: options.verify, onPass: options.onPass });
  if (!state.image) throw new Error('compileQGraph: the pipeline ended without an image');
  return { image: state.image, report: buildCompileReport(state, chip, seed, timings), state };
}
