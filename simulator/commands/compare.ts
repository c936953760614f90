// `loom compare m.limg`: run one image in fall-through and pipelined mode on the same input and print the two side by side.
import { powerAssumptions } from '../energy.ts';
import { writeFileAtomic } from '../../isa/files.ts';
import { formatTable } from '../../isa/format/table.ts';
import { modeSummaryJson, type ModeSummaryJson, type SimulationResult } from '../result.ts';
import { simulate } from '../simulate.ts';
import { readRunInput, type RunInputOptions } from './input.ts';
import { bitExact, metricRows, referenceOutputs } from './report.ts';

export interface CompareCommandOptions extends RunInputOptions {
  readonly json?: string;
  /** Progress of each run: (mode, done, total). */
  readonly onProgress?: (mode: string, done: number, total: number) => void;
}

/** `loom compare --json` (schema in simulator/README.md). */
export interface CompareJson {
  readonly image: string;
  readonly chip_spec: string;
  readonly input: string;
  readonly frames: number;
  /** Both modes equal the reference interpreter exactly; null when no QGraph was given. */
  readonly bit_exact: boolean | null;
  /** Pipelined outputs equal fall-through outputs delayed by the pipeline depth. */
  readonly modes_agree: boolean;
  readonly modes: { readonly 'fall-through': ModeSummaryJson; readonly pipelined: ModeSummaryJson };
}

export interface CompareSummary {
  readonly fallThrough: SimulationResult;
  readonly pipelined: SimulationResult;
  readonly json: CompareJson;
  readonly text: string;
}

function sameOutputs(a: SimulationResult, b: SimulationResult): boolean {
  if (a.outputs.length !== b.outputs.length) return false;
  for (let i = 0; i < a.outputs.length; i++) if (a.outputs[i] !== b.outputs[i]) return false;
  return true;
}

export function compareCommand(o: CompareCommandOptions): CompareSummary {
  const run = readRunInput(o);
  const runMode = (mode: 'fall-through' | 'pipelined') =>
    simulate(run.img, { mode, input: run.input, frames: run.frames, onProgress: o.onProgress && ((d, t) => o.onProgress!(mode, d, t)) });
  const fallThrough = runMode('fall-through');
  const pipelined = runMode('pipelined');
  const reference = referenceOutputs(run);
  const exactF = bitExact(fallThrough, reference);
  const exactP = bitExact(pipelined, reference);
  const json: CompareJson = {
    image: o.image,
    chip_spec: run.img.spec.name,
    input: run.source,
    frames: run.frames.length,
    bit_exact: exactF === null || exactP === null ? null : exactF && exactP,
    modes_agree: sameOutputs(fallThrough, pipelined),
    modes: { 'fall-through': modeSummaryJson(fallThrough), pipelined: modeSummaryJson(pipelined) },
  };
  if (o.json) writeFileAtomic(o.json, `${JSON.stringify(json, null, 2)}\n`);
  const f = json.modes['fall-through'];
  const p = json.modes.pipelined;
  const exact = json.bit_exact === null ? 'not checked (pass --qgraph)' : json.bit_exact ? 'yes, both modes' : `NO (fall-through ${exactF}, pipelined ${exactP})`;
  const text = [
    `${o.image} (chip spec ${json.chip_spec}) · ${run.source} · ${json.frames} tokens`,
    '',
    formatTable(['metric', 'fall-through', 'pipelined'], metricRows([f, p])),
    '',
    `pipelined vs fall-through: throughput ×${(p.throughput_tokens_per_s / f.throughput_tokens_per_s).toFixed(2)}, latency ×${(p.latency_us_per_token / f.latency_us_per_token).toFixed(2)}, energy/token ×${(p.energy_uj_per_token.total / f.energy_uj_per_token.total).toFixed(2)}`,
    `outputs: pipelined = fall-through delayed by ${p.pipeline_depth} steps: ${json.modes_agree ? 'yes' : 'NO'} · bit-exact with the reference interpreter: ${exact}`,
    powerAssumptions(run.img.spec),
    'Timing and energy are model estimates from the chip spec tables (simulator/README.md), not measurements.',
  ].join('\n');
  return { fallThrough, pipelined, json, text };
}
