// `loom compile`: QGraph file + chip spec → chip image file, JSON report, terminal report, optional IR dumps.
import { loadChipSpec } from '../../isa/chip/load.ts';
import { LoomError } from '../../isa/diagnostics/index.ts';
import { writeFileAtomic } from '../../isa/files.ts';
import { encodeImage } from '../../isa/image/index.ts';
import { syntheticFrames } from '../../models/data/synthetic-frames.ts';
import { readQGraphFile } from '../../models/qgraph/format.ts';
import type { QGraph } from '../../models/qgraph/types.ts';
import { runReference } from '../../models/reference/interpreter.ts';
import { compileQGraph, type CompileResult } from '../compile.ts';
import { printIr } from '../ir/print.ts';
import type { CompileMode } from '../ir/types.ts';
import type { MappingObjective } from '../cost/objective.ts';
import { PASS_NAMES } from '../pipeline.ts';
import { formatCompileReport } from '../report.ts';

export interface CompileFileOptions {
  readonly qgraph: string;
  readonly chip: string;
  readonly out: string;
  readonly report?: string;
  readonly mode: CompileMode;
  readonly seed: number;
  readonly chips?: number;
  /** What the split pass optimises; default: latency for fall-through, throughput otherwise. */
  readonly objective?: MappingObjective;
  /** Frames of a synthetic clip to measure activation sparsity for traffic estimates (0: assume 50 %). */
  readonly calibrationFrames?: number;
  /** Print the IR after this pass. */
  readonly dumpAfter?: string;
  readonly verify?: boolean;
  readonly print?: (text: string) => void;
}

/** Activation sparsity per QGraph op (= neuron group name) over a synthetic clip. */
export function measureActivity(graph: QGraph, frames: number, seed = 7): Map<string, number> {
  const run = runReference(graph, syntheticFrames({ count: frames, seed, bins: graph.hyper.inputSize }));
  return new Map(run.layers.map((l) => [l.name, l.activationSparsity]));
}

/** Compile a QGraph file; writes the image (and report) atomically and returns the result. */
export function compileFile(o: CompileFileOptions): CompileResult {
  if (o.dumpAfter !== undefined && !PASS_NAMES.includes(o.dumpAfter)) {
    throw new LoomError('cli-option', { option: '--dump-after', value: o.dumpAfter, detail: `unknown pass; passes: ${PASS_NAMES.join(', ')}` });
  }
  const graph = readQGraphFile(o.qgraph);
  const chip = loadChipSpec(o.chip);
  const activity = o.calibrationFrames ? measureActivity(graph, o.calibrationFrames) : undefined;
  const result = compileQGraph(graph, {
    chip,
    mode: o.mode,
    seed: o.seed,
    chips: o.chips,
    objective: o.objective,
    activity,
    verify: o.verify,
    onPass: (pass, state) => {
      if (pass.name === o.dumpAfter && state.ir) o.print?.(`;; IR after ${pass.name}\n${printIr(state.ir)}\n`);
    },
  });
  const bytes = encodeImage(result.image);
  writeFileAtomic(o.out, bytes);
  if (o.report) writeFileAtomic(o.report, `${JSON.stringify(result.report, null, 2)}\n`);
  o.print?.(`${formatCompileReport(result.report)}\n\nwrote ${o.out} (${bytes.length.toLocaleString('en-US')} bytes)${o.report ? ` and ${o.report}` : ''}`);
  return result;
}
