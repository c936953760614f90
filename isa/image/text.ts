// Plain-text tables for `loom inspect`: numbers right-aligned, text left-aligned, two-space indent.

/** Render rows under a header; a column is right-aligned when every cell in it is a number. */
export function textTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const numeric = header.map((_, c) => rows.every((row) => typeof row[c] === 'number'));
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((row) => String(row[c]).length)));
  const line = (row: readonly string[]): string =>
    '  ' + row.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  return cells.map((row) => line(row.map(String))).join('\n');
}
