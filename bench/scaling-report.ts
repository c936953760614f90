// The scaling run's outputs: one row per (width, sparsity), its Markdown table and its SVG plot (energy per token and latency vs parameters, dense vs sparse, both modes).
import type { ModeSummaryJson } from '../simulator/result.ts';
import { label } from '../isa/format/svg/common.ts';
import { linePlots, type LineSeries } from '../isa/format/svg/lines.ts';
import type { BenchMachine } from './results-io.ts';

export interface ScalingRow {
  readonly width: number;
  readonly sparsity: number;
  /** Parameters of the float model (parameterCount). */
  readonly parameters: number;
  /** Non-zero values stored in the QGraph (what the chip holds). */
  readonly nonZero: number;
  readonly cores: number;
  readonly lowerBound: number;
  readonly pipelineDepth: number;
  readonly frames: number;
  readonly fallThrough: ModeSummaryJson;
  readonly pipelined: ModeSummaryJson;
  readonly bitExact: boolean;
  readonly wallS: number;
}

const n = (v: number): string => label(v);
const kind = (r: ScalingRow): string => (r.sparsity === 0 ? 'dense' : `${Math.round(r.sparsity * 100)} % sparse`);

export function scalingTable(rows: readonly ScalingRow[], m: BenchMachine): string {
  const head = ['width', 'weights', 'parameters', 'non-zero', 'cores', 'synaptic ops / token', 'latency FT (µs)', 'latency PL (µs)', 'tokens/s FT', 'tokens/s PL', 'µJ/token FT (dyn + static)', 'µJ/token PL (dyn + static)', 'bit-exact', 'wall'];
  const energy = (s: ModeSummaryJson) => `${n(s.energy_uj_per_token.total)} (${n(s.energy_uj_per_token.dynamic)} + ${n(s.energy_uj_per_token.static)})`;
  const body = rows.map((r) => [
    r.width,
    kind(r),
    r.parameters.toLocaleString('en-US'),
    r.nonZero.toLocaleString('en-US'),
    r.cores,
    n(r.fallThrough.synops_per_token),
    n(r.fallThrough.latency_us_per_token),
    n(r.pipelined.latency_us_per_token),
    n(r.fallThrough.throughput_tokens_per_s),
    n(r.pipelined.throughput_tokens_per_s),
    energy(r.fallThrough),
    energy(r.pipelined),
    r.bitExact ? 'yes' : 'NO',
    `${r.wallS.toFixed(1)} s`,
  ]);
  return [
    '# Scaling: width × sparsity on one Loihi 2 chip (loihi2 preset), both execution modes',
    '',
    `Each model: \`loom model --width k --sparsity s --seed 0\`, exported (W8A16), compiled packed (objective cores: fewest cores), mode both, seed 0, then simulated on the first ${rows[0]?.frames ?? 0} frames of a synthetic clip (seed 1) in fall-through (FT) and pipelined (PL) mode; outputs checked against the reference interpreter.`,
    'Latency, throughput and energy are model estimates from the chip spec tables (simulator/README.md), not measurements. Energy = dynamic (operation counts × energy table + active power × simulated time) + static (leakage × simulated time).',
    `Host: ${m.cpu}, ${m.cores} cores (shared; load average ${m.loadAverage} at the end), Node ${m.node}, ${m.date}; "wall" is export + compile + reference + both simulations.`,
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...body.map((r) => `| ${r.join(' | ')} |`),
    '',
    '![energy and latency per token vs parameters](scaling.svg)',
  ].join('\n');
}

const DENSE = '#b0413e';
const SPARSE = '#2c6fbb';

function series(rows: readonly ScalingRow[], pick: (s: ModeSummaryJson) => number): LineSeries[] {
  const line = (sparse: boolean, mode: 'fallThrough' | 'pipelined'): LineSeries => ({
    name: `${sparse ? '90 % sparse' : 'dense'}, ${mode === 'fallThrough' ? 'fall-through' : 'pipelined'}`,
    color: sparse ? SPARSE : DENSE,
    dashed: mode === 'pipelined',
    points: rows.filter((r) => (r.sparsity > 0) === sparse).map((r) => [r.parameters, pick(r[mode])] as [number, number]),
  });
  return [line(false, 'fallThrough'), line(false, 'pipelined'), line(true, 'fallThrough'), line(true, 'pipelined')];
}

/** Two log–log panels: energy per token and latency per token against parameters. */
export function scalingPlot(rows: readonly ScalingRow[]): string {
  const panels = [
    { title: 'energy per token (dynamic + static)', xLabel: 'parameters (width 0.5, 1, 2, 3)', yLabel: 'µJ per token', series: series(rows, (s) => s.energy_uj_per_token.total), logX: true, logY: true },
    { title: 'latency per token', xLabel: 'parameters (width 0.5, 1, 2, 3)', yLabel: 'µs per token', series: series(rows, (s) => s.latency_us_per_token), logX: true, logY: true },
  ];
  return linePlots('Loom scaling on loihi2: energy and latency per token vs parameters, dense vs 90 % sparse', panels, { standalone: true });
}
