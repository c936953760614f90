// Test fixture: hand-built chip images from a list of cores, neuron groups and synapses (axons, axon tables and I/O maps derived), plus shared helpers.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadChipSpec } from '../../isa/chip/load.ts';
import { isLoomError, type LoomError } from '../../isa/diagnostics/index.ts';
import { validateImage } from '../../isa/image/index.ts';
import type { ChipImage, CoreImage, ExecutionMode, NeuronGroupSlice } from '../../isa/image/types.ts';
import type { NeuronProgram } from '../../isa/microcode/index.ts';
import { loadImage, type LoadedImage } from '../../simulator/load.ts';

export interface FixtureGroup {
  readonly program: NeuronProgram;
  readonly neurons: number;
  /** Per-neuron parameters, neuron-major (default zeros). */
  readonly params?: readonly number[];
  readonly startStep?: number;
}

export interface FixtureCore {
  readonly chip: number;
  readonly core: number;
  readonly groups: readonly FixtureGroup[];
}

/** A neuron's output channel: a host input index, or (core, group, neuron, channel). */
export type Source = { readonly input: number } | { readonly core: number; readonly group: number; readonly neuron: number; readonly channel?: number };

export interface FixtureSynapse {
  readonly from: Source;
  readonly to: { readonly core: number; readonly group: number; readonly neuron: number; readonly port?: number };
  readonly weight: number;
}

export interface FixtureSpec {
  readonly chipSpec: string;
  readonly mode?: ExecutionMode;
  readonly pipelineDepth?: number;
  readonly flags?: number;
  readonly inputs: number;
  readonly cores: readonly FixtureCore[];
  readonly synapses: readonly FixtureSynapse[];
  /** External outputs in order: the neurons producing them. */
  readonly outputs: readonly { readonly core: number; readonly group: number; readonly neuron: number; readonly channel?: number }[];
}

const key = (s: Source): string => ('input' in s ? `in${s.input}` : `${s.core}:${s.group}:${s.neuron}:${s.channel ?? 0}`);

function firstNeuron(core: FixtureCore, group: number): number {
  return core.groups.slice(0, group).reduce((n, g) => n + g.neurons, 0);
}

/** Input axons of core c: distinct source streams with a synapse there, in order of first appearance. */
function axonsOf(spec: FixtureSpec, c: number): string[] {
  const streams: string[] = [];
  for (const s of spec.synapses) if (s.to.core === c && !streams.includes(key(s.from))) streams.push(key(s.from));
  return streams;
}

function coreImage(spec: FixtureSpec, c: number, axons: readonly string[][]): CoreImage {
  const fc = spec.cores[c];
  const groups: NeuronGroupSlice[] = fc.groups.map((g, i) => {
    const info = g.program.info;
    const slice = { program: i, firstNeuron: firstNeuron(fc, i), neuronCount: g.neurons, ports: info.ports, stateWords: info.state, paramWords: info.params, channels: info.channels };
    return { ...slice, startStep: g.startStep ?? 0 } as NeuronGroupSlice;
  });
  const own = axons[c];
  const lists = own.map((a) => spec.synapses.filter((s) => s.to.core === c && key(s.from) === a));
  const flat = lists.flat();
  const offsets = Uint32Array.from([0, ...lists.map((_, i) => lists.slice(0, i + 1).reduce((n, l) => n + l.length, 0))]);
  const routes: { chip: number; core: number; axon: number }[][] = [];
  fc.groups.forEach((g, gi) => {
    for (let n = 0; n < g.neurons; n++) {
      for (let ch = 0; ch < g.program.info.channels; ch++) {
        const stream = key({ core: c, group: gi, neuron: n, channel: ch });
        const dests = spec.cores.map((d, di) => ({ chip: d.chip, core: d.core, axon: axons[di].indexOf(stream) })).filter((d) => d.axon >= 0);
        routes.push(dests.sort((p, q) => p.chip - q.chip || p.core - q.core));
      }
    }
  });
  const dests = routes.flat();
  return {
    chip: fc.chip,
    core: fc.core,
    x: fc.core % loadChipSpec(spec.chipSpec).mesh.cols,
    y: Math.floor(fc.core / loadChipSpec(spec.chipSpec).mesh.cols),
    neuronCount: fc.groups.reduce((n, g) => n + g.neurons, 0),
    groups,
    programs: fc.groups.map((g) => g.program.words),
    params: Int32Array.from(fc.groups.flatMap((g) => g.params ?? new Array<number>(g.neurons * g.program.info.params).fill(0))),
    state: new Int32Array(fc.groups.reduce((n, g) => n + g.neurons * g.program.info.state, 0)),
    synapses: {
      offsets,
      target: Uint16Array.from(flat, (s) => firstNeuron(fc, s.to.group) + s.to.neuron),
      port: Uint8Array.from(flat, (s) => s.to.port ?? 0),
      weight: Int8Array.from(flat, (s) => s.weight),
    },
    axons: {
      offsets: Uint32Array.from([0, ...routes.map((_, i) => routes.slice(0, i + 1).reduce((n, r) => n + r.length, 0))]),
      destChip: Uint16Array.from(dests, (d) => d.chip),
      destCore: Uint16Array.from(dests, (d) => d.core),
      destAxon: Uint16Array.from(dests, (d) => d.axon),
    },
  };
}

/** Build and validate a ChipImage from a fixture description. */
export function buildImage(spec: FixtureSpec): ChipImage {
  const axons = spec.cores.map((_, c) => axonsOf(spec, c));
  const cores = spec.cores.map((_, c) => coreImage(spec, c, axons));
  const ins: [number, number, number, number][] = [];
  for (let i = 0; i < spec.inputs; i++) spec.cores.forEach((fc, c) => axons[c].includes(`in${i}`) && ins.push([i, fc.chip, fc.core, axons[c].indexOf(`in${i}`)]));
  const out = spec.outputs;
  const mode = spec.mode ?? 'fall-through';
  const image: ChipImage = {
    header: { formatVersion: 1, chipSpec: spec.chipSpec, chipCount: Math.max(...spec.cores.map((c) => c.chip)) + 1, mode, pipelineDepth: spec.pipelineDepth ?? (mode === 'pipelined' ? 1 : 0), seed: 0, flags: spec.flags ?? (mode === 'pipelined' ? 1 : 0) },
    cores,
    io: {
      inputs: { count: spec.inputs, exp: 0, offset: 0, extIndex: Uint32Array.from(ins, (r) => r[0]), chip: Uint16Array.from(ins, (r) => r[1]), core: Uint16Array.from(ins, (r) => r[2]), axon: Uint16Array.from(ins, (r) => r[3]) },
      outputs: {
        count: out.length,
        exp: 0,
        extIndex: Uint32Array.from(out, (_, i) => i),
        chip: Uint16Array.from(out, (o) => spec.cores[o.core].chip),
        core: Uint16Array.from(out, (o) => spec.cores[o.core].core),
        neuron: Uint16Array.from(out, (o) => firstNeuron(spec.cores[o.core], o.group) + o.neuron),
        channel: Uint8Array.from(out, (o) => o.channel ?? 0),
      },
    },
  };
  validateImage(image, 'fixture');
  return image;
}

/** Build, then load for the fixture's chip spec. */
export function loadFixture(spec: FixtureSpec): LoadedImage {
  return loadImage(buildImage(spec), loadChipSpec(spec.chipSpec), 'fixture');
}

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

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'loom-sim-'));
}
