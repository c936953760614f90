// The compile report: a JSON-serialisable record of what the back end decided (cores, bound, placement, traffic, links, pass times, overflow warnings), and its terminal rendering.
import type { ChipSpec, CoreLimits } from '../isa/chip/schema.ts';
import { STATE_BITS } from '../isa/microcode/index.ts';
import type { ChipLinkLoad, MeshLinkLoad, PhysicalPlan } from './ir/physical.ts';
import type { CompileMode, CompilerIR } from './ir/types.ts';
import type { CompileState } from './pass.ts';
import type { PassTiming } from './pipeline.ts';
import { estimateSpeed, type SpeedEstimate } from './cost/estimate.ts';
import { formatNumber, formatTable, percent } from '../isa/format/table.ts';
import { RESOURCE_LABELS, RESOURCE_NAMES, type ResourceCounts, type ResourceName } from '../isa/resources.ts';

/** One placed core: where it is, what it holds, and what it uses. */
export interface CoreReport {
  readonly logical: number;
  readonly chip: number;
  readonly core: number;
  readonly x: number;
  readonly y: number;
  readonly usage: ResourceCounts;
  readonly blocks: readonly { readonly group: string; readonly first: number; readonly count: number }[];
}

/** Where a logical group's neurons went: (chip, core, neuron range) pieces in neuron order. */
export interface GroupPlacement {
  readonly group: string;
  readonly layer: string;
  readonly neurons: number;
  readonly program: string;
  readonly stage: number;
  readonly pieces: readonly { readonly chip: number; readonly core: number; readonly first: number; readonly last: number }[];
}

/** The worst-case synaptic sum Σ|w| · max|x| of one target port (its worst neuron); over `limit` a 32-bit accumulator could overflow (DESIGN §4). */
export interface AccumulatorBound {
  readonly group: string;
  readonly port: number;
  readonly role: string;
  readonly neuron: number;
  readonly bound: number;
  readonly limit: number;
}

export interface CompileReport {
  readonly chipSpec: { readonly name: string; readonly description: string; readonly chips: number; readonly coresPerChip: number; readonly core: CoreLimits };
  readonly mode: CompileMode;
  readonly pipelineDepth: number;
  readonly seed: number;
  readonly coresUsed: number;
  readonly chipsUsed: number;
  readonly chips: readonly number[];
  readonly bound: { readonly lowerBound: number; readonly binding: ResourceName; readonly totals: ResourceCounts; readonly capacity: ResourceCounts; readonly coresPerResource: ResourceCounts };
  /** Largest use of each resource on any core. */
  readonly peak: ResourceCounts;
  readonly cores: readonly CoreReport[];
  readonly groups: readonly GroupPlacement[];
  readonly traffic: {
    /** Estimated messages per token between different cores, and staying on their core. */
    readonly interCoreMessages: number;
    readonly localMessages: number;
    /** Σ messages · priced hops (pJ per token of NoC energy, an estimate). */
    readonly hopWeighted: number;
    readonly naiveHopWeighted: number;
    readonly greedyHopWeighted: number;
    readonly activity: string;
  };
  readonly links: { readonly mesh: readonly MeshLinkLoad[]; readonly chip: readonly ChipLinkLoad[] };
  readonly timings: readonly PassTiming[];
  readonly totalMs: number;
  /** The largest accumulator bound of the program (headroom = limit / bound). */
  readonly worstAccumulator: AccumulatorBound | null;
  /** Ports whose bound exceeds a 32-bit accumulator. */
  readonly warnings: readonly AccumulatorBound[];
  /** The mapping objective and the predicted speed of the result (compiler/cost/estimate.ts). */
  readonly speed: SpeedEstimate;
}

const ACCUMULATOR_LIMIT = 2 ** 31 - 1;

/** Per group and port, the worst neuron's Σ|w| · 2^15 (every payload is a signed 16-bit value), against 2^31 − 1. */
export function accumulatorBounds(ir: CompilerIR): AccumulatorBound[] {
  const maxPayload = 2 ** (STATE_BITS - 1);
  const bounds: AccumulatorBound[] = [];
  for (const node of ir.nodes) {
    if (node.kind !== 'neuronGroup') continue;
    const ports = node.program!.info.ports;
    const sums = new Float64Array(node.size * ports);
    for (const s of ir.synapses) {
      if (s.target.group !== node.name) continue;
      const { rowIndex, values } = s.weights;
      for (let k = 0; k < values.length; k++) sums[rowIndex[k] * ports + s.target.port] += Math.abs(values[k]);
    }
    for (let port = 0; port < ports; port++) {
      let neuron = 0;
      for (let n = 1; n < node.size; n++) if (sums[n * ports + port] > sums[neuron * ports + port]) neuron = n;
      const bound = sums[neuron * ports + port] * maxPayload;
      const role = node.program!.info.portRoles[port] ?? `p${port}`;
      bounds.push({ group: node.name, port, role, neuron, bound, limit: ACCUMULATOR_LIMIT });
    }
  }
  return bounds;
}

function coreReports(plan: PhysicalPlan): CoreReport[] {
  const reports = plan.cores.map((c) => ({
    logical: c.index,
    ...c.position!,
    usage: c.usage,
    blocks: c.blocks.map((b) => ({ group: b.group, first: b.first, count: b.count })),
  }));
  return reports.sort((a, b) => a.chip - b.chip || a.core - b.core);
}

function groupPlacements(ir: CompilerIR, plan: PhysicalPlan): GroupPlacement[] {
  const pieces = new Map<string, { chip: number; core: number; first: number; last: number }[]>();
  for (const c of plan.cores) {
    for (const b of c.blocks) {
      if (!pieces.has(b.group)) pieces.set(b.group, []);
      pieces.get(b.group)!.push({ chip: c.position!.chip, core: c.position!.core, first: b.first, last: b.first + b.count - 1 });
    }
  }
  return ir.nodes.flatMap((n) =>
    n.kind === 'neuronGroup'
      ? [{ group: n.name, layer: n.layer, neurons: n.size, program: n.program!.name, stage: ir.stages?.get(n.name) ?? 0, pieces: pieces.get(n.name)!.sort((a, b) => a.first - b.first) }]
      : [],
  );
}

function peakUsage(plan: PhysicalPlan): ResourceCounts {
  return Object.fromEntries(RESOURCE_NAMES.map((r) => [r, Math.max(0, ...plan.cores.map((c) => c.usage[r]))])) as ResourceCounts;
}

function chipSummary(spec: ChipSpec): CompileReport['chipSpec'] {
  return { name: spec.name, description: spec.description, chips: spec.chips.count, coresPerChip: spec.coresPerChip, core: { ...spec.core } };
}

/** Build the report of a finished compile (the state after emit) and its pass timings. */
export function buildCompileReport(state: CompileState, spec: ChipSpec, seed: number, timings: readonly PassTiming[], activity?: ReadonlyMap<string, number>): CompileReport {
  const ir = state.ir!;
  const plan = state.plan!;
  const placement = plan.placement!;
  const traffic = plan.traffic!;
  const interCore = traffic.messages.reduce((a, b) => a + b, 0);
  const bounds = accumulatorBounds(ir);
  return {
    chipSpec: chipSummary(spec),
    mode: ir.mode,
    pipelineDepth: ir.mode === 'fall-through' ? 0 : ir.pipelineDepth ?? 0,
    seed,
    coresUsed: plan.cores.length,
    chipsUsed: placement.chipsUsed,
    chips: [...new Set(plan.cores.map((c) => c.position!.chip))].sort((a, b) => a - b),
    bound: { lowerBound: plan.bound.lowerBound, binding: plan.bound.binding, totals: plan.bound.totals, capacity: plan.bound.capacity, coresPerResource: plan.bound.cores },
    peak: peakUsage(plan),
    cores: coreReports(plan),
    groups: groupPlacements(ir, plan),
    traffic: {
      interCoreMessages: interCore,
      localMessages: traffic.local,
      hopWeighted: placement.hopWeightedTraffic,
      naiveHopWeighted: placement.naiveHopWeightedTraffic,
      greedyHopWeighted: placement.greedyHopWeightedTraffic,
      activity: traffic.measured ? 'measured activation sparsity (default 0.5 where unmeasured)' : `default P(active) = ${traffic.defaultActivity}`,
    },
    links: { mesh: plan.routes!.meshLinks, chip: plan.routes!.chipLinks },
    timings,
    totalMs: timings.reduce((a, t) => a + t.ms, 0),
    worstAccumulator: bounds.reduce<AccumulatorBound | null>((w, b) => (w === null || b.bound > w.bound ? b : w), null),
    warnings: bounds.filter((b) => b.bound > b.limit),
    speed: estimateSpeed(ir, plan, spec, activity),
  };
}

/** How many links of each kind the terminal report lists (the JSON keeps all). */
const BUSIEST_LINKS = 8;

function summaryLines(r: CompileReport): string[] {
  const spec = r.chipSpec;
  const image = r.mode === 'fall-through' ? 'fall-through image' : `pipelined image, depth ${r.pipelineDepth}, relay-balanced (runs in both modes)`;
  const ratio = r.coresUsed / r.bound.lowerBound;
  return [
    `chip spec ${spec.name}: ${spec.chips} chip(s) × ${spec.coresPerChip} cores — ${spec.description}`,
    `mode ${r.mode} (${image}), seed ${r.seed}`,
    `cores used ${r.coresUsed} on ${r.chipsUsed} chip(s) [${r.chips.join(', ')}]; lower bound ${r.bound.lowerBound} (${RESOURCE_LABELS[r.bound.binding]}), ${ratio.toFixed(2)} × bound`,
  ];
}

function resourceTable(r: CompileReport): string {
  const rows = RESOURCE_NAMES.map((name) => [
    RESOURCE_LABELS[name],
    r.bound.totals[name],
    r.bound.capacity[name],
    r.bound.coresPerResource[name],
    r.peak[name],
    percent(r.peak[name] / r.bound.capacity[name]),
  ]);
  return formatTable(['resource', 'total need', 'per core', 'cores needed', 'peak core', 'peak use'], rows);
}

function coreTable(r: CompileReport): string {
  const cap = r.bound.capacity;
  const cell = (used: number, limit: number) => `${formatNumber(used)} (${Math.round((100 * used) / limit)}%)`;
  const rows = r.cores.map((c) => [
    c.chip,
    c.core,
    `${c.x},${c.y}`,
    ...RESOURCE_NAMES.map((name) => cell(c.usage[name], cap[name])),
    blockList(c.blocks.map((b) => `${b.group}[${b.first}..${b.first + b.count - 1}]`)),
  ]);
  return formatTable(['chip', 'core', 'x,y', 'neurons', 'syn words', 'state words', 'axons in', 'axons out', 'ucode', 'blocks'], rows);
}

function groupTable(r: CompileReport): string {
  const rows = r.groups.map((g) => [g.group, g.layer, g.neurons, g.stage, g.pieces.map((p) => `${p.chip}:${p.core}[${p.first}..${p.last}]`).join(' ')]);
  return formatTable(['group', 'layer', 'neurons', 'stage', 'placement chip:core[neurons]'], rows);
}

function trafficLines(r: CompileReport): string[] {
  const t = r.traffic;
  const saved = t.naiveHopWeighted > 0 ? ` (${percent(1 - t.hopWeighted / t.naiveHopWeighted)} less)` : '';
  const lines = [
    `estimated messages per token: ${formatNumber(t.interCoreMessages)} between cores, ${formatNumber(t.localMessages)} within a core (${t.activity})`,
    `hop-weighted traffic: ${formatNumber(t.hopWeighted)} pJ/token placed vs ${formatNumber(t.naiveHopWeighted)} naive in-order${saved}; greedy seed ${formatNumber(t.greedyHopWeighted)}`,
  ];
  const mesh = [...r.links.mesh].sort((a, b) => b.messages - a.messages).slice(0, BUSIEST_LINKS);
  if (mesh.length > 0) lines.push('busiest mesh links (messages/token):', formatTable(['chip', 'from', 'to', 'messages'], mesh.map((l) => [l.chip, `${l.x},${l.y}`, `${l.toX},${l.toY}`, l.messages])));
  const chip = [...r.links.chip].sort((a, b) => b.messages - a.messages).slice(0, BUSIEST_LINKS);
  if (chip.length > 0) lines.push('chip links (messages/token):', formatTable(['from chip', 'to chip', 'messages'], chip.map((l) => [l.from, l.to, l.messages])));
  return lines;
}

const us = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** Objective, per-group cores and busy time, predicted step times and the gap to the max-affine bound. */
function speedLines(r: CompileReport): string[] {
  const s = r.speed;
  const head = `objective ${s.objective}${s.fallback ? ` (fell back to the fewest cores: ${s.fallback})` : ''}; predicted per token (${s.activity}; estimates, not a simulation):`;
  const rows = s.groups.map((g) => [g.group, g.cores, us(g.busyUsMax), us(g.busyUsMean)]);
  const gap = (x: number) => `${us(x)} µs (${(x / s.maxAffineBoundUs).toFixed(2)} × bound)`;
  return [
    head,
    formatTable(['group', 'cores', 'busy µs (slowest core)', 'busy µs (mean core)'], rows),
    `pipelined step ${gap(s.pipelinedStepUs)}; fall-through step ${gap(s.fallThroughStepUs)}; barrier ${us(s.barrierUs)} µs`,
    `max-affine lower bound ${us(s.maxAffineBoundUs)} µs (slowest core's own work or busiest link, plus the barrier)`,
    `fall-through critical path: ${s.criticalPath.join(' → ')}`,
  ];
}

function warningLines(r: CompileReport): string[] {
  const worst = r.worstAccumulator;
  const headroom = worst ? `; the largest bound, ${worst.group} port ${worst.port} (${worst.role}), is ${percent(worst.bound / worst.limit)} of it` : '';
  if (r.warnings.length === 0) return [`no 32-bit accumulator can overflow (Σ|w|·2^15 ≤ 2^31 − 1 on every port${headroom})`];
  return r.warnings.map((w) => `warning: ${w.group} port ${w.port} (${w.role}): Σ|w|·2^15 reaches ${formatNumber(w.bound)} at neuron ${w.neuron} > ${formatNumber(w.limit)}; a 32-bit accumulator could overflow`);
}

/** The report as terminal text: summary, resource totals, per-core usage, group placement, traffic and links, pass times, warnings. */
/** Blocks on a core, cut to one readable line (the group table below lists every placement). */
function blockList(blocks: readonly string[], maxChars = 72): string {
  let text = '';
  for (let i = 0; i < blocks.length; i++) {
    const next = text ? `${text} ${blocks[i]}` : blocks[i];
    if (next.length > maxChars) return `${text} … +${blocks.length - i} more`;
    text = next;
  }
  return text;
}

export function formatCompileReport(r: CompileReport): string {
  const timing = formatTable(['pass', 'ms'], [...r.timings.map((t) => [t.pass, Number(t.ms.toFixed(1))]), ['total', Number(r.totalMs.toFixed(1))]]);
  return [
    ...summaryLines(r),
    '',
    resourceTable(r),
    '',
    coreTable(r),
    '',
    groupTable(r),
    '',
    ...trafficLines(r),
    '',
    ...speedLines(r),
    '',
    timing,
    '',
    ...warningLines(r),
    '(traffic, link loads and energies are estimates)',
  ].join('\n');
}
