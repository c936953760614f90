// The pass contract: a named pure function from compile state to compile state, and the context every pass may read.
import type { ChipSpec } from '../isa/chip/schema.ts';
import type { QGraph } from '../models/qgraph/types.ts';
import type { ChipImage } from '../isa/image/types.ts';
import type { PhysicalPlan } from './ir/physical.ts';
import type { CompileMode, CompilerIR } from './ir/types.ts';
import type { MappingObjective } from './cost/objective.ts';

/** Options fixed for a whole compile. */
export interface PassContext {
  readonly chip: ChipSpec;
  readonly mode: CompileMode;
  /** Seed of placement refinement (compiles are deterministic for a seed). */
  readonly seed: number;
  /** Force the program onto this many chips (spread), when given. */
  readonly chips?: number;
  /** Measured activation sparsity per node (from a calibration run), for traffic estimates. */
  readonly activity?: ReadonlyMap<string, number>;
  /**
   * What the split pass optimises (compiler/cost/objective.ts): `latency` the predicted fall-through
   * critical path, `throughput` the predicted slowest core, `cores` the fewest cores. Default: latency for
   * fall-through images, throughput for pipelined and both.
   */
  readonly objective?: MappingObjective;
}

/** What flows through the pipeline; each phase adds its part. */
export interface CompileState {
  readonly qgraph: QGraph;
  readonly ir?: CompilerIR;
  /** The physical plan: set by split, extended by place and route. */
  readonly plan?: PhysicalPlan;
  /** The chip image, set by emit. */
  readonly image?: ChipImage;
}

export interface Pass {
  readonly name: string;
  /** One line for `loom compile --help` and reports. */
  readonly summary: string;
  run(state: CompileState, ctx: PassContext): CompileState;
}
