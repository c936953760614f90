// The compiler pipeline: the passes in order (one line each), run with timing, IR verification and --dump-after.
import { validateQGraph } from '../models/qgraph/validate.ts';
import { assertValidIr } from './ir/verify.ts';
import type { CompileState, Pass, PassContext } from './pass.ts';
import { balanceDelays } from './passes/balance-delays.ts';
import { fuse } from './passes/fuse.ts';
import { lowerQGraph } from './passes/lower.ts';

function requireIr(state: CompileState, pass: string) {
  if (!state.ir) throw new Error(`pass ${pass} needs the IR; run lower first`);
  return state.ir;
}

export const PASSES: readonly Pass[] = [
  // 1. re-check the QGraph (shapes, dtypes, bit widths, exponents, edges)
  { name: 'load', summary: 'validate the QGraph', run: (s) => (validateQGraph(s.qgraph.spec, s.qgraph.tensors), s) },
  // 2. one neuron group per op, synapse groups per weight matrix (complex → re/im), BatchNorm folded
  { name: 'lower', summary: 'QGraph → neuron, synapse and input nodes', run: (s, ctx) => ({ ...s, ir: lowerQGraph(s.qgraph, ctx.mode) }) },
  // 3. each group's element-wise chain → one micro-code program
  { name: 'fuse', summary: 'element-wise chains → neuron programs', run: (s) => ({ ...s, ir: fuse(requireIr(s, 'fuse')) }) },
  // 4. pipeline stages; relay stages on skip paths (pipelined / both)
  { name: 'balance-delays', summary: 'align skip paths for pipelined execution', run: (s) => ({ ...s, ir: balanceDelays(requireIr(s, 'balance-delays')) }) },
];

/** Wall time of each pass that ran. */
export interface PassTiming {
  readonly pass: string;
  readonly ms: number;
}

export interface PipelineOptions {
  /** Stop after this pass (for dumps and tests). */
  readonly stopAfter?: string;
  /** Verify the IR after every pass (tests, --verify). */
  readonly verify?: boolean;
  /** Called with the state after each pass (for --dump-after). */
  readonly onPass?: (pass: Pass, state: CompileState) => void;
}

export function runPipeline(initial: CompileState, ctx: PassContext, options: PipelineOptions = {}): { state: CompileState; timings: PassTiming[] } {
  let state = initial;
  const timings: PassTiming[] = [];
  for (const pass of PASSES) {
    const start = performance.now();
    state = pass.run(state, ctx);
    timings.push({ pass: pass.name, ms: performance.now() - start });
    if (options.verify && state.ir) assertValidIr(state.ir, pass.name);
    options.onPass?.(pass, state);
    if (pass.name === options.stopAfter) break;
  }
  return { state, timings };
}

export const PASS_NAMES = PASSES.map((p) => p.name);
