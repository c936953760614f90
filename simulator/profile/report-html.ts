// The self-contained HTML report of a run in both modes (inline CSS and SVG, no scripts, no network): summary, modes side by side, mesh heat maps, link traffic, energy, per-layer latency, step times, compile choices.
import type { ChipSpec } from '../../isa/chip/schema.ts';
import type { ModeSummaryJson } from '../result.ts';
import { energySection, layerSection, linkSection, meshSection, stepSection, type ReportMode } from './report-sections.ts';
import { esc, label } from '../../isa/format/svg/common.ts';

export type { ReportMode } from './report-sections.ts';

/** One compile of the model, simulated in both modes (the report compares the compile used with the alternatives). */
export interface ReportCompile {
  readonly label: string;
  readonly used: boolean;
  readonly cores: number;
  readonly chips: number;
  readonly lowerBound: number;
  readonly pipelineDepth: number;
  readonly fallThrough: ModeSummaryJson;
  readonly pipelined: ModeSummaryJson;
  readonly bitExact: boolean | null;
}

export interface ReportInput {
  readonly title: string;
  readonly model: { readonly name: string; readonly description: string; readonly width: number; readonly hidden: number; readonly stateSize: number; readonly layers: number; readonly weightSparsity: number };
  readonly chip: ChipSpec;
  /** Which compile the pictures show, in words, and as a short label. */
  readonly compile: string;
  readonly compileLabel: string;
  readonly input: { readonly description: string; readonly frames: number };
  readonly modes: readonly [ReportMode, ReportMode];
  /** Both modes equal the reference interpreter (null: not checked). */
  readonly bitExact: boolean | null;
  readonly modesAgree: boolean;
  readonly siSnr: { readonly noisy: number; readonly enhanced: number } | null;
  readonly compiles: readonly ReportCompile[];
  /** What the compile comparison shows (optional). */
  readonly compileNote?: string;
  readonly files: readonly string[];
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1f2328; background: #f6f7f9; }
header { background: #1f2d3d; color: #fff; padding: 18px 28px 14px; }
header h1 { margin: 0 0 4px; font-size: 21px; font-weight: 650; }
header p { margin: 2px 0; color: #c9d3de; }
main { max-width: 1360px; margin: 0 auto; padding: 12px 24px 40px; }
section { background: #fff; border: 1px solid #dde1e6; border-radius: 8px; padding: 14px 18px; margin: 14px 0; }
h2 { font-size: 17px; margin: 0 0 8px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 10px; }
.card { border: 1px solid #dde1e6; border-radius: 6px; padding: 8px 12px; background: #fbfcfd; }
.card .k { color: #57606a; font-size: 12px; }
.card .v { font-size: 20px; font-weight: 600; }
.card .s { color: #57606a; font-size: 12px; }
.ok { color: #1a7f37; } .bad { color: #cf222e; }
.row { display: flex; flex-wrap: wrap; gap: 14px 26px; align-items: flex-start; }
figure { margin: 6px 0; width: min-content; }
figcaption { color: #57606a; font-size: 12px; min-width: 300px; }
table.data { border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }
table.data th, table.data td { border-bottom: 1px solid #e6e8eb; padding: 4px 10px; text-align: right; }
table.data th:first-child, table.data td:first-child { text-align: left; }
table.data thead th { background: #f3f5f7; font-weight: 600; }
tr.used td { font-weight: 600; }
.note { color: #57606a; font-size: 12.5px; }
footer { color: #57606a; font-size: 12px; margin-top: 18px; }
`;

function card(key: string, value: string, sub = '', cls = ''): string {
  return `<div class="card"><div class="k">${esc(key)}</div><div class="v${cls ? ` ${cls}` : ''}">${esc(value)}</div><div class="s">${esc(sub)}</div></div>`;
}

function summaryCards(r: ReportInput): string {
  const [f, p] = r.modes.map((m) => m.summary);
  const exact = r.bitExact === null ? 'not checked' : r.bitExact ? 'yes' : 'NO';
  const cards = [
    card('bit-exact with the reference interpreter', exact, r.modesAgree ? 'both modes; pipelined = fall-through delayed' : 'modes disagree', r.bitExact ? 'ok' : 'bad'),
    card('cores used', `${f.cores_used} on ${f.chips_used} chip${f.chips_used > 1 ? 's' : ''}`, `compile: ${r.compileLabel}`),
    card('latency per token', `${label(f.latency_us_per_token)} / ${label(p.latency_us_per_token)} µs`, 'fall-through / pipelined'),
    card('throughput', `${label(f.throughput_tokens_per_s, true)} / ${label(p.throughput_tokens_per_s, true)} tokens/s`, 'fall-through / pipelined; real time needs 125'),
    card('energy per token', `${label(f.energy_uj_per_token.total)} / ${label(p.energy_uj_per_token.total)} µJ`, 'fall-through / pipelined (dynamic + static)'),
  ];
  if (r.siSnr) cards.push(card('SI-SNR input → output', `${r.siSnr.noisy.toFixed(2)} → ${r.siSnr.enhanced.toFixed(2)} dB`, `improvement ${(r.siSnr.enhanced - r.siSnr.noisy).toFixed(2)} dB`));
  return `<section id="summary"><h2>Summary</h2><div class="cards">${cards.join('')}</div></section>`;
}

type Row = readonly [string, (m: ModeSummaryJson) => string];

const MODE_ROWS: readonly Row[] = [
  ['latency per token (µs)', (m) => label(m.latency_us_per_token)],
  ['throughput (tokens/s)', (m) => label(m.throughput_tokens_per_s)],
  ['step time (µs)', (m) => label(m.step_time_us)],
  ['energy per token, total (µJ)', (m) => label(m.energy_uj_per_token.total)],
  ['  dynamic (µJ)', (m) => label(m.energy_uj_per_token.dynamic)],
  ['  static (µJ)', (m) => label(m.energy_uj_per_token.static)],
  ['synaptic ops per token', (m) => label(m.synops_per_token)],
  ['messages per token', (m) => label(m.messages_per_token)],
  ['cores / chips', (m) => `${m.cores_used} / ${m.chips_used}`],
  ['pipeline depth (steps)', (m) => String(m.pipeline_depth)],
];

function modesSection(r: ReportInput): string {
  const [f, p] = r.modes.map((m) => m.summary);
  const body = MODE_ROWS.map(([name, pick]) => `<tr><td>${esc(name.trim())}</td><td>${esc(pick(f))}</td><td>${esc(pick(p))}</td></tr>`).join('');
  const ratio = `Pipelined vs fall-through: throughput ×${(p.throughput_tokens_per_s / f.throughput_tokens_per_s).toFixed(2)}, latency ×${(p.latency_us_per_token / f.latency_us_per_token).toFixed(2)}, energy per token ×${(p.energy_uj_per_token.total / f.energy_uj_per_token.total).toFixed(2)}.`;
  return `<section id="modes"><h2>Fall-through and pipelined, side by side</h2>
<table class="data"><thead><tr><th>metric</th><th>fall-through</th><th>pipelined</th></tr></thead><tbody>${body}</tbody></table>
<p class="note">${esc(ratio)} Fall-through passes a token through every layer inside one step; pipelined moves it one layer per step, so a step is as long as the slowest core but a token needs depth + 1 steps.</p></section>`;
}

function compilesSection(r: ReportInput): string {
  const rows = r.compiles
    .map((c) => {
      const exact = c.bitExact === null ? '—' : c.bitExact ? 'yes' : 'NO';
      return `<tr${c.used ? ' class="used"' : ''}><td>${esc(c.label)}${c.used ? ' — shown above' : ''}</td><td>${c.cores}</td><td>${c.lowerBound}</td><td>${c.pipelineDepth}</td><td>${label(c.fallThrough.latency_us_per_token)}</td><td>${label(c.pipelined.latency_us_per_token)}</td><td>${label(c.fallThrough.throughput_tokens_per_s)}</td><td>${label(c.pipelined.throughput_tokens_per_s)}</td><td>${label(c.fallThrough.energy_uj_per_token.total)}</td><td>${label(c.pipelined.energy_uj_per_token.total)}</td><td>${exact}</td></tr>`;
    })
    .join('');
  return `<section id="compiles"><h2>Compile used</h2><p>${esc(r.compile)}. The same model compiled both ways, both simulated on the same clip:</p>
<table class="data"><thead><tr><th>compile</th><th>cores</th><th>lower bound</th><th>depth</th><th>latency FT (µs)</th><th>latency PL (µs)</th><th>tokens/s FT</th><th>tokens/s PL</th><th>µJ/token FT</th><th>µJ/token PL</th><th>bit-exact</th></tr></thead><tbody>${rows}</tbody></table>
${r.compileNote ? `<p class="note">${esc(r.compileNote)}</p>` : ''}</section>`;
}

function header(r: ReportInput): string {
  const m = r.model;
  return `<header><h1>${esc(r.title)}</h1>
<p>Model ${esc(m.name)} — ${esc(m.description)} (width ${m.width}, H ${m.hidden}, P ${m.stateSize}, ${m.layers} blocks, ${(m.weightSparsity * 100).toFixed(1)} % weight sparsity)</p>
<p>Chip spec ${esc(r.chip.name)} — ${esc(r.chip.description)} · input ${esc(r.input.description)} (${r.input.frames} tokens of 8 ms)</p></header>`;
}

/** The whole page as one HTML string. */
export function reportHtml(r: ReportInput): string {
  const sections = [summaryCards(r), modesSection(r), meshSection(r.chip, r.modes), linkSection(r.chip, r.modes), energySection(r.modes), layerSection(r.modes), stepSection(r.modes), compilesSection(r)];
  const footer = `<footer>Timing and energy are estimates from the chip spec's tables (simulator/README.md), not measurements. Files: ${r.files.map((f) => esc(f)).join(', ')}. Open trace.json in Perfetto or chrome://tracing.</footer>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(r.title)}</title><style>${CSS}</style></head>
<body>${header(r)}<main>${sections.join('\n')}${footer}</main></body></html>
`;
}
