// SVG pictures of the chip mesh: a per-core heat map (one grid per chip) and a link-traffic map (directed mesh links drawn as weighted arrows).
import { esc, inkOn, label, scaleColor, svgDoc } from './common.ts';

/** The mesh geometry: positions y·cols + x ≥ coresPerChip hold no usable core. */
export interface MeshShape {
  readonly cols: number;
  readonly rows: number;
  readonly coresPerChip: number;
  /** The chips to draw. */
  readonly chips: readonly number[];
}

export interface MeshCell {
  readonly chip: number;
  readonly x: number;
  readonly y: number;
  readonly value: number;
  /** Tooltip text (what the core holds). */
  readonly title?: string;
}

export interface HeatMapOptions {
  readonly title: string;
  readonly mesh: MeshShape;
  readonly cells: readonly MeshCell[];
  /** Top of the colour scale (default the largest value); the bottom is 0. */
  readonly max?: number;
  readonly format?: (v: number) => string;
  readonly cell?: number;
}

export interface MeshLink {
  readonly chip: number;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly value: number;
  readonly title?: string;
}

export interface LinkMapOptions {
  readonly title: string;
  readonly mesh: MeshShape;
  /** Cores in use (drawn darker). */
  readonly used: readonly { readonly chip: number; readonly x: number; readonly y: number }[];
  readonly links: readonly MeshLink[];
  readonly max?: number;
  readonly format?: (v: number) => string;
  readonly cell?: number;
}

const PAD = 8;
const TITLE_H = 22;
const CHIP_LABEL_H = 16;
const LEGEND_H = 34;

interface Frame {
  readonly cell: number;
  readonly width: number;
  readonly height: number;
  /** Top-left of chip i's grid. */
  origin(i: number): { readonly x: number; readonly y: number };
}

function frame(mesh: MeshShape, cell: number): Frame {
  const gridW = mesh.cols * cell;
  const gridH = mesh.rows * cell;
  const perRow = Math.max(1, Math.min(mesh.chips.length, Math.floor(1200 / (gridW + PAD))));
  const chipRows = Math.ceil(mesh.chips.length / perRow);
  return {
    cell,
    width: Math.max(260, perRow * (gridW + PAD) + PAD),
    height: TITLE_H + chipRows * (CHIP_LABEL_H + gridH + PAD) + LEGEND_H,
    origin: (i) => ({ x: PAD + (i % perRow) * (gridW + PAD), y: TITLE_H + Math.floor(i / perRow) * (CHIP_LABEL_H + gridH + PAD) + CHIP_LABEL_H }),
  };
}

/** Empty positions: usable cores light grey, unusable positions hatched dark. */
function background(mesh: MeshShape, f: Frame, i: number): string {
  const o = f.origin(i);
  const parts = [`<text x="${o.x}" y="${o.y - 4}" fill="#555" font-size="11">chip ${mesh.chips[i]} (${mesh.cols} × ${mesh.rows} mesh)</text>`];
  for (let y = 0; y < mesh.rows; y++) {
    for (let x = 0; x < mesh.cols; x++) {
      const usable = y * mesh.cols + x < mesh.coresPerChip;
      const px = o.x + x * f.cell;
      const py = o.y + y * f.cell;
      parts.push(`<rect x="${px + 1}" y="${py + 1}" width="${f.cell - 2}" height="${f.cell - 2}" rx="3" fill="${usable ? '#eef0f3' : '#9a9ea6'}"${usable ? '' : ' opacity="0.5"'}/>`);
      if (!usable) parts.push(`<line x1="${px + 4}" y1="${py + f.cell - 4}" x2="${px + f.cell - 4}" y2="${py + 4}" stroke="#6d7179" stroke-width="1"/>`);
    }
  }
  return parts.join('');
}

/** A colour bar from 0 to `max` as 24 small rectangles (no gradient ids, so many maps can share one page). */
function colorBar(x: number, y: number, max: number, format: (v: number) => string): string {
  const steps = 24;
  const w = 8;
  const rects = Array.from({ length: steps }, (_, i) => `<rect x="${x + i * w}" y="${y}" width="${w}" height="10" fill="${scaleColor(i / (steps - 1))}"/>`).join('');
  const end = x + steps * w;
  return `${rects}<text x="${x}" y="${y + 23}" fill="#555" font-size="10">0</text><text x="${end}" y="${y + 23}" fill="#555" font-size="10" text-anchor="end">${esc(format(max))}</text>`;
}

/** A heat map of one value per core, one mesh grid per chip. */
export function meshHeatMap(o: HeatMapOptions): string {
  const cell = o.cell ?? 34;
  const f = frame(o.mesh, cell);
  const format = o.format ?? ((v: number) => label(v, true));
  const max = o.max ?? Math.max(0, ...o.cells.map((c) => c.value));
  const parts = [`<text x="${PAD}" y="15" font-weight="600" fill="#222">${esc(o.title)}</text>`];
  o.mesh.chips.forEach((_, i) => parts.push(background(o.mesh, f, i)));
  for (const c of o.cells) {
    const i = o.mesh.chips.indexOf(c.chip);
    if (i < 0) continue;
    const at = f.origin(i);
    const t = max > 0 ? c.value / max : 0;
    const px = at.x + c.x * cell;
    const py = at.y + c.y * cell;
    const tip = `${c.title ? `${c.title}: ` : ''}${format(c.value)}`;
    parts.push(`<g class="core"><title>${esc(tip)}</title><rect x="${px + 1}" y="${py + 1}" width="${cell - 2}" height="${cell - 2}" rx="3" fill="${scaleColor(t)}" stroke="#1b1b1b" stroke-width="0.6"/>`);
    parts.push(`<text x="${px + cell / 2}" y="${py + cell / 2 + 3.5}" text-anchor="middle" font-size="${cell >= 34 ? 9.5 : 8}" fill="${inkOn(t)}">${esc(format(c.value))}</text></g>`);
  }
  parts.push(colorBar(PAD, f.height - LEGEND_H + 8, max, format));
  return svgDoc(f.width, f.height, parts.join(''), o.title);
}

/** One directed link as a line offset to its lane (eastbound above westbound, southbound left of northbound) with an arrowhead. */
function linkArrow(l: MeshLink, at: { x: number; y: number }, cell: number, t: number, tip: string): string {
  const cx = (x: number) => at.x + x * cell + cell / 2;
  const cy = (y: number) => at.y + y * cell + cell / 2;
  const dx = Math.sign(l.x2 - l.x1);
  const dy = Math.sign(l.y2 - l.y1);
  const lane = 4;
  const ox = dy !== 0 ? -dy * lane : 0;
  const oy = dx !== 0 ? -dx * lane : 0;
  const x1 = cx(l.x1) + ox + dx * 6;
  const y1 = cy(l.y1) + oy + dy * 6;
  const x2 = cx(l.x2) + ox - dx * 6;
  const y2 = cy(l.y2) + oy - dy * 6;
  const color = scaleColor(0.15 + 0.85 * t);
  const width = 1.2 + 3.8 * t;
  const head = `${x2},${y2} ${x2 - dx * 6 - dy * 3.5},${y2 - dy * 6 - dx * 3.5} ${x2 - dx * 6 + dy * 3.5},${y2 - dy * 6 + dx * 3.5}`;
  return `<g class="link"><title>${esc(tip)}</title><line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${color}" stroke-width="${width.toFixed(2)}" stroke-linecap="round"/><polygon points="${head}" fill="${color}"/></g>`;
}

/** The mesh with its used cores and every directed link that carried traffic, coloured and thickened by its value. */
export function meshLinkMap(o: LinkMapOptions): string {
  const cell = o.cell ?? 34;
  const f = frame(o.mesh, cell);
  const format = o.format ?? ((v: number) => label(v, true));
  const max = o.max ?? Math.max(0, ...o.links.map((l) => l.value));
  const parts = [`<text x="${PAD}" y="15" font-weight="600" fill="#222">${esc(o.title)}</text>`];
  o.mesh.chips.forEach((_, i) => parts.push(background(o.mesh, f, i)));
  for (const u of o.used) {
    const i = o.mesh.chips.indexOf(u.chip);
    if (i < 0) continue;
    const at = f.origin(i);
    parts.push(`<rect x="${at.x + u.x * cell + 5}" y="${at.y + u.y * cell + 5}" width="${cell - 10}" height="${cell - 10}" rx="3" fill="#c9ced6" stroke="#7d838c" stroke-width="0.8"/>`);
  }
  const ordered = [...o.links].sort((a, b) => a.value - b.value);
  for (const l of ordered) {
    const i = o.mesh.chips.indexOf(l.chip);
    if (i < 0 || l.value <= 0) continue;
    const t = max > 0 ? l.value / max : 0;
    parts.push(linkArrow(l, f.origin(i), cell, t, `${l.title ?? 'link'}: ${format(l.value)}`));
  }
  parts.push(colorBar(PAD, f.height - LEGEND_H + 8, max, format));
  return svgDoc(f.width, f.height, parts.join(''), o.title);
}
