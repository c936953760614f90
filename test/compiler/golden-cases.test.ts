// Golden compiler cases (STYLE §9): each folder under cases/ holds a case's expected IR dump, image hash or diagnostic.
// Regenerate after a deliberate change with `UPDATE_GOLDEN=1 npx vitest run test/compiler/golden-cases.test.ts`.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileQGraph } from '../../compiler/compile.ts';
import { printIr } from '../../compiler/ir/print.ts';
import type { CompileMode } from '../../compiler/ir/types.ts';
import { loadChipSpec, parseChipSpec } from '../../isa/chip/load.ts';
import type { ChipSpec } from '../../isa/chip/schema.ts';
import { LoomError } from '../../isa/diagnostics/index.ts';
import { encodeImage } from '../../isa/image/index.ts';
import { bundledModel } from '../../models/bundled/index.ts';
import { readQGraphFile } from '../../models/qgraph/format.ts';

interface GoldenCase {
  readonly name: string;
  readonly model: string;
  readonly chip: () => ChipSpec;
  readonly mode: CompileMode;
}

const CASES: readonly GoldenCase[] = [
  { name: 'sparse-w0.5-loihi2-both', model: 's5-w0.5-sparse90', chip: () => loadChipSpec('loihi2'), mode: 'both' },
  { name: 'dense-w0.5-tiny-fall-through', model: 's5-w0.5-dense', chip: () => loadChipSpec('tiny'), mode: 'fall-through' },
  { name: 'sparse-w0.5-cramped-cores', model: 's5-w0.5-sparse90', chip: () => parseChipSpec('extends: tiny\nname: cramped\ncore:\n  synapseWords: 40\n', 'cramped.yaml'), mode: 'both' },
];

const update = process.env.UPDATE_GOLDEN === '1';
const folder = (name: string) => new URL(`./cases/${name}/`, import.meta.url).pathname;

/** Compare with the stored file, or (re)write it when updating. */
function golden(name: string, file: string, actual: string): void {
  const path = `${folder(name)}${file}`;
  if (update || !existsSync(path)) {
    mkdirSync(folder(name), { recursive: true });
    writeFileSync(path, actual);
    if (!update) throw new Error(`golden file ${path} was missing and has been written; review and commit it`);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('golden compiler cases', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const qgraph = readQGraphFile(bundledModel(c.model)!.file);
      let ir = '';
      try {
        const { image } = compileQGraph(qgraph, {
          chip: c.chip(),
          mode: c.mode,
          seed: 0,
          objective: 'cores',
          onPass: (pass, state) => {
            if (pass.name === 'balance-delays' && state.ir) ir = printIr(state.ir);
          },
        });
        golden(c.name, 'expected.ir.txt', `${ir}\n`);
        golden(c.name, 'expected.image.sha256', `${createHash('sha256').update(encodeImage(image)).digest('hex')}\n`);
      } catch (e) {
        if (!(e instanceof LoomError)) throw e;
        golden(c.name, 'expected.diagnostics.txt', `${e.message}\n`);
      }
    });
  }
});
