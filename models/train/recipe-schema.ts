// A small typed reader for recipe YAML: sections of named fields with kinds, ranges and defaults; every problem is a LoomError with the YAML path.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { LoomError } from '../../isa/diagnostics/index.ts';

export type FieldSpec =
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number; readonly integer?: boolean; readonly default?: number }
  | { readonly kind: 'string'; readonly choices?: readonly string[]; readonly default?: string }
  | { readonly kind: 'path'; readonly default?: string; readonly optional?: boolean }
  | { readonly kind: 'boolean'; readonly default?: boolean };

export type SectionSpec = Readonly<Record<string, FieldSpec>>;

type FieldValue<F extends FieldSpec> = F extends { kind: 'number' } ? number : F extends { kind: 'boolean' } ? boolean : F extends { kind: 'path'; optional: true } ? string | undefined : string;

export type Section<S extends SectionSpec> = { readonly [K in keyof S]: FieldValue<S[K]> };

/** A parsed recipe file: its top-level mapping, its path (for errors) and its folder (paths resolve against it). */
export interface RecipeSource {
  readonly file: string;
  readonly dir: string;
  readonly root: Readonly<Record<string, unknown>>;
}

export function loadRecipeSource(file: string): RecipeSource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new LoomError('file-unreadable', { file, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
  }
  return parseRecipeSource(text, file);
}

export function parseRecipeSource(text: string, file: string): RecipeSource {
  let root: unknown;
  try {
    root = parse(text);
  } catch (e) {
    throw new LoomError('recipe-unreadable', { file, detail: (e as Error).message.split('\n')[0] });
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new LoomError('recipe-unreadable', { file, detail: 'the top level is not a mapping of sections' });
  }
  return { file, dir: dirname(resolve(file)), root: root as Record<string, unknown> };
}

/** Reject top-level sections the recipe kind does not have. */
export function checkSections(src: RecipeSource, known: readonly string[]): void {
  for (const key of Object.keys(src.root)) {
    if (!known.includes(key)) throw new LoomError('recipe-unknown-field', { file: src.file, field: key, known: known.join(', ') });
  }
}

/** Read section `name` (absent = all defaults) against its spec. */
export function readSection<S extends SectionSpec>(src: RecipeSource, name: string, spec: S): Section<S> {
  const raw = src.root[name] ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new LoomError('recipe-field', { file: src.file, field: name, detail: 'must be a mapping' });
  }
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!(key in spec)) throw new LoomError('recipe-unknown-field', { file: src.file, field: `${name}.${key}`, known: Object.keys(spec).join(', ') });
  }
  const out: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(spec)) out[key] = readField(src, `${name}.${key}`, obj[key], f);
  return out as Section<S>;
}

function readField(src: RecipeSource, path: string, value: unknown, f: FieldSpec): unknown {
  const fail = (detail: string): never => {
    throw new LoomError('recipe-field', { file: src.file, field: path, detail });
  };
  if (value === undefined || value === null) {
    if (f.default !== undefined) return f.kind === 'path' ? resolve(src.dir, f.default) : f.default;
    if (f.kind === 'path' && f.optional) return undefined;
    return fail('is required');
  }
  switch (f.kind) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`${JSON.stringify(value)} is not a number`);
      if (f.integer && !Number.isInteger(value)) return fail(`${value} is not an integer`);
      if ((f.min !== undefined && value < f.min) || (f.max !== undefined && value > f.max)) return fail(`${value} is outside [${f.min ?? '−∞'}, ${f.max ?? '∞'}]`);
      return value;
    }
    case 'string':
      if (typeof value !== 'string') return fail(`${JSON.stringify(value)} is not a string`);
      if (f.choices && !f.choices.includes(value)) return fail(`"${value}" is not one of ${f.choices.join(', ')}`);
      return value;
    case 'path':
      if (typeof value !== 'string' || value === '') return fail(`${JSON.stringify(value)} is not a path`);
      return resolve(src.dir, value);
    case 'boolean':
      if (typeof value !== 'boolean') return fail(`${JSON.stringify(value)} is not true or false`);
      return value;
  }
}

/**
 * A section without the fields that hold their spec's default, so a recipe that spells a default out and
 * one that leaves it implicit — or was written before the field existed — fingerprint alike.
 */
export function withoutDefaults<S extends SectionSpec>(section: Section<S>, spec: S): Partial<Section<S>> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(section)) {
    const f = spec[key];
    if (f && f.kind !== 'path' && f.default !== undefined && value === f.default) continue;
    out[key] = value;
  }
  return out as Partial<Section<S>>;
}

/** A canonical JSON of parsed sections (for the resume check): keys sorted. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}
