// 8xx diagnostics: command-line usage.
import type { DiagnosticTable } from './types.ts';

export const CLI_DIAGNOSTICS = {
  'cli-option': {
    code: 800,
    template: 'option {option} = {value}: {detail}',
    hint: 'run `loom help` for the options',
  },
  'cli-output': {
    code: 801,
    template: 'cannot write {file}: {reason}',
    hint: 'check that the folder exists and is writable',
  },
} as const satisfies DiagnosticTable;
