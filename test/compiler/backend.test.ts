// The back end (split, place, route, emit) on the bundled models: valid images within every limit, bit-exact when executed, deterministic, reported.
import { describe, expect, it } from 'vitest';
import { compileQGraph } from '../../compiler/compile.ts';
import { formatCompileReport } from '../../compiler/report.ts';
import { PASS_NAMES } from '../../compiler/pipeline.ts';
import { loadChipSpec } from '../../isa/chip/load.ts';
import { decodeImage, encodeImage, validateImage } from '../../isa/image/index.ts';
import { coreImageUsage, RESOURCE_NAMES } from '../../isa/resources.ts';
import { BUNDLED_MODELS } from '../../models/bundled/index.ts';
import { syntheticFrames } from '../../models/data/synthetic-frames.ts';
import { readQGraphFile } from '../../models/qgraph/format.ts';
import { ReferenceInterpreter } from '../../models/reference/interpreter.ts';
import { ImageExecutor, recountCore } from './backend-helpers.ts';

const loihi2 = loadChipSpec('loihi2');
const models = BUNDLED_MODELS.map((m) => ({ name: m.name, qgraph: readQGraphFile(m.file) }));

describe('compiling the bundled models for loihi2', () => {
  for (const { name, qgraph } of models) {
    it(`${name}: every core within every limit, recounted from the image; image validates and round-trips`, () => {
      const { image, report, state } = compileQGraph(qgraph, { chip: loihi2, mode: 'both', seed: 0, objective: 'cores', verify: true });
      expect(report.timings.map((t) => t.pass)).toEqual(PASS_NAMES);
      expect(PASS_NAMES.slice(-4)).toEqual(['split', 'place', 'route', 'emit']);
      validateImage(image);
      const bytes = encodeImage(image);
      const back = decodeImage(bytes, name);
      expect(encodeImage(back)).toEqual(bytes);
      expect(back.cores.length).toBe(report.coresUsed);
      for (const core of image.cores) {
        const recount = recountCore(core, loihi2);
        expect(coreImageUsage(core, loihi2.core)).toEqual(recount);
        const planned = state.plan!.cores.find((c) => c.position!.chip === core.chip && c.position!.core === core.core)!;
        expect(planned.usage).toEqual(recount);
        for (const r of RESOURCE_NAMES) expect(recount[r], `${r} on core ${core.core}`).toBeLessThanOrEqual(loihi2.core[r]);
      }
      // every neuron of every group is placed exactly once
      for (const g of report.groups) expect(g.pieces.reduce((n, p) => n + p.last - p.first + 1, 0)).toBe(g.neurons);
      expect(report.coresUsed).toBeLessThanOrEqual(Math.ceil(1.15 * report.bound.lowerBound));
      expect(report.traffic.hopWeighted).toBeLessThanOrEqual(report.traffic.naiveHopWeighted);
      expect(image.header).toMatchObject({ chipSpec: 'loihi2', chipCount: 1, mode: 'pipelined', pipelineDepth: 1 + 3 * qgraph.hyper.layers, seed: 0, flags: 1 });
      expect(image.io.outputs.count).toBe(257);
      for (const sym of image.symbols!.groups) {
        const slice = image.cores[sym.core].groups[sym.group] as { readonly startStep?: number };
        expect(slice.startStep, sym.name).toBe(state.ir!.stages!.get(sym.name));
      }
      expect(image.io.inputs.count).toBe(257);
    });
  }

  it('the emitted image computes the reference outputs bit for bit, fall-through and pipelined (several cores, several chips)', () => {
    const qgraph = models.find((m) => m.name === 's5-w0.5-dense')!.qgraph;
    const frames = syntheticFrames({ count: 40, seed: 3 });
    const reference = new ReferenceInterpreter(qgraph);
    const expected = frames.map((f) => [...reference.step(f)]);
    for (const chip of [loihi2, loadChipSpec('tiny')]) {
      const { image, state, report } = compileQGraph(qgraph, { chip, mode: 'both', seed: 1 });
      expect(report.coresUsed).toBeGreaterThan(1);
      const fall = new ImageExecutor(image, state.ir!, 'fall-through');
      expect(frames.map((f) => [...fall.step(f)])).toEqual(expected);
      const depth = image.header.pipelineDepth;
      const piped = new ImageExecutor(image, state.ir!, 'pipelined');
      const late = frames.map((f) => [...piped.step(f)]);
      expect(late.slice(depth)).toEqual(expected.slice(0, frames.length - depth));
    }
    const fallOnly = compileQGraph(qgraph, { chip: loihi2, mode: 'fall-through', seed: 0 });
    expect(fallOnly.image.header).toMatchObject({ mode: 'fall-through', pipelineDepth: 0, flags: 0 });
    expect(fallOnly.image.cores.flatMap((c) => c.groups.map((g) => (g as { readonly startStep?: number }).startStep))).not.toContain(1);
    const exec = new ImageExecutor(fallOnly.image, fallOnly.state.ir!, 'fall-through');
    expect(frames.map((f) => [...exec.step(f)])).toEqual(expected);
  });

  it('same inputs and seed give a byte-identical image; another seed may place differently', () => {
    const qgraph = models[0].qgraph;
    const tiny = loadChipSpec('tiny');
    const bytes = (seed: number) => encodeImage(compileQGraph(qgraph, { chip: tiny, mode: 'both', seed }).image);
    const first = bytes(7);
    expect(bytes(7)).toEqual(first);
    const others = [8, 9, 10].map(bytes);
    expect(others.some((b) => b.length !== first.length || b.some((x, i) => x !== first[i]))).toBe(true);
  });

  it('the report is JSON-serialisable and its text names the cores, bound, traffic and pass times', () => {
    const { report } = compileQGraph(models[1].qgraph, { chip: loihi2, mode: 'both', seed: 0 });
    const json = JSON.parse(JSON.stringify(report));
    expect(json.coresUsed).toBe(report.coresUsed);
    expect(json.cores[0].usage.synapseWords).toBe(report.cores[0].usage.synapseWords);
    const text = formatCompileReport(report);
    for (const needle of ['cores used', 'lower bound', 'synapse-memory words', 'hop-weighted traffic', 'blocks.0.state', 'emit', 'pJ/token']) expect(text).toContain(needle);
    console.log(text);
  });

  it('measured activity changes the traffic estimate, not the image semantics', () => {
    const qgraph = models[1].qgraph;
    const base = compileQGraph(qgraph, { chip: loadChipSpec('tiny'), mode: 'both', seed: 0, objective: 'cores' });
    const activity = new Map(base.report.groups.map((g) => [g.group, 0.9]));
    const quiet = compileQGraph(qgraph, { chip: loadChipSpec('tiny'), mode: 'both', seed: 0, objective: 'cores', activity });
    expect(quiet.report.traffic.interCoreMessages).toBeCloseTo(base.report.traffic.interCoreMessages / 5, 6);
    expect(quiet.report.traffic.activity).toContain('measured');
  });
});
