// The compact synapse encoding against the naive 4 bytes per synapse, measured on random 10 %-density matrices.
import { describe, expect, it } from 'vitest';
import { ByteReader } from '../../../isa/image/bytes.ts';
import { decodeSynapseBlock, encodeSynapseBlock, portBitsFor, synapseEncodingStats } from '../../../isa/image/sections/synapses.ts';
import type { SynapseMemory } from '../../../isa/image/types.ts';
import { expectImageError } from './images.ts';

/** Deterministic PRNG (mulberry32) so the measured numbers are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A random axons × neurons matrix where each entry is a synapse with probability `density`; targets ascend per axon. */
function randomMatrix(axons: number, neurons: number, density: number, ports: number, seed: number): SynapseMemory {
  const rand = prng(seed);
  const offsets = new Uint32Array(axons + 1);
  const t: number[] = [];
  const p: number[] = [];
  const w: number[] = [];
  for (let a = 0; a < axons; a++) {
    for (let n = 0; n < neurons; n++) {
      if (rand() >= density) continue;
      t.push(n);
      p.push(Math.floor(rand() * ports));
      w.push(Math.floor(rand() * 256) - 128);
    }
    offsets[a + 1] = t.length;
  }
  return { offsets, target: Uint16Array.from(t), port: Uint8Array.from(p), weight: Int8Array.from(w) };
}

/** Same typed-array type and bytes (toEqual walks 26 k elements one by one; this compares memory). */
function sameMemory(a: SynapseMemory, b: SynapseMemory): boolean {
  const bytesOf = (x: ArrayBufferView) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  return (['offsets', 'target', 'port', 'weight'] as const).every((k) => a[k].constructor === b[k].constructor && bytesOf(a[k]).equals(bytesOf(b[k])));
}

function roundTrip(mem: SynapseMemory): SynapseMemory {
  const bytes = encodeSynapseBlock(mem);
  return decodeSynapseBlock(new ByteReader(bytes, { file: 'm', section: 'section synapses', base: 0 }), mem.offsets.length - 1);
}

describe('sparse synapse encoding at 10 % density (256 axons × 1024 neurons ≈ 26 k synapses)', () => {
  // Expected cost: 1 weight byte + a 1-byte key while zigzag(Δtarget)·2^portBits < 128, + 1 count byte per axon.
  it.each([
    [1, 2.0, 2.03],
    [2, 2.03, 2.08],
    [4, 2.18, 2.26],
  ])('%i port(s): measured bytes/synapse within [%f, %f] — about half of the naive 4', (ports, lo, hi) => {
    const mem = randomMatrix(256, 1024, 0.1, ports, 2024 + ports);
    const stats = synapseEncodingStats(mem);
    expect(stats.synapses).toBeGreaterThan(25_000);
    expect(stats.synapses).toBeLessThan(27_500);
    expect(stats.bytesPerSynapse).toBeGreaterThanOrEqual(lo);
    expect(stats.bytesPerSynapse).toBeLessThanOrEqual(hi);
    expect(stats.bytes / stats.naiveBytes).toBeLessThan(0.57);
    expect(sameMemory(roundTrip(mem), mem)).toBe(true);
  });

  it('unsorted targets still round-trip exactly (zigzag deltas), at a small cost', () => {
    const sorted = randomMatrix(64, 512, 0.1, 2, 7);
    const rand = prng(99);
    const shuffled = Uint16Array.from(sorted.target);
    for (let a = 0; a + 1 < sorted.offsets.length; a++) {
      const seg = shuffled.subarray(sorted.offsets[a], sorted.offsets[a + 1]);
      for (let i = seg.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [seg[i], seg[j]] = [seg[j], seg[i]];
      }
    }
    const mem = { ...sorted, target: shuffled };
    expect(sameMemory(roundTrip(mem), mem)).toBe(true);
    expect(synapseEncodingStats(mem).bytesPerSynapse).toBeLessThan(3.2);
  });

  it('port bits are the fewest that hold the largest port', () => {
    expect([0, 1, 2, 3, 4, 7, 8, 255].map(portBitsFor)).toEqual([0, 1, 2, 2, 3, 3, 4, 8]);
  });

  it('a block whose port bits are wider than needed is rejected as non-canonical', () => {
    // head: 1 synapse, portBits 1; axon 0: n = 1, key 0 (target 0, port 0), weight 5
    const block = Uint8Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 5);
    expectImageError(() => decodeSynapseBlock(new ByteReader(block, { file: 'm', section: 'section synapses', base: 0 }), 1), 509, 'section synapses', 'not canonical');
  });
});
