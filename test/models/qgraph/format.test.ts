// QGraph container: byte-identical round trips, and one test per validator error.
import { describe, expect, it } from 'vitest';
import { LoomError } from '../../../isa/diagnostics/index.ts';
import { decodeQGraph, encodeQGraph } from '../../../models/qgraph/format.ts';
import type { QGraph, QOp, QTensor } from '../../../models/qgraph/types.ts';
import { decodeSafetensors, encodeSafetensors } from '../../../models/safetensors.ts';
import { randomQGraph } from './random-qgraph.ts';

function expectCode(fn: () => unknown, code: number, mention?: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LoomError);
    expect((e as LoomError).code).toBe(code);
    if (mention) expect((e as LoomError).message).toContain(mention);
    return;
  }
  throw new Error(`expected LoomError L${code}`);
}

/** Re-encode a graph after editing its spec or tensors (bypassing validation on the way in). */
function mutate(edit: (spec: { ops: QOp[]; output: string; tensors: Record<string, any> }, tensors: Map<string, QTensor>) => void): Uint8Array {
  const g = randomQGraph();
  const spec = JSON.parse(JSON.stringify(g.spec));
  const tensors = new Map(g.tensors);
  edit(spec, tensors);
  return encodeQGraph({ ...g, spec, tensors } as QGraph);
}

describe('QGraph round trip', () => {
  it('write → read → write is byte-identical and keeps every value', () => {
    for (const seed of [1, 2, 3]) {
      const g = randomQGraph({ seed, layers: seed });
      const bytes = encodeQGraph(g);
      const back = decodeQGraph(bytes, 'mem');
      expect(encodeQGraph(back)).toEqual(bytes);
      expect(back.spec).toEqual(g.spec);
      expect(back.hyper).toEqual(g.hyper);
      for (const [name, t] of g.tensors) {
        expect([...back.tensors.get(name)!.data]).toEqual([...t.data]);
        expect(back.tensors.get(name)!.shape).toEqual(t.shape);
      }
    }
  });
  it('is a standard safetensors file: 8-byte length, JSON header padded to 8 bytes, metadata strings', () => {
    const bytes = encodeQGraph(randomQGraph());
    const headerLen = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLen % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen)));
    expect(header.__metadata__.format).toBe('loom.qgraph');
    expect(header['encoder.weight'].dtype).toBe('I8');
    expect(header['blocks.0.lambda_re'].dtype).toBe('I16');
    const last = Math.max(...Object.values(header).flatMap((e: any) => (e.data_offsets ? [e.data_offsets[1]] : [])));
    expect(8 + headerLen + last).toBe(bytes.length);
  });
});

describe('QGraph validation errors', () => {
  it('truncated container', () => {
    const bytes = encodeQGraph(randomQGraph());
    expectCode(() => decodeQGraph(bytes.subarray(0, 5), 'm.qgraph'), 101, 'm.qgraph');
    expectCode(() => decodeQGraph(bytes.subarray(0, 40), 'm.qgraph'), 101);
    expectCode(() => decodeQGraph(bytes.subarray(0, bytes.length - 1), 'm.qgraph'), 104);
  });
  it('not a QGraph (plain safetensors without the format field)', () => {
    const plain = encodeSafetensors({ tensors: new Map(), metadata: { hello: 'world' } });
    expectCode(() => decodeQGraph(plain, 'x.safetensors'), 110, 'format');
  });
  it('wrong version', () => {
    const g = decodeSafetensors(encodeQGraph(randomQGraph()), 'm');
    const bytes = encodeSafetensors({ tensors: g.tensors, metadata: { ...g.metadata, version: '99' } });
    expectCode(() => decodeQGraph(bytes, 'm'), 111, '99');
  });
  it('graph metadata that is not JSON', () => {
    const g = decodeSafetensors(encodeQGraph(randomQGraph()), 'm');
    const bytes = encodeSafetensors({ tensors: g.tensors, metadata: { ...g.metadata, graph: '{oops' } });
    expectCode(() => decodeQGraph(bytes, 'm'), 112, 'graph');
  });
  it('unknown op', () => {
    expectCode(() => decodeQGraph(mutate((s) => ((s.ops[2] as any).kind = 'conv2d')), 'm'), 120, 'conv2d');
  });
  it('missing tensor', () => {
    expectCode(() => decodeQGraph(mutate((s, t) => { t.delete('blocks.0.C_im'); delete s.tensors['blocks.0.C_im']; }), 'm'), 121, 'blocks.0.C_im');
  });
  it('shape mismatch', () => {
    const bytes = mutate((_, t) => {
      const w = t.get('encoder.weight')!;
      t.set('encoder.weight', { ...w, shape: [w.shape[0], w.shape[1] - 1], data: w.data.slice(0, w.shape[0] * (w.shape[1] - 1)) });
    });
    expectCode(() => decodeQGraph(bytes, 'm'), 122, 'encoder.weight');
  });
  it('bits out of range for the dtype', () => {
    expectCode(() => decodeQGraph(mutate((s) => (s.tensors['encoder.weight'].bits = 12)), 'm'), 123, 'encoder.weight');
  });
  it('value outside the declared bits', () => {
    expectCode(() => decodeQGraph(mutate((s) => (s.tensors['encoder.weight'].bits = 4)), 'm'), 124, 'encoder.weight');
  });
  it('absurd exponent', () => {
    expectCode(() => decodeQGraph(mutate((s) => (s.tensors['decoder.bias'].exp = 400)), 'm'), 125, 'decoder.bias');
  });
  it('edge to an activation defined later (not topological)', () => {
    expectCode(() => decodeQGraph(mutate((s) => ((s.ops[1] as any).input = 'blocks.0.out')), 'm'), 126, 'blocks.0.out');
  });
  it('wrong dtype for a weight', () => {
    const bytes = mutate((_, t) => {
      const w = t.get('blocks.0.glu.weight')!;
      t.set('blocks.0.glu.weight', { ...w, data: Int16Array.from(w.data) });
    });
    expectCode(() => decodeQGraph(bytes, 'm'), 128, 'blocks.0.glu.weight');
  });
  it('duplicate activation name', () => {
    expectCode(() => decodeQGraph(mutate((s) => ((s.ops[2] as any).output = 'encoder')), 'm'), 129, 'encoder');
  });
  it('NaN in a float source (input offset)', () => {
    const g = decodeSafetensors(encodeQGraph(randomQGraph()), 'm');
    const graph = JSON.parse(g.metadata.graph);
    graph.ops[0].offset = 'NaN';
    const bytes = encodeSafetensors({ tensors: g.tensors, metadata: { ...g.metadata, graph: JSON.stringify(graph) } });
    expectCode(() => decodeQGraph(bytes, 'm'), 130, 'offset');
  });
  it('NaN in the hyper-parameters', () => {
    const g = decodeSafetensors(encodeQGraph(randomQGraph()), 'm');
    const bytes = encodeSafetensors({ tensors: g.tensors, metadata: { ...g.metadata, hyper: g.metadata.hyper.replace('"hidden":6', '"hidden":null') } });
    expectCode(() => decodeQGraph(bytes, 'm'), 112, 'hyper.hidden');
  });
  it('output that no op produces', () => {
    expectCode(() => decodeQGraph(mutate((s) => (s.output = 'nowhere')), 'm'), 130, 'nowhere');
  });
  it('a complex activation fed where a real one is expected', () => {
    expectCode(() => decodeQGraph(mutate((s) => ((s.ops[3] as any).skip = 'blocks.0.h')), 'm'), 130, 'blocks.0.h');
  });
  it('unsupported dtype in the container', () => {
    const bytes = encodeQGraph(randomQGraph());
    const patched = new TextDecoder('latin1').decode(bytes).replace('"dtype":"I8"', '"dtype":"U8"');
    expectCode(() => decodeQGraph(Uint8Array.from(patched, (c) => c.charCodeAt(0)), 'm'), 103, 'U8');
  });
});
