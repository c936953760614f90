// Plain-text tables for `loom inspect`: the shared table format, indented, without a rule, numbers as written.
import { formatTable, type Cell } from '../format/table.ts';

/** Render rows under a header; a column is right-aligned when every cell in it is a number. */
export function textTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return formatTable(header, rows, { indent: '  ', rule: false, rawNumbers: true });
}
