// The fitted chip spec as YAML: the base spec's own file with every fitted and pinned value replaced and its comment saying where it came from (the rest of the file, comments included, kept).
import { parseDocument, Scalar, type Document } from 'yaml';
import type { ChipSpec } from '../../isa/chip/schema.ts';
import { INSTRUCTION_CLASSES } from '../../isa/chip/schema.ts';
import type { Calibration } from './calibrate.ts';
import type { MeasurementFile } from './measurements.ts';

/** Four significant digits: enough for costs known to tens of percent, and stable across refits. */
export function roundCost(x: number): number {
  return Number(x.toPrecision(4));
}

/** Leaf paths under a knob's field (instruction tables expand to their classes). */
function leafPaths(field: string): string[] {
  if (field.endsWith('instructionNs') || field.endsWith('instructionPj')) return INSTRUCTION_CLASSES.map((c) => `${field}.${c}`);
  return [field];
}

function valueAt(spec: ChipSpec, path: string): number {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], spec) as number;
}

function setWithComment(doc: Document, path: string, value: number, comment: string): void {
  const keys = path.split('.');
  const node = new Scalar(value);
  node.comment = ` ${comment}`;
  doc.setIn(keys, node);
}

/** The fitted spec's YAML text, from the base file's text. */
export function fittedSpecYaml(baseText: string, fit: Calibration, file: MeasurementFile, sourceLabel: string, name?: string): string {
  const doc = parseDocument(baseText);
  for (const k of fit.knobs) {
    const range = `prior ${k.prior}, range ${k.min}–${k.max} ${k.knob.unit}`;
    for (const field of k.knob.fields) {
      for (const path of leafPaths(field)) {
        const note = k.knob.fields.length > 1 || field.includes('instruction') ? ` (knob ${k.knob.name}; ratios kept)` : '';
        setWithComment(doc, path, roundCost(valueAt(fit.spec, path)), `fitted: loom calibrate ${sourceLabel}${note}; ${range}`);
      }
    }
  }
  for (const [field, pinned] of file.fixed) setWithComment(doc, field, pinned.value, `pinned by ${sourceLabel}: ${pinned.source.split(/[;(]/)[0].trim()}`);
  if (name !== undefined) doc.set('name', name);
  return doc.toString({ lineWidth: 0 });
}
