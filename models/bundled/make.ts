// Rebuilds the bundled QGraphs from their recipe (width, sparsity, seed): `npx tsx models/bundled/make.ts`.
import { createModel } from '../commands/model.ts';
import { exportNetwork } from '../commands/export.ts';
import { encodeQGraph } from '../qgraph/format.ts';
import type { BundledModel } from './index.ts';
import { BUNDLED_MODELS } from './index.ts';
import { writeFileAtomic } from '../../isa/files.ts';

/** The exact bytes of a bundled model, made from its recipe. */
export function buildBundledModel(m: BundledModel): Uint8Array {
  const net = createModel({ width: m.width, sparsity: m.sparsity, seed: m.seed });
  const { graph } = exportNetwork(net, { seed: m.seed, calibrationFrames: 256, fidelityFrames: 0, source: `loom model --width ${m.width} --sparsity ${m.sparsity} --seed ${m.seed}` });
  return encodeQGraph(graph);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const m of BUNDLED_MODELS) {
    const bytes = buildBundledModel(m);
    writeFileAtomic(m.file, bytes);
    console.log(`${m.name}: ${bytes.length.toLocaleString('en-US')} bytes → ${m.file}`);
  }
}
