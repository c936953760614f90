// The bundled models are reproducible from their recipes, byte for byte, and load as valid QGraphs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLED_MODELS } from '../../models/bundled/index.ts';
import { buildBundledModel } from '../../models/bundled/make.ts';
import { readQGraphFile } from '../../models/qgraph/format.ts';

describe('bundled models', () => {
  for (const m of BUNDLED_MODELS) {
    it(`${m.name} rebuilds byte-identically from width ${m.width}, sparsity ${m.sparsity}, seed ${m.seed}`, () => {
      const committed = new Uint8Array(readFileSync(m.file));
      expect(Buffer.from(buildBundledModel(m)).equals(Buffer.from(committed))).toBe(true);
      const g = readQGraphFile(m.file);
      expect(g.hyper.width).toBe(m.width);
      expect(g.hyper.hidden).toBe(96);
      expect(g.hyper.weightSparsity).toBeGreaterThanOrEqual(m.sparsity);
      expect(g.hyper.weightSparsity).toBeLessThan(m.sparsity + 0.1); // tiny weights also round to zero
    });
  }
});
