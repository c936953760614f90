// Shape of a diagnostic catalogue entry; each phase's file (1xx, 2xx, …) is a table of these.

/** One numbered diagnostic: `template` names the input and the limit with `{placeholders}`; `hint` says what to do. */
export interface DiagnosticEntry {
  readonly code: number;
  readonly template: string;
  readonly hint: string;
}

export type DiagnosticTable = Readonly<Record<string, DiagnosticEntry>>;
