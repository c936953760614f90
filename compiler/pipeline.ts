// The compiler pipeline: the passes in order (one line each), run with timing, IR verification and --dump-after.
import { validateQGraph } from '../models/qgraph/validate.ts';
import { assertValidIr } from './ir/verify.ts';
import type { CompileState, Pass, PassContext } from './pass.ts';
import { balanceDelays } from './passes/balance-delays.ts';
import { fuse } from './passes/fuse.ts';
import { lowerQGraph } from './passes/lower.ts';
import { emit } from './passes/emit.ts';
import { place } from './passes/place.ts';
import { route } from './passes/route.ts';
import { split } from './passes/split.ts';

function requireIr(state: CompileState, pass: string) {
  if (!state.ir) throw new Error(`pass ${pass} needs the IR; run lower first`);
  return state.ir;
}

function requirePlan(state: CompileState, pass: string) {
  if (!state.plan) throw new Error(`pass ${pass} needs the physical plan; run split first`);
  return state.plan;
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
  // 5. groups → blocks packed on logical cores, every per-core resource within its limit (hardware words)
  { name: 'split', summary: 'pack neuron blocks onto cores within every resource limit', run: (s, ctx) => ({ ...s, plan: split(requireIr(s, 'split'), ctx) }) },
  // 6. logical cores → (chip, core) positions minimising hop-weighted traffic (greedy seed + seeded annealing)
  { name: 'place', summary: 'place cores on chips minimising hop-weighted traffic', run: (s, ctx) => ({ ...s, plan: place(requireIr(s, 'place'), requirePlan(s, 'place'), ctx) }) },
  // 7. input-axon numbers, axon tables, X-Y mesh and chip-link routes with estimated link loads
  { name: 'route', summary: 'number axons, build axon tables, estimate link loads', run: (s, ctx) => ({ ...s, plan: route(requireIr(s, 'route'), requirePlan(s, 'route'), ctx) }) },
  // 8. the chip image: per-core memory, I/O map and symbols, validated
  { name: 'emit', summary: 'lay out memory and emit the chip image', run: (s, ctx) => ({ ...s, image: emit(requireIr(s, 'emit'), requirePlan(s, 'emit'), ctx) }) },
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
