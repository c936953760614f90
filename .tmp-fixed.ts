import { relayProgram } from './isa/microcode/index.ts';
import { simulate } from './simulator/simulate.ts';
import { loadFixture } from './test/simulator/fixture.ts';
const relay = relayProgram();
const img = loadFixture({
  chipSpec: 'loihi2', mode: 'pipelined', inputs: 2,
  cores: [{ chip: 0, core: 0, groups: [{ program: relay, neurons: 2 }] }, { chip: 0, core: 2, groups: [{ program: relay, neurons: 2, startStep: 1 }] }],
  synapses: [0, 1].flatMap((n) => [{ from: { input: n }, to: { core: 0, group: 0, neuron: n }, weight: 1 }, { from: { core: 0, group: 0, neuron: n }, to: { core: 1, group: 0, neuron: n }, weight: 1 }]),
  outputs: [0, 1].map((n) => ({ core: 1, group: 0, neuron: n })),
});
const frames = Array.from({ length: 20000 }, (_, i) => [i % 7, (i * 3) % 5]);
for (const mode of ['fall-through', 'pipelined', 'fall-through', 'pipelined'] as const) {
  const c0 = process.cpuUsage();
  const r = simulate(img, { mode, input: { exp: 0, offset: 0 }, frames });
  const us = process.cpuUsage(c0).user;
  console.log(mode, 'cpu µs/step', (us / r.steps).toFixed(2), 'wall µs/step', (r.wallMs * 1e3 / r.steps).toFixed(2), 'events/step', (r.events / r.steps).toFixed(1));
}
