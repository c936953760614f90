// SVG bar charts: horizontal grouped bars (one bar per series in each category) and horizontal stacked bars (parts of a total per row).
import { SERIES_COLORS, esc, label, legend, linearTicks, svgDoc } from './common.ts';

export interface BarSeries {
  readonly name: string;
  readonly values: readonly number[];
  readonly color?: string;
}

export interface GroupedBarOptions {
  readonly title: string;
  readonly categories: readonly string[];
  readonly series: readonly BarSeries[];
  /** Axis label (unit). */
  readonly unit: string;
  readonly width?: number;
  readonly format?: (v: number) => string;
}

export interface StackedRow {
  readonly name: string;
  readonly parts: readonly { readonly name: string; readonly value: number }[];
}

export interface StackedBarOptions {
  readonly title: string;
  readonly rows: readonly StackedRow[];
  readonly unit: string;
  readonly width?: number;
  readonly format?: (v: number) => string;
}

const TOP = 44;
const BAR = 13;
const GAP = 10;

function labelWidth(names: readonly string[]): number {
  return Math.min(240, 16 + Math.max(40, ...names.map((n) => n.length * 6.4)));
}

/** Vertical grid lines with tick labels at the bottom of a plot area [x0, x0 + w] × [top, bottom]. */
function xAxis(x0: number, w: number, top: number, bottom: number, max: number, unit: string, format: (v: number) => string): string {
  const ticks = linearTicks(0, max, 5).filter((t) => t <= max * (1 + 1e-9));
  const parts = ticks.map((t) => {
    const x = x0 + (t / max) * w;
    return `<line x1="${x}" y1="${top}" x2="${x}" y2="${bottom}" stroke="#e3e5e8"/><text x="${x}" y="${bottom + 14}" text-anchor="middle" fill="#555" font-size="10">${esc(format(t))}</text>`;
  });
  parts.push(`<line x1="${x0}" y1="${top}" x2="${x0}" y2="${bottom}" stroke="#888"/>`);
  parts.push(`<text x="${x0 + w / 2}" y="${bottom + 30}" text-anchor="middle" fill="#444" font-size="11">${esc(unit)}</text>`);
  return parts.join('');
}

/** Horizontal bars grouped by category, one bar per series, each labelled with its value. */
export function groupedBarChart(o: GroupedBarOptions): string {
  const width = o.width ?? 620;
  const format = o.format ?? ((v: number) => label(v));
  const lw = labelWidth(o.categories);
  const plotW = width - lw - 70;
  const groupH = o.series.length * BAR + GAP;
  const bottom = TOP + o.categories.length * groupH;
  const max = Math.max(1e-12, ...o.series.flatMap((s) => s.values));
  const parts = [`<text x="8" y="16" font-weight="600" fill="#222">${esc(o.title)}</text>`];
  parts.push(legend(lw, 32, o.series.map((s, i) => ({ name: s.name, color: s.color ?? SERIES_COLORS[i % SERIES_COLORS.length] }))));
  parts.push(xAxis(lw, plotW, TOP - 4, bottom, max, o.unit, format));
  o.categories.forEach((cat, c) => {
    const y0 = TOP + c * groupH;
    parts.push(`<text x="${lw - 8}" y="${y0 + (o.series.length * BAR) / 2 + 4}" text-anchor="end" fill="#333">${esc(cat)}</text>`);
    o.series.forEach((s, i) => {
      const v = s.values[c] ?? 0;
      const w = Math.max(0, (v / max) * plotW);
      const y = y0 + i * BAR;
      const color = s.color ?? SERIES_COLORS[i % SERIES_COLORS.length];
      parts.push(`<g class="bar"><title>${esc(`${cat} · ${s.name}: ${format(v)} ${o.unit}`)}</title><rect x="${lw}" y="${y}" width="${w.toFixed(2)}" height="${BAR - 2}" fill="${color}"/>`);
      parts.push(`<text x="${lw + w + 4}" y="${y + BAR - 3.5}" fill="#333" font-size="10">${esc(format(v))}</text></g>`);
    });
  });
  return svgDoc(width, bottom + 40, parts.join(''), o.title);
}

/** Horizontal stacked bars: each row's parts side by side in one bar, with a legend of the parts and the row total at its end. */
export function stackedBarChart(o: StackedBarOptions): string {
  const width = o.width ?? 620;
  const format = o.format ?? ((v: number) => label(v));
  const lw = labelWidth(o.rows.map((r) => r.name));
  const plotW = width - lw - 70;
  const rowH = 2 * BAR + GAP;
  const bottom = TOP + o.rows.length * rowH;
  const totals = o.rows.map((r) => r.parts.reduce((a, p) => a + p.value, 0));
  const max = Math.max(1e-12, ...totals);
  const partNames = o.rows[0]?.parts.map((p) => p.name) ?? [];
  const parts = [`<text x="8" y="16" font-weight="600" fill="#222">${esc(o.title)}</text>`];
  parts.push(legend(lw, 32, partNames.map((name, i) => ({ name, color: SERIES_COLORS[(i + 2) % SERIES_COLORS.length] }))));
  parts.push(xAxis(lw, plotW, TOP - 4, bottom, max, o.unit, format));
  o.rows.forEach((r, k) => {
    const y = TOP + k * rowH + 3;
    let x = lw;
    parts.push(`<text x="${lw - 8}" y="${y + BAR + 4}" text-anchor="end" fill="#333">${esc(r.name)}</text>`);
    r.parts.forEach((p, i) => {
      const w = Math.max(0, (p.value / max) * plotW);
      parts.push(`<rect x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${2 * BAR - 2}" fill="${SERIES_COLORS[(i + 2) % SERIES_COLORS.length]}"><title>${esc(`${r.name} · ${p.name}: ${format(p.value)} ${o.unit}`)}</title></rect>`);
      x += w;
    });
    parts.push(`<text x="${x + 4}" y="${y + BAR + 4}" fill="#333" font-size="10">${esc(format(totals[k]))}</text>`);
  });
  return svgDoc(width, bottom + 40, parts.join(''), o.title);
}
