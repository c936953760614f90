// `loom simulate m.limg`: run a chip image in one mode on a WAV or synthetic clip; print timing, energy and the profile; optionally write JSON, a Chrome trace and the enhanced WAV.
import { powerAssumptions } from '../energy.ts';
import { writeFileAtomic } from '../../isa/files.ts';
import { formatTable } from '../../isa/format/table.ts';
import { modeSummaryJson, type ModeSummaryJson, type SimulationResult } from '../result.ts';
import { simulate } from '../simulate.ts';
import { readRunInput, type RunInputOptions } from './input.ts';
import { bitExact, coreTable, linkTable, metricRows, referenceOutputs, writeEnhanced } from './report.ts';

export interface SimulateCommandOptions extends RunInputOptions {
  /** `fall-through` or `pipelined`; default the image header's mode. */
  readonly mode?: string;
  readonly json?: string;
  readonly trace?: string;
  /** Steps the trace records (default 500). */
  readonly traceSteps?: number;
  /** Enhanced WAV (needs --wav and the output exponent). */
  readonly out?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

/** `loom simulate --json`: the mode summary plus what was run and the profile. */
export interface SimulateJson extends ModeSummaryJson {
  readonly image: string;
  readonly chip_spec: string;
  readonly mode: string;
  readonly frames: number;
  readonly input: string;
  readonly bit_exact: boolean | null;
  readonly saturations: number;
  readonly wall_s: number;
  readonly simulated_synops_per_s: number;
  readonly cores: readonly {
    readonly chip: number;
    readonly core: number;
    readonly busy_fraction: number;
    readonly synops_per_token: number;
    readonly neuron_updates_per_token: number;
    readonly messages_in_per_token: number;
    readonly messages_out_per_token: number;
    readonly memory: Readonly<Record<string, number>>;
    readonly groups: readonly string[];
    /** Dynamic energy of the core's own actions and of the hops and crossings of what it sent. */
    readonly energy_uj_per_token: number;
  }[];
  readonly chips: readonly { readonly chip: number; readonly dynamic_uj_per_token: number; readonly static_uj_per_token: number }[];
  readonly links: readonly { readonly link: string; readonly packets_per_token: number; readonly busy_fraction: number; readonly peak_queue: number }[];
}

export interface SimulateSummary {
  readonly result: SimulationResult;
  readonly bitExact: boolean | null;
  readonly json: SimulateJson;
  readonly text: string;
}

export function simulateJson(result: SimulationResult, input: string, exact: boolean | null): SimulateJson {
  const f = result.frames;
  return {
    image: result.file,
    chip_spec: result.chipSpec,
    mode: result.mode,
    frames: f,
    input,
    bit_exact: exact,
    ...modeSummaryJson(result),
    saturations: result.saturations,
    wall_s: result.wallMs / 1e3,
    simulated_synops_per_s: result.synops / (result.wallMs / 1e3),
    cores: result.profile.cores.map((c, i) => ({
      chip: c.chip,
      core: c.core,
      busy_fraction: c.busyFraction,
      synops_per_token: c.synops / f,
      neuron_updates_per_token: c.neuronUpdates / f,
      messages_in_per_token: c.messagesIn / f,
      messages_out_per_token: c.messagesOut / f,
      memory: { ...c.memory },
      groups: c.groups,
      energy_uj_per_token: result.energy.byCorePj[i] / f / 1e6,
    })),
    chips: result.energy.byChip.map((c) => ({ chip: c.chip, dynamic_uj_per_token: c.dynamicPj / f / 1e6, static_uj_per_token: c.staticPj / f / 1e6 })),
    links: result.profile.links.map((l) => ({ link: l.link, packets_per_token: l.packets / f, busy_fraction: l.busyFraction, peak_queue: l.peakQueue })),
  };
}

function exactLine(exact: boolean | null): string {
  if (exact === null) return 'bit-exactness: not checked (pass --qgraph to compare with the reference interpreter)';
  return exact ? 'bit-exact with the reference interpreter: yes' : 'bit-exact with the reference interpreter: NO — outputs differ';
}

export function simulateCommand(o: SimulateCommandOptions): SimulateSummary {
  const run = readRunInput(o);
  const traceSteps = o.trace ? (o.traceSteps ?? 500) : 0;
  const result = simulate(run.img, { mode: o.mode as SimulationResult['mode'] | undefined, input: run.input, frames: run.frames, onProgress: o.onProgress, traceSteps });
  const exact = bitExact(result, referenceOutputs(run));
  const json = simulateJson(result, run.source, exact);
  if (o.out) writeEnhanced(o.out, run, result);
  if (o.trace && result.trace) writeFileAtomic(o.trace, JSON.stringify(result.trace));
  if (o.json) writeFileAtomic(o.json, `${JSON.stringify(json, null, 2)}\n`);
  const text = [
    `${o.image} (chip spec ${result.chipSpec}) · ${result.mode} · ${run.source} · ${result.frames} tokens in ${result.steps} steps`,
    '',
    formatTable(['metric', result.mode], metricRows([json])),
    '',
    coreTable(result),
    '',
    linkTable(result),
    '',
    `energy by chip (µJ/token, dynamic + static): ${json.chips.map((c) => `chip ${c.chip} ${(c.dynamic_uj_per_token + c.static_uj_per_token).toPrecision(4)}`).join(' · ')}`,
    exactLine(exact),
    `wall ${(result.wallMs / 1e3).toFixed(2)} s · ${json.simulated_synops_per_s.toExponential(2)} simulated synaptic ops/s · ${result.events.toLocaleString('en-US')} events · saturations ${result.saturations}`,
    powerAssumptions(run.img.spec),
    'Timing and energy are model estimates from the chip spec tables (simulator/README.md), not measurements.',
  ].join('\n');
  return { result, bitExact: exact, json, text };
}
