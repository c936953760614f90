// Layer-stack workloads: valid QGraphs of the described shape and sparsity, deterministic per seed, activity near its target, bit-exact on chip in both modes, hostile descriptions rejected with L160.
import { describe, expect, it } from 'vitest';
import { compileQGraph } from '../../../compiler/compile.ts';
import { quantizeActivations } from '../../../isa/arith.ts';
import { loadChipSpec } from '../../../isa/chip/load.ts';
import { isLoomError, type LoomError } from '../../../isa/diagnostics/index.ts';
import { loomErrorOf } from '../../isa/chip/helpers.ts';
import { decodeQGraph, encodeQGraph } from '../../../models/qgraph/format.ts';
import type { DenseOp, InputOp, QGraph } from '../../../models/qgraph/types.ts';
import { validateQGraph } from '../../../models/qgraph/validate.ts';
import { runReference } from '../../../models/reference/interpreter.ts';
import { LAYER_STACK_LIMITS, layerStackFrames, layerStackQGraph, validateLayerStack, type LayerStack } from '../../../models/workloads/layer-stack.ts';
import { loadImage } from '../../../simulator/load.ts';
import { simulate } from '../../../simulator/simulate.ts';

/** The brief's small stack: unstructured, structured (fanIn 2) and a half-active output layer. */
const SMALL: LayerStack = {
  inputs: 64,
  layers: [
    { name: 'up', outputs: 128, sparsity: 0.5 },
    { name: 'gate', outputs: 64, fanIn: 2 },
    { name: 'down', outputs: 32, sparsity: 0.3, activity: 0.5 },
  ],
};

function weightOf(g: QGraph, op: DenseOp): Int8Array {
  return g.tensors.get(op.weight)!.data as Int8Array;
}

function denseOps(g: QGraph): DenseOp[] {
  return g.spec.ops.filter((o): o is DenseOp => o.kind === 'dense');
}


describe('layerStackQGraph builds the described graph', () => {
  const g = layerStackQGraph(SMALL);

  it('is a valid QGraph: an input op and one ReLU dense op per layer, chained', () => {
    expect(() => validateQGraph(g.spec, g.tensors)).not.toThrow();
    expect(g.spec.ops.map((o) => o.kind)).toEqual(['input', 'dense', 'dense', 'dense']);
    const input = g.spec.ops[0] as InputOp;
    expect(input.size).toBe(64);
    const ops = denseOps(g);
    expect(ops.map((o) => o.input)).toEqual(['input', 'up', 'gate']);
    expect(ops.every((o) => o.relu)).toBe(true);
    expect(g.spec.output).toBe('down');
    // Survives the file format (its hyper check included).
    expect(decodeQGraph(encodeQGraph(g), 'stack.qgraph.safetensors').spec).toEqual(g.spec);
  });

  it('has the specified shapes and non-zero counts', () => {
    const [up, gate, down] = denseOps(g);
    expect(g.tensors.get(up.weight)!.shape).toEqual([128, 64]);
    expect(g.tensors.get(gate.weight)!.shape).toEqual([64, 128]);
    expect(g.tensors.get(down.weight)!.shape).toEqual([32, 64]);
    expect(g.tensors.get(down.bias)!.shape).toEqual([32]);
    const rowNonZeros = (w: Int8Array, cols: number, r: number) => w.subarray(r * cols, (r + 1) * cols).filter((v) => v !== 0).length;
    for (let r = 0; r < 64; r++) expect(rowNonZeros(weightOf(g, gate), 128, r)).toBe(2);
    // Unstructured: binomial counts, within 4 standard deviations of (1 − sparsity) × size.
    for (const [op, size, keep] of [[up, 128 * 64, 0.5], [down, 32 * 64, 0.7]] as const) {
      const nonZeros = weightOf(g, op).filter((v) => v !== 0).length;
      expect(Math.abs(nonZeros - keep * size)).toBeLessThan(4 * Math.sqrt(size * keep * (1 - keep)));
    }
    const zeros = denseOps(g).reduce((n, op) => n + weightOf(g, op).filter((v) => v === 0).length, 0);
    expect(g.hyper.weightSparsity).toBeCloseTo(zeros / (128 * 64 + 64 * 128 + 32 * 64), 12);
  });

  it('draws weights in ±[1, 127] and fills hyper and provenance', () => {
    const w = weightOf(g, denseOps(g)[0]);
    expect(Math.min(...w)).toBe(-127);
    expect(Math.max(...w)).toBe(127);
    expect(g.hyper).toMatchObject({ width: 0, blocks: 0, hidden: 128, stateSize: 0, layers: 0, inputSize: 64, outputSize: 32 });
    expect(g.provenance).toEqual({ source: 'loom layer-stack workload', seed: '0' });
  });
});

describe('determinism', () => {
  it('gives the same bytes for the same seed and other weights for another', () => {
    const a = encodeQGraph(layerStackQGraph({ ...SMALL, seed: 7 }));
    const b = encodeQGraph(layerStackQGraph({ ...SMALL, seed: 7 }));
    const c = encodeQGraph(layerStackQGraph({ ...SMALL, seed: 8 }));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
    expect(layerStackFrames(SMALL, 3, 5)).toEqual(layerStackFrames(SMALL, 3, 5));
  });
});

describe('activity', () => {
  const stack = (activity: number): LayerStack => ({
    inputs: 96,
    inputActivity: 0.5,
    layers: [
      { name: 'a', outputs: 128, sparsity: 0.5, activity },
      { name: 'b', outputs: 96, sparsity: 0.3, activity },
      { name: 'c', outputs: 64, fanIn: 3, activity },
      { name: 'd', outputs: 48, activity },
    ],
  });

  it('host frames are non-zero at about inputActivity after quantization', () => {
    const frames = layerStackFrames(stack(1), 100, 3);
    const { exp, offset } = layerStackQGraph(stack(1)).spec.ops[0] as InputOp;
    const q = new Int32Array(96);
    let nonZero = 0;
    for (const f of frames) {
      expect(f.every((v) => v >= 0)).toBe(true);
      quantizeActivations(f, offset, exp, 16, q);
      nonZero += q.filter((v) => v !== 0).length;
    }
    expect(nonZero / (100 * 96)).toBeCloseTo(0.5, 1);
  });

  for (const target of [0.3, 1]) {
    it(`fresh frames fire each layer within 0.1 of activity ${target}, without saturating`, () => {
      const s = stack(target);
      const run = runReference(layerStackQGraph(s), layerStackFrames(s, 200, 11));
      for (const layer of run.layers) {
        expect(Math.abs(1 - layer.activationSparsity - target), layer.name).toBeLessThan(0.1);
        expect(layer.saturations).toBe(0);
      }
    });
  }
});

describe('on chip', () => {
  it('compiles for loihi2 and simulates bit-exactly with the reference in both modes', () => {
    const g = layerStackQGraph(SMALL);
    const chip = loadChipSpec('loihi2');
    const img = loadImage(compileQGraph(g, { chip, mode: 'both', seed: 0 }).image, chip);
    const frames = layerStackFrames(SMALL, 30);
    const reference = runReference(g, frames).outputs;
    expect(reference.some((v) => v !== 0)).toBe(true);
    const input = { exp: (g.spec.ops[0] as InputOp).exp, offset: 0 };
    for (const mode of ['fall-through', 'pipelined'] as const) {
      expect(Array.from(simulate(img, { mode, input, frames }).outputs), mode).toEqual(Array.from(reference));
    }
  });
});

describe('validateLayerStack', () => {
  const layer = { name: 'l', outputs: 8 };
  const cases: readonly (readonly [string, unknown, string])[] = [
    ['negative outputs', { inputs: 4, layers: [{ name: 'l', outputs: -3 }] }, 'layers[0].outputs'],
    ['sparsity 1.5', { inputs: 4, layers: [{ ...layer, sparsity: 1.5 }] }, 'layers[0].sparsity'],
    ['both sparsity and fanIn', { inputs: 4, layers: [{ ...layer, sparsity: 0.5, fanIn: 2 }] }, 'layers[0].sparsity'],
    ['fanIn above the previous width', { inputs: 4, layers: [layer, { name: 'm', outputs: 2, fanIn: 9 }] }, 'layers[1].fanIn'],
    ['too many weights', { inputs: 65_536, layers: [{ name: 'a', outputs: 65_536 }, { name: 'b', outputs: 65_536 }] }, 'layers[0].outputs'],
    ['too many layers', { inputs: 4, layers: Array.from({ length: 65 }, (_, i) => ({ name: `l${i}`, outputs: 1 })) }, 'layers'],
    ['a width over the limit', { inputs: 4, layers: [{ name: 'l', outputs: 2 ** 20 }] }, 'layers[0].outputs'],
    ['activity 0', { inputs: 4, layers: [{ ...layer, activity: 0 }] }, 'layers[0].activity'],
    ['a repeated name', { inputs: 4, layers: [layer, layer] }, 'layers[1].name'],
    ['an unknown field', { inputs: 4, layers: [{ ...layer, sparsty: 0.5 }] }, 'layers[0].sparsty'],
    ['not a mapping', [1, 2], '(top level)'],
  ];
  for (const [what, input, path] of cases) {
    it(`rejects ${what} with L160 at ${path}`, () => {
      const e = loomErrorOf(() => validateLayerStack(input, 'w.yaml'));
      expect(e.code).toBe(160);
      expect(e.location).toBe(path);
      expect(e.message).toContain(`w.yaml: workload field ${path} = `);
    });
  }

  it('names the bad value and the allowed range', () => {
    const e = loomErrorOf(() => validateLayerStack({ inputs: 4, layers: [{ ...layer, sparsity: 1.5 }] }, 'w.yaml'));
    expect(e.message).toContain('layers[0].sparsity = 1.5; it must be a number in [0, 1)');
    const big = loomErrorOf(() => validateLayerStack({ inputs: 65_536, layers: [{ name: 'a', outputs: 65_536 }] }, 'w.yaml'));
    expect(big.message).toContain(`at most ${LAYER_STACK_LIMITS.weights / 65_536}`);
  });

  it('fills defaults and guards the generators too', () => {
    expect(validateLayerStack({ inputs: 4, layers: [layer] }, 'w.yaml')).toEqual({ inputs: 4, inputActivity: 1, seed: 0, layers: [{ ...layer, sparsity: 0, activity: 1 }] });
    expect(loomErrorOf(() => layerStackQGraph({ inputs: 4, layers: [{ name: 'l', outputs: -1 }] })).code).toBe(160);
  });
});
