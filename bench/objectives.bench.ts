// Mapping objectives on loihi2: widths 2, 4 and 8, 90 % sparse, compiled with --objective latency, throughput and cores (mode both) and simulated to steady state in both modes — cores, µs/token, tokens/s, µJ/token (dynamic / static) and the ratio of the simulated step to the max-affine bound.
//
// Activity for the compiler's estimates is measured on 50 frames of a synthetic clip (as `loom compile
// --calibrate 50`); the simulation runs another clip, and every run is checked bit-exact against the
// reference interpreter. About 3 minutes on 2 cores.
import { measureActivity } from '../compiler/commands/compile.ts';
import { compileQGraph } from '../compiler/compile.ts';
import { MAPPING_OBJECTIVES } from '../compiler/cost/objective.ts';
import { loadChipSpec } from '../isa/chip/load.ts';
import { markdownTable } from '../isa/format/table.ts';
import { exportNetwork } from '../models/commands/export.ts';
import { createModel } from '../models/commands/model.ts';
import { syntheticFrames } from '../models/data/synthetic-frames.ts';
import type { InputOp } from '../models/qgraph/types.ts';
import { runReference } from '../models/reference/interpreter.ts';
import { loadImage } from '../simulator/load.ts';
import { steadyState } from '../simulator/steady.ts';
import { energyPrices, price } from '../isa/chip/costs.ts';
import { machine, writeResults } from './results-io.ts';

const WIDTHS = [2, 4, 8];
const FRAMES = 40;

interface Row {
  width: number;
  objective: string;
  mode: string;
  cores: number;
  usPerToken: number;
  tokensPerS: number;
  latencyUs: number;
  dynamicUj: number;
  staticUj: number;
  boundRatio: number;
  bitExact: boolean;
}

function measure(width: number): Row[] {
  const chip = loadChipSpec('loihi2');
  const { graph } = exportNetwork(createModel({ width, sparsity: 0.9, seed: 0 }), { seed: 0, fidelityFrames: 0 });
  const activity = measureActivity(graph, 50);
  const op = graph.spec.ops[0] as InputOp;
  const frames = syntheticFrames({ count: FRAMES, seed: 1, bins: graph.hyper.inputSize });
  const reference = runReference(graph, frames).outputs;
  const rows: Row[] = [];
  for (const objective of MAPPING_OBJECTIVES) {
    const compiled = compileQGraph(graph, { chip, mode: 'both', seed: 0, objective, activity });
    const img = loadImage(compiled.image, chip, `w${width}-${objective}`);
    for (const mode of ['fall-through', 'pipelined'] as const) {
      const s = steadyState(img, mode, frames, { exp: op.exp, offset: op.offset });
      const exact = s.result.outputs.every((v, i) => v === reference[i]);
      const chips = s.result.chipsUsed;
      const dynamicPj = price(s.actionsPerStep, energyPrices(chip)) + chip.energy.activeWattsPerChip * chips * s.stepNs * 1e3;
      const staticPj = chip.energy.staticWattsPerChip * chips * s.stepNs * 1e3;
      const depth = mode === 'pipelined' ? img.image.header.pipelineDepth : 0;
      rows.push({
        width,
        objective,
        mode,
        cores: compiled.report.coresUsed,
        usPerToken: s.stepNs / 1e3,
        tokensPerS: 1e9 / s.stepNs,
        latencyUs: ((depth + 1) * s.stepNs) / 1e3,
        dynamicUj: dynamicPj / 1e6,
        staticUj: staticPj / 1e6,
        boundRatio: s.stepNs / (compiled.report.speed.maxAffineBoundUs * 1e3),
        bitExact: exact,
      });
      console.log(`width ${width} ${objective} ${mode}: ${rows.at(-1)!.cores} cores, ${rows.at(-1)!.usPerToken.toFixed(1)} µs/token, bit-exact ${exact}`);
    }
  }
  return rows;
}

const rows = WIDTHS.flatMap(measure);
const table = markdownTable(
  ['width', 'objective', 'mode', 'cores', 'µs/token (step)', 'tokens/s', 'latency µs', 'µJ/token dynamic', 'µJ/token static', 'step ÷ max-affine bound', 'bit-exact'],
  rows.map((r) => [r.width, r.objective, r.mode, r.cores, Number(r.usPerToken.toPrecision(4)), Math.round(r.tokensPerS), Number(r.latencyUs.toPrecision(4)), Number(r.dynamicUj.toPrecision(3)), Number(r.staticUj.toPrecision(3)), Number(r.boundRatio.toFixed(2)), r.bitExact ? 'yes' : 'NO']),
);
const markdown = `# Mapping objectives (loihi2, 90 % sparse, mode both)\n\nSteady-state figures (pipeline fill excluded), ${FRAMES}-frame synthetic clip; latency = (pipeline depth + 1) steps. The max-affine bound is the compile report's (slowest core's own work or busiest link, plus the barrier).\n\n${table}\n`;
writeResults('objectives', { machine: machine(), rows }, markdown);
if (rows.some((r) => !r.bitExact)) process.exit(1);
