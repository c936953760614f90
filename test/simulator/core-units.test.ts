// timing.synapticUnit: separate units (integration overlapping updates and sends) never slow a step, leave every output and action count unchanged, and in pipelined mode shorten a busy step; the bound test reads the same rule.
import { describe, expect, it } from 'vitest';
import { compileQGraph } from '../../compiler/compile.ts';
import { ACTION_COUNT, coreOccupancyNs, timePrices } from '../../isa/chip/costs.ts';
import { loadChipSpec, parseChipSpec } from '../../isa/chip/load.ts';
import { DEFAULT_MODEL } from '../../models/bundled/index.ts';
import { syntheticFrames } from '../../models/data/synthetic-frames.ts';
import { readQGraphFile } from '../../models/qgraph/format.ts';
import type { InputOp } from '../../models/qgraph/types.ts';
import { loadImage } from '../../simulator/load.ts';
import { simulate } from '../../simulator/simulate.ts';

const graph = readQGraphFile(DEFAULT_MODEL.file);
const op = graph.spec.ops[0] as InputOp;
const frames = syntheticFrames({ count: 20, seed: 4 });
const separate = loadChipSpec('loihi2');
const shared = parseChipSpec('extends: loihi2\nname: loihi2\ntiming: { synapticUnit: shared }\n', 'shared.yaml');

describe('synaptic unit shared or separate', () => {
  const image = compileQGraph(graph, { chip: separate, mode: 'both', seed: 0, objective: 'cores' }).image;
  const run = (spec: typeof separate, mode: 'fall-through' | 'pipelined') => simulate(loadImage(image, spec, 'units'), { mode, input: { exp: op.exp, offset: op.offset }, frames });

  for (const mode of ['fall-through', 'pipelined'] as const) {
    it(`${mode}: same outputs and actions; separate is never slower`, () => {
      const a = run(shared, mode);
      const b = run(separate, mode);
      expect(Array.from(b.outputs)).toEqual(Array.from(a.outputs));
      expect(Array.from(b.totals.actions)).toEqual(Array.from(a.totals.actions));
      expect(b.stepTimeNs).toBeLessThanOrEqual(a.stepTimeNs * (1 + 1e-9));
    });
  }

  it('pipelined on packed cores: overlapping integration with updates shortens the step by at least 10 %', () => {
    expect(run(separate, 'pipelined').stepTimeNs).toBeLessThan(0.9 * run(shared, 'pipelined').stepTimeNs);
  });

  it('a core is busy for the sum of its units\' work when shared and the longer of the two when separate (hand-computed)', () => {
    const counts = new Float64Array(ACTION_COUNT);
    counts[0] = 100; // synaptic ops
    counts[8] = 10; // messages received
    counts[1] = 4; // neuron updates
    counts[7] = 20; // messages sent
    const t = separate.timing;
    const synaptic = 100 * t.synOpNs + 10 * t.messageReceiveNs;
    const neuron = 4 * t.neuronUpdateNs + 20 * t.messageSendNs;
    expect(coreOccupancyNs(counts, timePrices(separate), 'shared')).toBeCloseTo(synaptic + neuron, 9);
    expect(coreOccupancyNs(counts, timePrices(separate), 'separate')).toBeCloseTo(Math.max(synaptic, neuron), 9);
  });
});
