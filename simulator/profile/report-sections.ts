// The picture sections of the HTML report: mesh heat maps, link traffic, energy by operation, per-layer latency and step times, each as inline SVG built from a simulation result.
import type { ChipSpec } from '../../isa/chip/schema.ts';
import type { ModeSummaryJson, SimulationResult } from '../result.ts';
import type { LayerTiming } from './layers.ts';
import { groupedBarChart, stackedBarChart } from '../../isa/format/svg/bars.ts';
import { esc, label } from '../../isa/format/svg/common.ts';
import { meshHeatMap, meshLinkMap, type MeshLink, type MeshShape } from '../../isa/format/svg/heatmap.ts';
import { linePlots } from '../../isa/format/svg/lines.ts';

/** One execution mode of the report: its JSON summary, the full result and the per-layer timings. */
export interface ReportMode {
  readonly name: 'fall-through' | 'pipelined';
  readonly summary: ModeSummaryJson;
  readonly result: SimulationResult;
  readonly layers: readonly LayerTiming[];
}

const pct = (v: number): string => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;

export function meshShape(spec: ChipSpec, result: SimulationResult): MeshShape {
  const chips = [...new Set(result.profile.cores.map((c) => c.chip))].sort((a, b) => a - b);
  return { cols: spec.mesh.cols, rows: spec.mesh.rows, coresPerChip: spec.coresPerChip, chips };
}

function figure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption>${caption}</figcaption></figure>`;
}

/** Heat maps of busy fraction, synapse memory, synaptic ops and messages out per token (mode-dependent metrics once per mode). */
export function meshSection(spec: ChipSpec, modes: readonly ReportMode[]): string {
  const mesh = meshShape(spec, modes[0].result);
  const coreTitle = (c: SimulationResult['profile']['cores'][number]) => `core ${c.chip}.${c.core} (${c.x},${c.y}) ${c.groups.join(', ')}`;
  const busyMax = Math.max(...modes.flatMap((m) => m.result.profile.cores.map((c) => c.busyFraction)));
  const outMax = Math.max(...modes.flatMap((m) => m.result.profile.cores.map((c) => c.messagesOut / m.result.frames)));
  const busy = modes.map((m) =>
    figure(
      meshHeatMap({ title: `busy fraction — ${m.name}`, mesh, max: busyMax, format: pct, cells: m.result.profile.cores.map((c) => ({ chip: c.chip, x: c.x, y: c.y, value: c.busyFraction, title: coreTitle(c) })) }),
      `Share of the simulated time each core spends receiving or updating (${m.name}); scale shared by both modes.`,
    ),
  );
  const syn = spec.core.synapseWords;
  const memory = figure(
    meshHeatMap({ title: 'synapse memory (share of the core’s words)', mesh, max: 1, format: pct, cells: modes[0].result.profile.cores.map((c) => ({ chip: c.chip, x: c.x, y: c.y, value: c.memory.synapseWords / syn, title: `${coreTitle(c)}: ${c.memory.synapseWords.toLocaleString('en-US')} of ${syn.toLocaleString('en-US')} words` })) }),
    'Synapse-memory words used of the core’s capacity (the same image in both modes).',
  );
  const f = modes[0].result;
  const synops = figure(
    meshHeatMap({ title: 'synaptic ops per token', mesh, format: (v) => label(v, true), cells: f.profile.cores.map((c) => ({ chip: c.chip, x: c.x, y: c.y, value: c.synops / f.frames, title: coreTitle(c) })) }),
    `Synaptic operations each core performs per token (${modes[0].name}; the same work in either mode).`,
  );
  const out = modes.map((m) =>
    figure(
      meshHeatMap({ title: `messages out per token — ${m.name}`, mesh, max: outMax, format: (v) => label(v, true), cells: m.result.profile.cores.map((c) => ({ chip: c.chip, x: c.x, y: c.y, value: c.messagesOut / m.result.frames, title: coreTitle(c) })) }),
      `Data messages each core sends per token (${m.name}); end-of-step markers not included.`,
    ),
  );
  return `<section id="mesh" class="heatmaps"><h2>Chip mesh</h2><p class="note">Grey cells: unused cores; hatched: mesh positions without a usable core. Hover a core for what it holds.</p>
<div class="row">${busy.join('')}</div><div class="row">${memory}${synops}</div><div class="row">${out.join('')}</div></section>`;
}

const LINK_LABEL = /^chip (\d+) \((\d+),(\d+)\)→\((\d+),(\d+)\)/;

/** Mesh links of a result with their packets per token, parsed from the router's labels (`chip C (x,y)→(x',y') dir`). */
export function meshLinks(result: SimulationResult): MeshLink[] {
  const out: MeshLink[] = [];
  for (const l of result.profile.links) {
    const m = LINK_LABEL.exec(l.link);
    if (!l.onChip || !m) continue;
    const [chip, x1, y1, x2, y2] = m.slice(1).map(Number);
    out.push({ chip, x1, y1, x2, y2, value: l.packets / result.frames, title: l.link });
  }
  return out;
}

function linkTable(modes: readonly ReportMode[]): string {
  const [a, b] = modes;
  const byLabel = new Map(b.result.profile.links.map((l) => [l.link, l]));
  const rows = [...a.result.profile.links].sort((p, q) => q.packets - p.packets).slice(0, 10);
  if (rows.length === 0) return '<p class="note">No link carried traffic: every message stayed on its core.</p>';
  const body = rows
    .map((l) => {
      const o = byLabel.get(l.link);
      return `<tr><td>${esc(l.link)}</td><td>${label(l.packets / a.result.frames)}</td><td>${pct(l.busyFraction)}</td><td>${o ? label(o.packets / b.result.frames) : '—'}</td><td>${o ? pct(o.busyFraction) : '—'}</td><td>${Math.max(l.peakQueue, o?.peakQueue ?? 0)}</td></tr>`;
    })
    .join('');
  return `<table class="data"><thead><tr><th>link (busiest first)</th><th>packets/token ${a.name}</th><th>busy ${a.name}</th><th>packets/token ${b.name}</th><th>busy ${b.name}</th><th>peak queue</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** Link traffic: the mesh with each directed link weighted by packets per token, per mode, and the busiest links. */
export function linkSection(spec: ChipSpec, modes: readonly ReportMode[]): string {
  const mesh = meshShape(spec, modes[0].result);
  const links = modes.map((m) => meshLinks(m.result));
  const max = Math.max(0, ...links.flat().map((l) => l.value));
  const used = modes[0].result.profile.cores.map((c) => ({ chip: c.chip, x: c.x, y: c.y }));
  const maps = modes.map((m, i) =>
    figure(meshLinkMap({ title: `link traffic — ${m.name}`, mesh, used, links: links[i], max, format: (v) => label(v, true) }), `Packets per token on each directed mesh link (${m.name}; fall-through includes end-of-step markers). Eastbound lanes run above westbound, southbound left of northbound.`),
  );
  const chipLinks = modes[0].result.profile.links.filter((l) => !l.onChip);
  const chipNote = chipLinks.length > 0 ? `<p class="note">${chipLinks.length} chip-to-chip link(s) used; see the table.</p>` : '';
  return `<section id="links"><h2>Link traffic</h2><div class="row">${maps.join('')}</div>${chipNote}${linkTable(modes)}</section>`;
}

const OP_LABELS: Readonly<Record<string, string>> = {
  synop: 'synaptic ops',
  neuron_update: 'neuron updates',
  instruction_alu: 'ALU instructions',
  instruction_mul: 'multiplies',
  instruction_lut: 'table look-ups',
  instruction_mem: 'state memory',
  instruction_emit: 'emits',
  message_send: 'message send',
  message_receive: 'message receive',
  hop: 'mesh hops',
  chip_crossing: 'chip crossings',
};

/** Energy per token by operation (dynamic, grouped by mode) and dynamic vs static per mode. */
export function energySection(modes: readonly ReportMode[]): string {
  const ops = Object.keys(OP_LABELS);
  const nj = (uj: number) => uj * 1e3;
  const byOp = groupedBarChart({
    title: 'dynamic energy per token by operation',
    categories: ops.map((op) => OP_LABELS[op]),
    series: modes.map((m) => ({ name: m.name, values: ops.map((op) => nj(m.summary.energy_uj_per_token.by_op[op as keyof ModeSummaryJson['energy_uj_per_token']['by_op']])) })),
    unit: 'nJ per token',
    width: 640,
  });
  const split = stackedBarChart({
    title: 'energy per token: dynamic and static',
    rows: modes.map((m) => ({ name: m.name, parts: [{ name: 'dynamic', value: m.summary.energy_uj_per_token.dynamic }, { name: 'static', value: m.summary.energy_uj_per_token.static }] })),
    unit: 'µJ per token',
    width: 640,
  });
  const note = 'Static energy is the chips’ leakage over the simulated time of a token, so it falls with step time; dynamic energy is Σ operation counts × the energy table.';
  return `<section id="energy"><h2>Energy by operation</h2><div class="row">${figure(byOp, 'Dynamic energy per token of each operation class (nJ).')}${figure(split, note)}</div></section>`;
}

/** Per-layer latency: when each neuron group has produced a token's output, both modes. */
export function layerSection(modes: readonly ReportMode[]): string {
  const order = modes.find((m) => m.name === 'pipelined')?.layers ?? modes[0].layers;
  const groups = order.map((l) => l.group);
  const us = (ns: number) => ns / 1e3;
  const series = modes.map((m) => {
    const by = new Map(m.layers.map((l) => [l.group, l]));
    return { name: m.name, values: groups.map((g) => us(by.get(g)?.latencyNs ?? 0)) };
  });
  const shared = order.some((l) => l.shared);
  const chart = groupedBarChart({ title: 'per-layer latency: token injected → group output', categories: groups.map((g) => `${g} (stage ${order.find((l) => l.group === g)!.stage})`), series, unit: 'µs after the token enters', width: 760 });
  const note = `Fall-through: when the group's last core finished inside the token's step. Pipelined: stage × step time + when the group finished in its step (groups run one stage per step).${shared ? ' Groups sharing a core are timed by the core (an upper bound).' : ''}`;
  return `<section id="layers"><h2>Per-layer latency</h2>${figure(chart, note)}</section>`;
}

/** Step duration over the first steps of each run: pipeline fill, steady state, and the barrier. */
export function stepSection(modes: readonly ReportMode[], maxSteps = 120): string {
  const series = modes.map((m) => {
    const s = m.result.stepStartNs;
    const n = Math.min(maxSteps, s.length - 1);
    return { name: m.name, points: Array.from({ length: n }, (_, i) => [i, (s[i + 1] - s[i]) / 1e3] as [number, number]) };
  });
  const plot = linePlots('step duration', [{ title: 'step duration over the first steps', xLabel: 'step', yLabel: 'µs (barrier included)', series, markers: false }], { panelWidth: 760, panelHeight: 260 });
  return `<section id="steps"><h2>Step time</h2>${figure(plot, 'Each algorithmic timestep from its start to the end of its barrier. A fall-through step holds the whole chain of groups; a pipelined step only the slowest group (stage) and the messages it sends.')}</section>`;
}
