// The diagnostic catalogue (codes grouped by hundreds, one file per phase) and LoomError, the only error users see.
import { CHIP_SPEC_DIAGNOSTICS } from './chip-spec.ts';
import { CLI_DIAGNOSTICS } from './cli.ts';
import { IMAGE_DIAGNOSTICS } from './image.ts';
import { MICROCODE_DIAGNOSTICS } from './microcode.ts';
import { MODEL_DIAGNOSTICS } from './model.ts';
import { QUANTIZATION_DIAGNOSTICS } from './quantization.ts';
import { TRAINING_DIAGNOSTICS } from './training.ts';
import { SPLIT_DIAGNOSTICS } from './split.ts';
import { PLACE_ROUTE_DIAGNOSTICS } from './place-route.ts';
import { SIMULATION_DIAGNOSTICS } from './simulation.ts';
import type { DiagnosticEntry } from './types.ts';

export type { DiagnosticEntry } from './types.ts';

/**
 * Every diagnostic Loom can report. Phases: 1xx model files, 2xx quantization, 3xx split,
 * 4xx place/route, 5xx image, 6xx chip spec, 7xx simulation input, 8xx command line.
 * Add a phase by adding its file and spreading it here.
 */
export const DIAGNOSTICS = {
  ...MODEL_DIAGNOSTICS,
  ...QUANTIZATION_DIAGNOSTICS,
  ...SPLIT_DIAGNOSTICS,
  ...PLACE_ROUTE_DIAGNOSTICS,
  ...CHIP_SPEC_DIAGNOSTICS,
  ...MICROCODE_DIAGNOSTICS,
  ...IMAGE_DIAGNOSTICS,
  ...SIMULATION_DIAGNOSTICS,
  ...CLI_DIAGNOSTICS,
  ...TRAINING_DIAGNOSTICS,
} as const;

export type DiagnosticId = keyof typeof DIAGNOSTICS;
export type DiagnosticArgs = Readonly<Record<string, string | number | bigint>>;

function fill(template: string, args: DiagnosticArgs): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in args ? String(args[key]) : whole));
}

/** A user-facing error: a catalogue code, a filled message that names input, limit and fix, and an optional location. */
export class LoomError extends Error {
  readonly code: number;

  constructor(
    readonly id: DiagnosticId,
    readonly args: DiagnosticArgs = {},
    readonly location?: string,
  ) {
    const entry: DiagnosticEntry = DIAGNOSTICS[id];
    const where = location ? ` [at ${location}]` : '';
    super(`L${entry.code}: ${fill(entry.template, args)}${where} — ${entry.hint}`);
    this.name = 'LoomError';
    this.code = entry.code;
  }
}

export function isLoomError(e: unknown): e is LoomError {
  return e instanceof LoomError;
}
