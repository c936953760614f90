// The measurement file `loom calibrate` reads: workloads Loom can build (a layer stack or a QGraph), measured runs of them, published values pinned as they are, and each fitted knob's prior and plausible range — every entry with its source.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { LoomError } from '../../isa/diagnostics/index.ts';
import { validateLayerStack, type LayerStack } from '../../models/workloads/layer-stack.ts';
import { FIXABLE_FIELDS, KNOB_NAMES } from './knobs.ts';

export type Workload = { readonly name: string; readonly source: string } & ({ readonly stack: LayerStack } | { readonly qgraph: string });

export type MeasuredMode = 'pipelined' | 'fall-through';

export interface Measurement {
  readonly name: string;
  readonly source: string;
  readonly workload: string;
  /** Chips of the run; above 1, the workload repeated in a chain, one copy per chip. */
  readonly chips: number;
  readonly mode: MeasuredMode;
  /** Measured time per token (µs): a step in pipelined mode, a whole token in fall-through. */
  readonly stepUs: number;
  /** Measured energy per token (µJ), when published (or derived from power × time). */
  readonly energyUj?: number;
  /** Relative uncertainty of the figures (default 0.1; derived figures 0.2). */
  readonly sigma: number;
  readonly note?: string;
}

export interface KnobPrior {
  readonly prior: number;
  readonly min: number;
  readonly max: number;
  readonly source: string;
}

export interface MeasurementFile {
  readonly file: string;
  readonly description: string;
  readonly workloads: ReadonlyMap<string, Workload>;
  readonly measurements: readonly Measurement[];
  readonly fixed: ReadonlyMap<string, { readonly value: number; readonly source: string }>;
  readonly knobs: ReadonlyMap<string, KnobPrior>;
}

/** Bounds on a hostile file (checked before anything is built). */
const LIMITS = { workloads: 32, measurements: 256 };

function fail(file: string, path: string, detail: string): never {
  throw new LoomError('calibration-input', { file, path, detail }, path);
}

function mapping(file: string, path: string, v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(file, path, 'must be a mapping');
  return v as Record<string, unknown>;
}

function text(file: string, path: string, v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') fail(file, path, 'must be a non-empty string');
  return v;
}

function positive(file: string, path: string, v: unknown, max = 1e12): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > max) fail(file, path, `must be a number in (0, ${max}]`);
  return v;
}

function onlyKeys(file: string, path: string, obj: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(obj)) if (!known.includes(key)) fail(file, `${path}.${key}`, `unknown field; known: ${known.join(', ')}`);
}

function readWorkload(file: string, name: string, v: unknown): Workload {
  const path = `workloads.${name}`;
  const obj = mapping(file, path, v);
  onlyKeys(file, path, obj, ['source', 'stack', 'qgraph']);
  const source = text(file, `${path}.source`, obj.source);
  if ((obj.stack === undefined) === (obj.qgraph === undefined)) fail(file, path, 'give exactly one of stack (layer sizes) and qgraph (a file or bundled model name)');
  if (obj.qgraph !== undefined) return { name, source, qgraph: text(file, `${path}.qgraph`, obj.qgraph) };
  return { name, source, stack: validateLayerStack(obj.stack, `${file}: ${path}.stack`) };
}

function readMeasurement(file: string, index: number, v: unknown, workloads: ReadonlyMap<string, Workload>): Measurement {
  const path = `measurements[${index}]`;
  const obj = mapping(file, path, v);
  onlyKeys(file, path, obj, ['name', 'source', 'workload', 'chips', 'mode', 'stepUs', 'tokensPerS', 'energyUjPerToken', 'watts', 'sigma', 'note']);
  const workload = text(file, `${path}.workload`, obj.workload);
  if (!workloads.has(workload)) fail(file, `${path}.workload`, `no workload "${workload}"; workloads: ${[...workloads.keys()].join(', ')}`);
  const mode = obj.mode;
  if (mode !== 'pipelined' && mode !== 'fall-through') fail(file, `${path}.mode`, 'must be pipelined or fall-through');
  const chips = obj.chips === undefined ? 1 : positive(file, `${path}.chips`, obj.chips, 4096);
  if (!Number.isInteger(chips)) fail(file, `${path}.chips`, 'must be a whole number of chips');
  if ((obj.stepUs === undefined) === (obj.tokensPerS === undefined)) fail(file, path, 'give exactly one of stepUs and tokensPerS');
  const stepUs = obj.stepUs !== undefined ? positive(file, `${path}.stepUs`, obj.stepUs) : 1e6 / positive(file, `${path}.tokensPerS`, obj.tokensPerS);
  if (obj.energyUjPerToken !== undefined && obj.watts !== undefined) fail(file, path, 'give at most one of energyUjPerToken and watts');
  const energyUj = obj.energyUjPerToken !== undefined ? positive(file, `${path}.energyUjPerToken`, obj.energyUjPerToken) : obj.watts !== undefined ? positive(file, `${path}.watts`, obj.watts, 1e4) * stepUs : undefined;
  const sigma = obj.sigma === undefined ? 0.1 : positive(file, `${path}.sigma`, obj.sigma, 2);
  const note = obj.note === undefined ? undefined : text(file, `${path}.note`, obj.note);
  return { name: text(file, `${path}.name`, obj.name), source: text(file, `${path}.source`, obj.source), workload, chips, mode, stepUs, energyUj, sigma, note };
}

function readKnob(file: string, name: string, v: unknown): KnobPrior {
  const path = `knobs.${name}`;
  if (!KNOB_NAMES.includes(name)) fail(file, path, `unknown knob; knobs: ${KNOB_NAMES.join(', ')}`);
  const obj = mapping(file, path, v);
  onlyKeys(file, path, obj, ['prior', 'min', 'max', 'source']);
  const [prior, min, max] = (['prior', 'min', 'max'] as const).map((k) => positive(file, `${path}.${k}`, obj[k]));
  if (!(min <= prior && prior <= max)) fail(file, path, `needs min ≤ prior ≤ max (got ${min}, ${prior}, ${max})`);
  return { prior, min, max, source: text(file, `${path}.source`, obj.source) };
}

/** Parse and check a measurement file's text (`file` names it in messages). */
export function parseMeasurements(yamlText: string, file: string): MeasurementFile {
  let doc: unknown;
  try {
    doc = parse(yamlText, { maxAliasCount: 16 });
  } catch (e) {
    fail(file, '(document)', `YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const root = mapping(file, '(document)', doc);
  onlyKeys(file, '(document)', root, ['description', 'workloads', 'measurements', 'fixed', 'knobs']);
  const w = mapping(file, 'workloads', root.workloads);
  if (Object.keys(w).length > LIMITS.workloads) fail(file, 'workloads', `at most ${LIMITS.workloads} workloads`);
  const workloads = new Map(Object.entries(w).map(([name, v]) => [name, readWorkload(file, name, v)]));
  if (!Array.isArray(root.measurements) || root.measurements.length === 0) fail(file, 'measurements', 'must be a non-empty list');
  if (root.measurements.length > LIMITS.measurements) fail(file, 'measurements', `at most ${LIMITS.measurements} measurements`);
  const measurements = root.measurements.map((m, i) => readMeasurement(file, i, m, workloads));
  const fixed = new Map(
    Object.entries(root.fixed === undefined ? {} : mapping(file, 'fixed', root.fixed)).map(([field, v]) => {
      if (!(field in FIXABLE_FIELDS)) fail(file, `fixed.${field}`, `not a field calibration can pin; fields: ${Object.keys(FIXABLE_FIELDS).join(', ')}`);
      const obj = mapping(file, `fixed.${field}`, v);
      onlyKeys(file, `fixed.${field}`, obj, ['value', 'source']);
      return [field, { value: positive(file, `fixed.${field}.value`, obj.value), source: text(file, `fixed.${field}.source`, obj.source) }];
    }),
  );
  const knobs = new Map(Object.entries(mapping(file, 'knobs', root.knobs)).map(([name, v]) => [name, readKnob(file, name, v)]));
  return { file, description: root.description === undefined ? '' : text(file, 'description', root.description), workloads, measurements, fixed, knobs };
}

export function readMeasurements(path: string): MeasurementFile {
  let yamlText: string;
  try {
    yamlText = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LoomError('file-unreadable', { file: path, reason: (e as NodeJS.ErrnoException).code ?? String(e) });
  }
  return parseMeasurements(yamlText, path);
}
