// Plain-text tables and number formatting shared by every command's terminal output.

export type Cell = string | number;

export interface TableOptions {
  /** Prefix of every line (default none). */
  readonly indent?: string;
  /** A dashed rule under the header (default true). */
  readonly rule?: boolean;
  /** Print numbers as String(n) instead of with thousands separators and 4 significant digits. */
  readonly rawNumbers?: boolean;
}

/** Right-align numeric columns, left-align text; columns padded to their widest cell. */
export function formatTable(header: readonly string[], rows: readonly (readonly Cell[])[], options: TableOptions = {}): string {
  const { indent = '', rule = true, rawNumbers = false } = options;
  const show = (c: Cell) => (typeof c === 'number' && !rawNumbers ? formatNumber(c) : String(c));
  const text = rows.map((r) => r.map(show));
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.every((r) => typeof r[i] === 'number'));
  const line = (cells: readonly string[]) =>
    indent + cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const ruleLine = rule ? [indent + widths.map((w) => '-'.repeat(w)).join('  ')] : [];
  return [line(header), ...ruleLine, ...text.map(line)].join('\n');
}

/** Integers with thousands separators; other numbers to 4 significant digits (scientific when huge or tiny). */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e9 || a < 1e-3)) return v.toExponential(3);
  return Number(v.toPrecision(4)).toString();
}

export function percent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)} %`;
}

/** The same table as GitHub Markdown (numbers formatted as in formatTable). */
export function markdownTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const show = (c: Cell) => (typeof c === 'number' ? formatNumber(c) : String(c));
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map((r) => line(r.map(show)))].join('\n');
}
