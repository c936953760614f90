// The wasm delivery kernel: the committed binary is delivery.wat assembled, and on random tables it adds and counts exactly what a plain loop does.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateArena, float64, int32, uint8 } from '../../simulator/delivery/arena.ts';
import { assembleDeliveryKernel } from '../../simulator/delivery/build-wasm.ts';
import { WASM_FILE } from '../../simulator/delivery/kernel.ts';
import { deliveryKernel } from '../../simulator/delivery/kernel.ts';

describe('delivery kernel', () => {
  it('delivery.wasm is delivery.wat assembled (run `npm run build:wasm` after editing the .wat)', async () => {
    expect(Buffer.from(await assembleDeliveryKernel()).equals(readFileSync(WASM_FILE))).toBe(true);
  });

  /** Random synapse and route tables, messages, and a plain-JS delivery to compare with. */
  const caseArb = fc
    .record({
      ports: fc.integer({ min: 1, max: 40 }),
      axons: fc.integer({ min: 1, max: 12 }),
      batches: fc.integer({ min: 1, max: 5 }),
      neurons: fc.integer({ min: 1, max: 6 }),
      channels: fc.integer({ min: 1, max: 3 }),
    })
    .chain((n) =>
      fc.record({
        n: fc.constant(n),
        rows: fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: n.ports - 1 }), fc.integer({ min: -128, max: 127 })), { maxLength: 8 }), { minLength: n.axons, maxLength: n.axons }),
        portBase: fc.array(fc.integer({ min: 0, max: n.ports - 1 }), { minLength: n.axons, maxLength: n.axons }),
        slots: fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: n.axons - 1 }), fc.integer({ min: 0, max: n.batches - 1 })), { maxLength: 4 }), {
          minLength: n.neurons * n.channels,
          maxLength: n.neurons * n.channels,
        }),
        messages: fc.array(
          fc.tuple(fc.integer({ min: 0, max: n.neurons - 1 }), fc.integer({ min: 0, max: n.channels - 1 }), fc.oneof(fc.constant(0), fc.integer({ min: -(2 ** 23), max: 2 ** 23 - 1 }))),
          { maxLength: 10 },
        ),
      }),
    );

  it('adds weight × payload into every synapse target and counts messages, synaptic ops and send order per batch', () => {
    fc.assert(
      fc.property(caseArb, ({ n, rows, portBase, slots, messages }) => {
        const portCount = n.ports + 2 * n.ports; // room for port base + target
        const synStart = [0];
        const entry: number[] = [];
        for (const row of rows) {
          for (const [target, weight] of row) entry.push((target << 8) | (weight & 0xff));
          synStart.push(entry.length);
        }
        const slotStart = [0];
        const destAxon: number[] = [];
        const ofDest: number[] = [];
        for (const s of slots) {
          for (const [axon, batch] of s) (destAxon.push(axon), ofDest.push(batch));
          slotStart.push(destAxon.length);
        }
        const arena = allocateArena({
          ports: float64(portCount),
          neuron: int32(messages.map((m) => m[0])),
          channel: uint8(messages.map((m) => m[1])),
          value: int32(messages.map((m) => m[2])),
          synStart: int32(synStart),
          entry: int32(entry),
          axonPortBase: int32(portBase),
          slotStart: int32(slotStart),
          destAxon: int32(destAxon),
          ofDest: int32(ofDest),
          batchMessages: int32(n.batches),
          batchSynops: int32(n.batches),
          batchFirst: int32(n.batches),
          batchLast: int32(n.batches),
        });
        const a = arena.address;
        const deliver = deliveryKernel(arena.memory, a);
        const sent = deliver(a.neuron, a.channel, a.value, messages.length, 0, n.channels, a.slotStart, a.destAxon, a.ofDest, a.ports, 5);

        const ports = new Float64Array(portCount);
        const counts = { messages: new Int32Array(n.batches), synops: new Int32Array(n.batches), first: new Int32Array(n.batches), last: new Int32Array(n.batches) };
        let index = 5;
        for (const [neuron, channel, v] of messages) {
          if (v === 0) continue;
          for (const [axon, batch] of slots[neuron * n.channels + channel]) {
            for (const [target, weight] of rows[axon]) ports[portBase[axon] + target] += weight * v;
            if (counts.messages[batch]++ === 0) counts.first[batch] = index;
            counts.last[batch] = index++;
            counts.synops[batch] += rows[axon].length;
          }
        }
        const v = arena.views;
        expect(sent).toBe(index);
        expect(Array.from(v.ports)).toEqual(Array.from(ports));
        expect(Array.from(v.batchMessages)).toEqual(Array.from(counts.messages));
        expect(Array.from(v.batchSynops)).toEqual(Array.from(counts.synops));
        for (let b = 0; b < n.batches; b++) {
          if (counts.messages[b] === 0) continue;
          expect(v.batchFirst[b]).toBe(counts.first[b]);
          expect(v.batchLast[b]).toBe(counts.last[b]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps sums exact where products reach ±2^30 (24-bit payload × 8-bit weight)', () => {
    const arena = allocateArena({
      ports: float64(1),
      neuron: int32([0, 0, 0]),
      channel: uint8(3),
      value: int32([-(2 ** 23), -(2 ** 23), 2 ** 23 - 1]),
      synStart: int32([0, 1]),
      entry: int32([(0 << 8) | (-128 & 0xff)]),
      axonPortBase: int32([0]),
      slotStart: int32([0, 1]),
      destAxon: int32([0]),
      ofDest: int32([0]),
      batch: int32(4),
    });
    const a = arena.address;
    const deliver = deliveryKernel(arena.memory, { synStart: a.synStart, entry: a.entry, axonPortBase: a.axonPortBase, batchMessages: a.batch, batchSynops: a.batch + 4, batchFirst: a.batch + 8, batchLast: a.batch + 12 });
    expect(deliver(a.neuron, a.channel, a.value, 3, 0, 1, a.slotStart, a.destAxon, a.ofDest, a.ports, 0)).toBe(3);
    expect(arena.views.ports[0]).toBe(2 * 2 ** 30 - 128 * (2 ** 23 - 1));
  });
});
