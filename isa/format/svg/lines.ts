// SVG line plots: panels of (x, y) series with linear or log axes, markers and a legend; several panels side by side in one picture.
import { SERIES_COLORS, esc, label, legend, linearTicks, logTicks, svgDoc } from './common.ts';

export interface LineSeries {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  readonly color?: string;
  /** Dashed line (e.g. the second mode of a pair). */
  readonly dashed?: boolean;
}

export interface LinePanelOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly LineSeries[];
  readonly logX?: boolean;
  readonly logY?: boolean;
  readonly format?: (v: number) => string;
  /** Draw a marker at every point (default true). */
  readonly markers?: boolean;
}

interface Axis {
  readonly map: (v: number) => number;
  readonly ticks: readonly number[];
}

const M = { left: 62, right: 14, top: 30, bottom: 44 };

function extent(values: readonly number[], log: boolean): [number, number] {
  const vs = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  if (vs.length === 0) return log ? [1, 10] : [0, 1];
  let lo = Math.min(...vs);
  let hi = Math.max(...vs);
  if (log) return lo === hi ? [lo / 2, hi * 2] : [lo / 1.15, hi * 1.15];
  if (lo > 0 && lo < hi * 0.5) lo = 0;
  if (lo === hi) (lo -= Math.abs(lo) || 1, hi += Math.abs(hi) || 1);
  const pad = (hi - lo) * 0.06;
  return [lo === 0 ? 0 : lo - pad, hi + pad];
}

function axis(values: readonly number[], log: boolean, from: number, to: number): Axis {
  const [lo, hi] = extent(values, log);
  if (log) {
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    return { map: (v) => from + ((Math.log10(v) - a) / (b - a)) * (to - from), ticks: logTicks(lo, hi) };
  }
  return { map: (v) => from + ((v - lo) / (hi - lo)) * (to - from), ticks: linearTicks(lo, hi, 5) };
}

/** One panel as an SVG group at (x, y) of size w × h. */
export function linePanel(o: LinePanelOptions, x: number, y: number, w: number, h: number): string {
  const format = o.format ?? ((v: number) => label(v, true));
  const pts = o.series.flatMap((s) => s.points);
  const left = x + M.left;
  const right = x + w - M.right;
  const top = y + M.top;
  const bottom = y + h - M.bottom;
  const ax = axis(pts.map((p) => p[0]), o.logX ?? false, left, right);
  const ay = axis(pts.map((p) => p[1]), o.logY ?? false, bottom, top);
  const parts = [`<text x="${x + 8}" y="${y + 16}" font-weight="600" fill="#222">${esc(o.title)}</text>`];
  for (const t of ax.ticks) {
    const px = ax.map(t);
    parts.push(`<line x1="${px}" y1="${top}" x2="${px}" y2="${bottom}" stroke="#e3e5e8"/><text x="${px}" y="${bottom + 14}" text-anchor="middle" fill="#555" font-size="10">${esc(format(t))}</text>`);
  }
  for (const t of ay.ticks) {
    const py = ay.map(t);
    parts.push(`<line x1="${left}" y1="${py}" x2="${right}" y2="${py}" stroke="#e3e5e8"/><text x="${left - 5}" y="${py + 3.5}" text-anchor="end" fill="#555" font-size="10">${esc(format(t))}</text>`);
  }
  parts.push(`<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#888"/>`);
  parts.push(`<text x="${(left + right) / 2}" y="${bottom + 32}" text-anchor="middle" fill="#444" font-size="11">${esc(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(${x + 14} ${(top + bottom) / 2}) rotate(-90)" text-anchor="middle" fill="#444" font-size="11">${esc(o.yLabel)}</text>`);
  o.series.forEach((s, i) => {
    const color = s.color ?? SERIES_COLORS[i % SERIES_COLORS.length];
    const valid = s.points.filter(([px, py]) => Number.isFinite(px) && Number.isFinite(py) && (!o.logX || px > 0) && (!o.logY || py > 0));
    const d = valid.map(([px, py], k) => `${k === 0 ? 'M' : 'L'}${ax.map(px).toFixed(1)} ${ay.map(py).toFixed(1)}`).join(' ');
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    if (o.markers ?? true) {
      for (const [px, py] of valid) parts.push(`<circle cx="${ax.map(px).toFixed(1)}" cy="${ay.map(py).toFixed(1)}" r="3.2" fill="${s.dashed ? '#fff' : color}" stroke="${color}" stroke-width="1.6"><title>${esc(`${s.name}: ${format(px)}, ${format(py)}`)}</title></circle>`);
    }
  });
  return `<g class="panel">${parts.join('')}</g>`;
}

/** Panels side by side (each `panelWidth` × `panelHeight`) over one shared legend of the first panel's series. */
export function linePlots(title: string, panels: readonly LinePanelOptions[], { panelWidth = 460, panelHeight = 320, standalone = false } = {}): string {
  const legendH = 26;
  const width = panels.length * panelWidth;
  const items = (panels[0]?.series ?? []).map((s, i) => ({ name: s.name, color: s.color ?? SERIES_COLORS[i % SERIES_COLORS.length], line: true, dash: s.dashed }));
  const body = [legend(M.left, 14, items), ...panels.map((p, i) => linePanel(p, i * panelWidth, legendH, panelWidth, panelHeight))];
  return svgDoc(width, panelHeight + legendH, `<rect width="${width}" height="${panelHeight + legendH}" fill="#fff"/>${body.join('')}`, title, standalone);
}
