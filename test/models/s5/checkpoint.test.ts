// Float S5 checkpoints: F32 round trip (byte-identical re-save), atomic save/load, and every loader error.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isLoomError } from '../../../isa/diagnostics/index.ts';
import { decodeSafetensors, encodeSafetensors } from '../../../models/safetensors.ts';
import type { SafeTensor } from '../../../models/safetensors.ts';
import {
  checkpointTensors,
  decodeCheckpoint,
  encodeCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
} from '../../../models/s5/checkpoint.ts';
import { createS5Network } from '../../../models/s5/init.ts';
import { magnitudePrune } from '../../../models/s5/prune.ts';

const FILE = 'model.s5.safetensors';
const net = createS5Network({ width: 0.0625, seed: 23, discretization: 'bilinear', inputOffset: 0.125 });
const bytes = encodeCheckpoint(net);

/** Re-encode the checkpoint after editing its tensors and metadata. */
function edited(edit: (tensors: Map<string, SafeTensor>, metadata: Record<string, string>) => void): Uint8Array {
  const file = decodeSafetensors(bytes, FILE);
  const tensors = new Map(file.tensors);
  const metadata = { ...file.metadata };
  edit(tensors, metadata);
  return encodeSafetensors({ tensors, metadata });
}

function editHyper(edit: (h: Record<string, unknown>) => void): Uint8Array {
  return edited((_, meta) => {
    const h = JSON.parse(meta.hyper) as Record<string, unknown>;
    edit(h);
    meta.hyper = JSON.stringify(h);
  });
}

/** decodeCheckpoint fails with a LoomError of `code` whose message names the file and contains every `parts`. */
function expectLoadError(data: Uint8Array, code: number, ...parts: string[]): void {
  try {
    decodeCheckpoint(data, FILE);
  } catch (e) {
    expect(isLoomError(e), String(e)).toBe(true);
    expect((e as { code: number }).code, (e as Error).message).toBe(code);
    for (const p of [FILE, ...parts]) expect((e as Error).message).toContain(p);
    return;
  }
  expect.fail('expected a LoomError');
}

describe('checkpoint layout', () => {
  it('stores F32 tensors with PyTorch names and shapes plus format, version and hyper metadata', () => {
    const file = decodeSafetensors(bytes, FILE);
    expect(file.metadata.format).toBe('loom.s5');
    expect(file.metadata.version).toBe('1');
    expect(JSON.parse(file.metadata.hyper)).toEqual(net.hyper);
    const perBlock = ['lambda_re', 'lambda_im', 'log_step', 'B_re', 'B_im', 'C_re', 'C_im', 'D'];
    perBlock.push('norm.weight', 'norm.bias', 'norm.running_mean', 'norm.running_var', 'glu.weight', 'glu.bias');
    const names = ['encoder.weight', 'encoder.bias', 'decoder.weight', 'decoder.bias'];
    for (let i = 0; i < 3; i++) names.push(...perBlock.map((n) => `blocks.${i}.${n}`));
    expect([...file.tensors.keys()].sort()).toEqual(names.sort());
    const shape = (name: string): readonly number[] | undefined => file.tensors.get(name)?.shape;
    expect(shape('encoder.weight')).toEqual([12, 257]);
    expect(shape('decoder.weight')).toEqual([257, 12]);
    expect(shape('decoder.bias')).toEqual([257]);
    expect(shape('blocks.2.B_im')).toEqual([8, 12]);
    expect(shape('blocks.2.C_re')).toEqual([12, 8]);
    expect(shape('blocks.0.lambda_im')).toEqual([8]);
    expect(shape('blocks.1.norm.running_var')).toEqual([12]);
    expect(shape('blocks.1.glu.weight')).toEqual([12, 12]);
    for (const t of file.tensors.values()) expect(t.dtype).toBe('F32');
    expect([...file.tensors.get('blocks.1.C_im')!.data]).toEqual([...Float32Array.from(net.blocks[1].cIm)]);
  });
});

describe('checkpoint round trip', () => {
  it('decode gives the network rounded to float32, and re-encoding is byte-identical', () => {
    const loaded = decodeCheckpoint(bytes, FILE);
    expect(loaded.hyper).toEqual(net.hyper);
    const a = checkpointTensors(net);
    const b = checkpointTensors(loaded);
    expect(b.map((t) => t.name)).toEqual(a.map((t) => t.name));
    a.forEach((t, i) => {
      expect(b[i].data).toBeInstanceOf(Float64Array);
      expect([...b[i].data], t.name).toEqual([...t.data].map(Math.fround));
    });
    expect(Buffer.from(encodeCheckpoint(loaded)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('keeps exact zeros of a pruned network', () => {
    const pruned = magnitudePrune(net, 0.8);
    const loaded = decodeCheckpoint(encodeCheckpoint(pruned), FILE);
    expect([...loaded.blocks[0].bRe].map((x) => x === 0)).toEqual([...pruned.blocks[0].bRe].map((x) => x === 0));
  });

  it('accepts F64 tensors and keeps their full precision', () => {
    const data = edited((tensors) => {
      const t = tensors.get('blocks.0.D')!;
      tensors.set('blocks.0.D', { dtype: 'F64', shape: t.shape, data: net.blocks[0].d.slice() });
    });
    expect([...decodeCheckpoint(data, FILE).blocks[0].d]).toEqual([...net.blocks[0].d]);
  });

  describe('files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loom-s5-ckpt-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('save(load(save(x))) is byte-identical and leaves no temporary file', () => {
      const first = join(dir, 'a.safetensors');
      const second = join(dir, 'b.safetensors');
      saveCheckpoint(first, net);
      saveCheckpoint(second, loadCheckpoint(first));
      expect(readFileSync(second).equals(readFileSync(first))).toBe(true);
      expect(readdirSync(dir).sort()).toEqual(['a.safetensors', 'b.safetensors']);
    });

    it('a missing file is L100 naming the path', () => {
      const path = join(dir, 'nope.safetensors');
      expect(() => loadCheckpoint(path)).toThrow(path);
      try {
        loadCheckpoint(path);
      } catch (e) {
        expect(isLoomError(e) && e.code).toBe(100);
      }
    });
  });
});

describe('checkpoint loader errors', () => {
  it('wrong or missing format is L140', () => {
    expectLoadError(edited((_, m) => (m.format = 'loom.qgraph')), 140, 'format', 'loom.qgraph');
    expectLoadError(edited((_, m) => delete m.format), 140, 'format', 'missing');
  });

  it('an unknown version is L140', () => {
    expectLoadError(edited((_, m) => (m.version = '2')), 140, 'version', '"2"');
  });

  it('a missing, malformed or inconsistent hyper is L140 naming the field', () => {
    expectLoadError(edited((_, m) => delete m.hyper), 140, 'hyper', 'missing');
    expectLoadError(edited((_, m) => (m.hyper = '{not json')), 140, 'hyper', 'not JSON');
    expectLoadError(editHyper((h) => delete h.dtMin), 140, 'hyper.dtMin', 'missing');
    expectLoadError(editHyper((h) => (h.hidden = '12')), 140, 'hyper.hidden', 'expected a number');
    expectLoadError(editHyper((h) => (h.hidden = 13)), 140, 'hyper.hidden', '13');
    expectLoadError(editHyper((h) => (h.blocks = 2)), 140, 'hyper.blocks');
    expectLoadError(editHyper((h) => (h.stateSize = 32)), 140, 'hyper.stateSize');
    expectLoadError(editHyper((h) => (h.discretization = 'euler')), 140, 'hyper.discretization', 'euler');
    expectLoadError(editHyper((h) => (h.layers = 0)), 140, 'hyper.layers');
  });

  it('a missing tensor is L141 naming it', () => {
    expectLoadError(edited((t) => t.delete('blocks.1.C_im')), 141, 'blocks.1.C_im', 'missing');
  });

  it('a tensor of the wrong shape is L141 with both shapes', () => {
    expectLoadError(
      edited((t) => t.set('encoder.weight', { dtype: 'F32', shape: [257, 12], data: new Float32Array(257 * 12) })),
      141,
      'encoder.weight',
      '[257, 12]',
      '[12, 257]',
    );
  });

  it('a tensor of an integer dtype is L141', () => {
    expectLoadError(edited((t) => t.set('blocks.0.D', { dtype: 'I32', shape: [12], data: new Int32Array(12) })), 141, 'blocks.0.D', 'I32');
  });

  it('an unexpected tensor is L141', () => {
    expectLoadError(edited((t) => t.set('blocks.3.D', { dtype: 'F32', shape: [12], data: new Float32Array(12) })), 141, 'blocks.3.D');
  });

  it('a negative BatchNorm variance is L141', () => {
    const data = edited((t) => {
      const v = Float32Array.from(t.get('blocks.2.norm.running_var')!.data);
      v[5] = -0.5;
      t.set('blocks.2.norm.running_var', { dtype: 'F32', shape: [12], data: v });
    });
    expectLoadError(data, 141, 'blocks.2.norm.running_var', 'element 5');
  });

  it('NaN or infinity is L142 naming tensor and element', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const data = edited((t) => {
        const d = Float32Array.from(t.get('blocks.0.B_re')!.data);
        d[7] = bad;
        t.set('blocks.0.B_re', { dtype: 'F32', shape: [8, 12], data: d });
      });
      expectLoadError(data, 142, 'blocks.0.B_re', String(bad), 'element 7');
    }
  });

  it('a truncated container is L101 from the safetensors reader', () => {
    expectLoadError(bytes.subarray(0, 4), 101);
  });
});
