// Scaling run: widths 0.5–3, dense and 90 % sparse, compiled for loihi2 (packed, mode both) and simulated in both modes — parameters, cores, synaptic ops, latency, throughput and energy per token; a Markdown table and an SVG plot.
//
// A measurement of the model, not of the host: each configuration is compiled once and simulated once per
// mode on the first FRAMES frames of a synthetic clip (per-token metrics are steady after a few dozen
// steps; the pipelined fill, ≤ 12 steps, is inside the window). Outputs are checked bit-exact against the
// reference interpreter. The whole run takes about 1.5 minutes on 2 cores (dense width 3 ≈ 25 s).
import { compileQGraph } from '../compiler/compile.ts';
import { loadChipSpec } from '../isa/chip/load.ts';
import { exportNetwork } from '../models/commands/export.ts';
import { createModel } from '../models/commands/model.ts';
import { syntheticFrames } from '../models/data/synthetic-frames.ts';
import type { InputOp } from '../models/qgraph/types.ts';
import { runReference } from '../models/reference/interpreter.ts';
import { parameterCount } from '../models/s5/network.ts';
import { scalingPlot, scalingTable, type ScalingRow } from './scaling-report.ts';
import { loadImage } from '../simulator/load.ts';
import { modeSummaryJson } from '../simulator/result.ts';
import { simulate } from '../simulator/simulate.ts';
import { machine, writeResults, writeSvg } from './results-io.ts';

const WIDTHS = [0.5, 1, 2, 3];
const SPARSITIES = [0, 0.9];
const FRAMES = 200;

function measure(width: number, sparsity: number): ScalingRow {
  const t0 = performance.now();
  const chip = loadChipSpec('loihi2');
  const net = createModel({ width, sparsity, seed: 0 });
  const { graph } = exportNetwork(net, { seed: 0, fidelityFrames: 0 });
  const compiled = compileQGraph(graph, { chip, mode: 'both', seed: 0, objective: 'cores' });
  const img = loadImage(compiled.image, chip, `w${width}-s${sparsity}`);
  const op = graph.spec.ops[0] as InputOp;
  const frames = syntheticFrames({ count: FRAMES, seed: 1, bins: graph.hyper.inputSize });
  const reference = runReference(graph, frames).outputs;
  const run = (mode: 'fall-through' | 'pipelined') => {
    const r = simulate(img, { mode, input: { exp: op.exp, offset: op.offset }, frames });
    const exact = r.outputs.length === reference.length && r.outputs.every((v, i) => v === reference[i]);
    return { summary: modeSummaryJson(r), exact };
  };
  const f = run('fall-through');
  const p = run('pipelined');
  let nonZero = 0;
  for (const t of graph.tensors.values()) for (let i = 0; i < t.data.length; i++) if (t.data[i] !== 0) nonZero++;
  return {
    width,
    sparsity,
    parameters: parameterCount(net),
    nonZero,
    cores: compiled.report.coresUsed,
    lowerBound: compiled.report.bound.lowerBound,
    pipelineDepth: compiled.report.pipelineDepth,
    frames: FRAMES,
    fallThrough: f.summary,
    pipelined: p.summary,
    bitExact: f.exact && p.exact,
    wallS: (performance.now() - t0) / 1e3,
  };
}

const rows: ScalingRow[] = [];
for (const width of WIDTHS) {
  for (const sparsity of SPARSITIES) {
    const r = measure(width, sparsity);
    console.log(`width ${width} ${sparsity === 0 ? 'dense' : 'sparse'}: ${r.cores} cores, ${Math.round(r.fallThrough.synops_per_token)} synops/token, bit-exact ${r.bitExact}, ${r.wallS.toFixed(1)} s`);
    rows.push(r);
  }
}
const m = machine();
const md = scalingTable(rows, m);
console.log(md);
writeResults('scaling', { machine: m, chip: 'loihi2', compile: 'packed (default), mode both, seed 0', frames: FRAMES, rows }, md);
writeSvg('scaling', scalingPlot(rows));
if (rows.some((r) => !r.bitExact)) {
  console.error('scaling: some simulations were not bit-exact with the reference interpreter');
  process.exit(1);
}
