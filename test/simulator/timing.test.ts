// The timing model on hand-built images: a step's time worked out by hand from the chip spec, link congestion, markers, fall-through ordering, pipelined fill.
import { describe, expect, it } from 'vitest';
import { loadChipSpec } from '../../isa/chip/load.ts';
import { barrierNs } from '../../isa/chip/schema.ts';
import { relayProgram } from '../../isa/microcode/index.ts';
import { simulate } from '../../simulator/simulate.ts';
import { loadFixture, type FixtureSpec } from './fixture.ts';

const spec = loadChipSpec('loihi2');
const t = spec.timing;
const relay = relayProgram();
const input = { exp: 0, offset: 0 };

/** Host inputs 0, 1 → relay pair on core 0 (0,0) → relay pair on core 2 (2,0), one-to-one, weight 1. */
function chain(mode: 'fall-through' | 'pipelined' = 'fall-through'): FixtureSpec {
  return {
    chipSpec: 'loihi2',
    mode,
    inputs: 2,
    cores: [
      { chip: 0, core: 0, groups: [{ program: relay, neurons: 2, startStep: 0 }] },
      { chip: 0, core: 2, groups: [{ program: relay, neurons: 2, startStep: 1 }] },
    ],
    synapses: [0, 1].flatMap((n) => [
      { from: { input: n }, to: { core: 0, group: 0, neuron: n }, weight: 1 },
      { from: { core: 0, group: 0, neuron: n }, to: { core: 1, group: 0, neuron: n }, weight: 1 },
    ]),
    outputs: [0, 1].map((n) => ({ core: 1, group: 0, neuron: n })),
  };
}

/** Time of one relay-pair update: 2 × (fixed overhead + the program's instructions). */
function relayUpdateNs(neurons: number): number {
  const c = relay.info.counts;
  const instr = c.alu * t.instructionNs.alu + c.mul * t.instructionNs.mul + c.lut * t.instructionNs.lut + c.mem * t.instructionNs.mem + c.emit * t.instructionNs.emit;
  return neurons * (t.neuronUpdateNs + instr);
}

describe('timing model', () => {
  it('a fall-through step takes the hand-computed critical path plus the barrier', () => {
    const img = loadFixture(chain());
    const r = simulate(img, { frames: [[3, 5]], input });
    expect(Array.from(r.outputs)).toEqual([3, 5]);
    const receive = 2 * t.messageReceiveNs + 2 * t.synOpNs; // host train: 2 packets, 2 synapses
    const update = relayUpdateNs(2);
    const head = receive + update + t.messageSendNs; // first packet leaves core 0
    const tail = head + t.messageSendNs;
    const ew = t.hopNs.eastWest;
    // hop 1: start = head, end = max(head + 2·ew, tail + ew); hop 2 the same one hop later
    const end1 = Math.max(head + 2 * ew, tail + ew);
    const end2 = Math.max(head + ew + 2 * ew, end1 + ew);
    const arriveHead = head + 2 * ew;
    const arriveTail = end2; // last packet out of the last link (latency = occupancy on the mesh)
    const received = Math.max(arriveHead + receive, arriveTail + receive / 2);
    const activity = received + update; // core 2 updates; it sends nothing
    expect(r.activityNs[0]).toBeCloseTo(activity, 9);
    expect(r.barrierNs).toBeCloseTo(barrierNs(spec, 2, 1), 9);
    expect(r.stepTimeNs).toBeCloseTo(activity + r.barrierNs, 9);
    expect(r.latencyNs).toBeCloseTo(r.stepTimeNs, 9);
  });

  it('pipelined: each core works on its own token, outputs lag one step, the step is the slower core plus the barrier', () => {
    const img = loadFixture(chain('pipelined'));
    const frames = [[1, 2], [3, 4], [5, 6]];
    const r = simulate(img, { mode: 'pipelined', frames, input });
    expect(r.steps).toBe(4);
    expect(Array.from(r.outputs)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(r.stepOutputs.subarray(0, 2))).toEqual([0, 0]); // step 0: core 2 idle (start step 1)
    const f = simulate(img, { mode: 'fall-through', frames, input });
    expect(Array.from(f.outputs)).toEqual(Array.from(r.outputs));
    expect(r.stepTimeNs).toBeLessThan(f.stepTimeNs);
    expect(r.latencyNs).toBeGreaterThan(f.latencyNs);
    for (let s = 0; s < r.steps; s++) expect(r.stepStartNs[s + 1] - r.stepStartNs[s]).toBeCloseTo(r.activityNs[s] + r.barrierNs, 9);
  });

  it('a link carrying two trains serialises them and records the queue', () => {
    // Cores 0 and 1 each send 8 messages east to core 3 over the shared link (1,0)→(2,0).
    const fanIn: FixtureSpec = {
      chipSpec: 'loihi2',
      inputs: 16,
      cores: [
        { chip: 0, core: 0, groups: [{ program: relay, neurons: 8 }] },
        { chip: 0, core: 1, groups: [{ program: relay, neurons: 8 }] },
        { chip: 0, core: 3, groups: [{ program: relay, neurons: 16 }] },
      ],
      synapses: Array.from({ length: 16 }, (_, i) => [
        { from: { input: i }, to: { core: i < 8 ? 0 : 1, group: 0, neuron: i % 8 }, weight: 1 },
        { from: { core: i < 8 ? 0 : 1, group: 0, neuron: i % 8 }, to: { core: 2, group: 0, neuron: i }, weight: 1 },
      ]).flat(),
      outputs: Array.from({ length: 16 }, (_, i) => ({ core: 2, group: 0, neuron: i })),
    };
    const img = loadFixture(fanIn);
    const r = simulate(img, { frames: [Array.from({ length: 16 }, (_, i) => i + 1)], input });
    expect(Array.from(r.outputs)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    const shared = r.profile.links.find((l) => l.link.includes('(1,0)→(2,0)'))!;
    expect(shared.packets).toBe(16);
    expect(shared.peakQueue).toBeGreaterThan(8);
    const first = r.profile.links.find((l) => l.link.includes('(0,0)→(1,0)'))!;
    expect(first.packets).toBe(8);
  });

  it('fall-through: a receiver waits for an end-of-step marker when its sender has nothing to send', () => {
    const img = loadFixture(chain());
    const r = simulate(img, { frames: [[0, 0], [7, 0]], input });
    expect(Array.from(r.outputs)).toEqual([0, 0, 7, 0]);
    expect(r.totals.markers[0]).toBe(1); // step 0: core 0 sent a marker, not data
    expect(r.messages).toBe(1); // step 1: one data message (7)
    // the marker packet costs a send, two hops and a receive like any packet
    const hops = r.totals.actions[9] + r.totals.actions[10];
    expect(hops).toBe(2 * 2); // two packets (marker, data) × two hops, charged to core 0
  });

  it('runs repeat bit for bit', () => {
    const img = loadFixture(chain());
    const frames = Array.from({ length: 20 }, (_, i) => [i % 3, (i * 7) % 5]);
    const a = simulate(img, { frames, input });
    const b = simulate(img, { frames, input });
    expect(Array.from(a.stepStartNs)).toEqual(Array.from(b.stepStartNs));
    expect(a.energy.totalPj).toBe(b.energy.totalPj);
  });
});
