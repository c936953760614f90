// Shared pieces of Loom's hand-written SVG charts: escaping, number labels, the sequential colour scale, axis ticks and the document wrapper.

/** Escape text for SVG/HTML content and attribute values. */
export function esc(text: string | number): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A short label for a number: thousands separators from 1,000, else 3 significant digits; k/M suffixes from 10⁴ when `compact`. */
export function label(v: number, compact = false): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (compact && a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (compact && a >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a === 0) return '0';
  if (a < 1e-3) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}

/** Stops of the sequential scale (dark blue → teal → yellow, perceptually ordered, readable in grey). */
const STOPS: readonly (readonly [number, number, number])[] = [
  [0x26, 0x1f, 0x5c],
  [0x2c, 0x5f, 0x8a],
  [0x23, 0x9a, 0x8e],
  [0x7c, 0xc8, 0x5a],
  [0xf2, 0xe3, 0x3c],
];

/** Colour of t ∈ [0, 1] on the sequential scale (clamped). */
export function scaleColor(t: number): string {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(u));
  const f = u - i;
  const hex = (k: number) => Math.round(STOPS[i][k] + (STOPS[i + 1][k] - STOPS[i][k]) * f).toString(16).padStart(2, '0');
  return `#${hex(0)}${hex(1)}${hex(2)}`;
}

/** Text colour readable on `scaleColor(t)`. */
export function inkOn(t: number): string {
  return t > 0.55 ? '#1b1b1b' : '#ffffff';
}

/** Categorical colours for series (fall-through, pipelined, then others). */
export const SERIES_COLORS = ['#2c6fbb', '#e07b1a', '#3a9a5b', '#b0413e', '#7a5cb5', '#6b6b6b'] as const;

/** About `count` round ticks covering [min, max] (steps of 1, 2 or 5 × 10ᵏ). */
export function linearTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Ticks at 1, 2 and 5 × 10ᵏ inside [min, max] (both > 0); only the decades when there would be more than `maxTicks`. */
export function logTicks(min: number, max: number, maxTicks = 8): number[] {
  const all: number[] = [];
  const decades: number[] = [];
  for (let k = Math.floor(Math.log10(min)); k <= Math.ceil(Math.log10(max)); k++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** k;
      if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) (all.push(v), m === 1 && decades.push(v));
    }
  }
  return all.length <= maxTicks || decades.length < 2 ? all : decades;
}

/**
 * A complete SVG element. Inline in HTML it needs no namespace; a standalone .svg file does
 * (`standalone`), with an XML declaration.
 */
export function svgDoc(width: number, height: number, body: string, title: string, standalone = false): string {
  const ns = standalone ? ' xmlns="http://www.w3.org/2000/svg"' : '';
  const head = standalone ? '<?xml version="1.0" encoding="UTF-8"?>\n' : '';
  return `${head}<svg${ns} width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12"><title>${esc(title)}</title>${body}</svg>`;
}

/** A horizontal legend starting at (x, y): square swatches, or short line swatches (dashed or not) for line plots. */
export function legend(x: number, y: number, items: readonly { readonly name: string; readonly color: string; readonly line?: boolean; readonly dash?: boolean }[]): string {
  let at = x;
  return items
    .map((it) => {
      const line = it.line || it.dash;
      const swatch = line
        ? `<line x1="${at}" y1="${y}" x2="${at + 18}" y2="${y}" stroke="${it.color}" stroke-width="2.5"${it.dash ? ' stroke-dasharray="5 3"' : ''}/>`
        : `<rect x="${at}" y="${y - 6}" width="12" height="12" rx="2" fill="${it.color}"/>`;
      const text = `<text x="${at + (line ? 23 : 17)}" y="${y + 4}" fill="#333">${esc(it.name)}</text>`;
      at += (line ? 30 : 24) + it.name.length * 6.6;
      return swatch + text;
    })
    .join('');
}
