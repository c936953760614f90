// Shared helpers for chip-spec tests: catch a LoomError, read a preset's YAML text, make a scratch folder.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLoomError } from '../../../isa/diagnostics/index.ts';
import type { LoomError } from '../../../isa/diagnostics/index.ts';
import { presetPath } from '../../../isa/chip/load.ts';
import type { PresetName } from '../../../isa/chip/load.ts';

/** Run `fn` and return the LoomError it throws; fail if it throws anything else or nothing. */
export function loomErrorOf(fn: () => unknown): LoomError {
  try {
    fn();
  } catch (e) {
    if (isLoomError(e)) return e;
    throw e;
  }
  throw new Error('expected a LoomError, but nothing was thrown');
}

export function presetText(name: PresetName): string {
  return readFileSync(presetPath(name), 'utf8');
}

/** loihi2.yaml with the first `key:` line (any indentation) set to `key: value`, or removed when value is undefined. */
export function loihi2With(key: string, value?: string): string {
  const lines = presetText('loihi2').split('\n');
  const at = lines.findIndex((l) => l.trimStart().startsWith(`${key}:`));
  if (at < 0) throw new Error(`loihi2.yaml has no line ${key}:`);
  const indent = lines[at].length - lines[at].trimStart().length;
  if (value === undefined) lines.splice(at, 1);
  else lines[at] = `${' '.repeat(indent)}${key}: ${value}`;
  return lines.join('\n');
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'loom-chip-'));
}
