// Loading chip specs: presets by name or YAML files by path, YAML syntax errors with line numbers, and `extends` (deep merge over a preset or file).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import lodash from 'lodash';
import { parseDocument } from 'yaml';
import { LoomError } from '../diagnostics/index.ts';
import { readFileBytes } from '../files.ts';
import { describeValue, isMapping } from './fields.ts';
import type { ChipSpec } from './schema.ts';
import { validateChipSpec } from './validate.ts';

/** The presets shipped in isa/chip/presets/ (file `<name>.yaml`). */
export const PRESET_NAMES = ['loihi2', 'kapoho-point', 'hala-point', 'tiny'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const PRESET_DIR = new URL('./presets/', import.meta.url);
const presetCache = new Map<PresetName, ChipSpec>();

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/** Absolute path of a preset's YAML file (found next to this module, whatever the working directory). */
export function presetPath(name: PresetName): string {
  return fileURLToPath(new URL(`${name}.yaml`, PRESET_DIR));
}

/** Parse and validate chip-spec YAML; `source` (a file path or a label) names it in errors and anchors relative `extends` paths. */
export function parseChipSpec(yamlText: string, source: string): ChipSpec {
  const doc = resolveExtends(parseYaml(yamlText, source), source, [resolve(source)]);
  return validateChipSpec(doc, source);
}

/** Load a preset by name (one of PRESET_NAMES) or a chip-spec YAML file by path. Presets are parsed once and shared (specs are frozen). */
export function loadChipSpec(presetNameOrPath: string): ChipSpec {
  if (!isPresetName(presetNameOrPath)) {
    const path = locateSpec(presetNameOrPath, process.cwd(), undefined);
    return parseChipSpec(readText(path), path);
  }
  const cached = presetCache.get(presetNameOrPath);
  if (cached) return cached;
  const path = presetPath(presetNameOrPath);
  const spec = parseChipSpec(readText(path), path);
  presetCache.set(presetNameOrPath, spec);
  return spec;
}

/** The YAML file a preset name or path refers to, and its text (for tools that rewrite a spec, such as calibration). */
export function chipSpecSource(presetNameOrPath: string): { readonly path: string; readonly text: string } {
  const path = locateSpec(presetNameOrPath, process.cwd(), undefined);
  return { path, text: readText(path) };
}

/** A preset's file, or `target` as a path relative to `baseDir`; a bare word that is no preset is an unknown-preset error. */
function locateSpec(target: string, baseDir: string, location: string | undefined): string {
  if (isPresetName(target)) return presetPath(target);
  if (!/[\\/]|\.ya?ml$/i.test(target)) {
    throw new LoomError('chip-spec-unknown-preset', { name: target, known: PRESET_NAMES.join(', ') }, location);
  }
  return resolve(baseDir, target);
}

function readText(path: string): string {
  return new TextDecoder().decode(readFileBytes(path));
}

/** YAML text → plain JS value; the first syntax error becomes a LoomError with its line and column. */
function parseYaml(text: string, source: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const { line, col } = error.linePos?.[0] ?? { line: 0, col: 0 };
    const detail = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new LoomError('chip-spec-yaml', { source, line, column: col, detail }, `${source}:${line}:${col}`);
  }
  return doc.toJS();
}

/** If `doc` says `extends: X`, load X (recursively) and deep-merge `doc` over it; `chain` holds the files already open, to refuse cycles. */
function resolveExtends(doc: unknown, source: string, chain: readonly string[]): unknown {
  if (!isMapping(doc) || doc.extends === undefined) return doc;
  const target = doc.extends;
  if (typeof target !== 'string') {
    const args = { source, path: 'extends', actual: describeValue(target), expected: 'a preset name or a file path' };
    throw new LoomError('chip-spec-type', args, 'extends');
  }
  const parentPath = locateSpec(target, dirname(resolve(source)), 'extends');
  if (chain.includes(parentPath)) {
    throw new LoomError('chip-spec-extends', { source, target, detail: `cycle through ${[...chain, parentPath].join(' → ')}` }, 'extends');
  }
  const parent = resolveExtends(parseYaml(readText(parentPath), parentPath), parentPath, [...chain, parentPath]);
  if (!isMapping(parent)) {
    throw new LoomError('chip-spec-extends', { source, target, detail: `${parentPath} is not a mapping of chip-spec fields` }, 'extends');
  }
  return mergeOver(parent, lodash.omit(doc, 'extends'));
}

/**
 * Deep merge: mappings merge key by key, everything else (scalars, lists) is replaced. `chips` is replaced
 * whole, since grid and positions are alternatives and a merged mixture of the two would be meaningless.
 */
function mergeOver(parent: Record<string, unknown>, child: Record<string, unknown>): Record<string, unknown> {
  const merged = lodash.mergeWith(lodash.cloneDeep(parent), lodash.omit(child, 'chips'), (_to: unknown, from: unknown) =>
    Array.isArray(from) ? from : undefined,
  ) as Record<string, unknown>;
  if (child.chips !== undefined) merged.chips = child.chips;
  return merged;
}
