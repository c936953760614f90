// Benchmark of the micro-code batch path: instructions per second of the generated group code (runNeuronGroup) and of the reference interpreter, GLU + residual and complex-state programs over 10,000 neurons.
import Benchmark from 'benchmark';
import { SaturationCounter } from '../isa/arith.ts';
import {
  complexStateProgram,
  createEmitBuffer,
  createInstructionCounts,
  decodeProgram,
  gluResidualProgram,
  runNeuronGroup,
  runNeuronGroupInterpreted,
} from '../isa/microcode/index.ts';
import type { NeuronProgram } from '../isa/microcode/index.ts';
import { Rng } from '../models/random.ts';

const NEURONS = 10_000;
const CPU_ROUNDS = 5;
const CPU_RUNS = 40;

type Runner = typeof runNeuronGroup;
const BACKENDS: readonly (readonly [string, Runner])[] = [
  ['generated', runNeuronGroup],
  ['interpreted', runNeuronGroupInterpreted],
];

/** Draws one port value; `port` is the port's index in the neuron. */
type PortDraw = (rng: Rng, port: number) => number;

/** GLU ports: Σ W·a (24-bit), a ≥ 0 (ReLU'd, 15-bit), u (16-bit). */
const gluPorts: PortDraw = (rng, port) => {
  if (port === 0) return rng.int(2 ** 24) - 2 ** 23;
  return port === 1 ? rng.int(2 ** 15) : rng.int(2 ** 16) - 2 ** 15;
};
/** Complex-state ports: Σ B_re·u and Σ B_im·u (24-bit). */
const statePorts: PortDraw = (rng) => rng.int(2 ** 24) - 2 ** 23;

/** A group with typical exponents and random, partly saturating inputs (seeded: the same every run). */
function setUp(source: NeuronProgram, draw: PortDraw) {
  const program = decodeProgram(source.words, source.info);
  const { ports: P, state: S, params: K } = program.layout;
  const rng = new Rng(1);
  const ports = new Float64Array(NEURONS * P);
  for (let i = 0; i < ports.length; i++) ports[i] = draw(rng, i % P);
  const params = new Int32Array(NEURONS * K);
  for (let i = 0; i < params.length; i++) params[i] = rng.int(512) - 256;
  const state = new Int32Array(NEURONS * S);
  for (let i = 0; i < state.length; i++) state[i] = rng.int(2 ** 16) - 2 ** 15;
  const out = createEmitBuffer(NEURONS * program.emitsPerUpdate);
  return { program, ports, params, state, out, counts: createInstructionCounts(), sat: new SaturationCounter() };
}

type Group = ReturnType<typeof setUp>;

function runOnce(g: Group, run: Runner): void {
  g.out.count = 0;
  run(g.program, NEURONS, g.ports, g.state, g.params, g.out, g.counts, g.sat);
}

/** Instructions per CPU (user) second of each backend, rounds interleaved so machine load hits both alike. */
function cpuRates(g: Group): Record<string, number> {
  const userUs: Record<string, number> = {};
  for (let round = 0; round < CPU_ROUNDS; round++) {
    for (const [name, run] of BACKENDS) {
      const start = process.cpuUsage();
      for (let i = 0; i < CPU_RUNS; i++) runOnce(g, run);
      userUs[name] = (userUs[name] ?? 0) + process.cpuUsage(start).user;
    }
  }
  const perBackend = CPU_ROUNDS * CPU_RUNS * NEURONS * g.program.length;
  return Object.fromEntries(BACKENDS.map(([name]) => [name, perBackend / (userUs[name] / 1e6)]));
}

/** benchmark.js (wall time) then CPU time for one program; returns generated instructions per wall second. */
function benchProgram(source: NeuronProgram, draw: PortDraw, log: (line: string) => void): number {
  const g = setUp(source, draw);
  const perRun = NEURONS * g.program.length;
  const suite = new Benchmark.Suite(source.name);
  for (const [name, run] of BACKENDS) suite.add(`${name} ${source.name} × ${NEURONS} neurons`, () => runOnce(g, run));
  suite.on('cycle', (event: Benchmark.Event) => log(String(event.target))).run({ async: false });
  const benches = suite as unknown as Benchmark[];
  log(`${source.name}: ${g.program.length} instructions/neuron, ${NEURONS} neurons/run, ${g.out.count} messages/run`);
  BACKENDS.forEach(([name], i) => {
    const { hz, stats } = benches[i];
    const updates = (hz * NEURONS).toExponential(3);
    log(`  ${name}: ${(hz * perRun).toExponential(3)} instructions/s wall (±${stats.rme.toFixed(1)} %), ${updates} neuron updates/s`);
  });
  const { generated, interpreted } = cpuRates(g);
  const ratio = (generated / interpreted).toFixed(1);
  log(`  CPU time: generated ${generated.toExponential(3)}, interpreted ${interpreted.toExponential(3)} instructions/s (${ratio}×)`);
  return benches[0].hz * perRun;
}

/** Runs the suite; returns the generated code's instructions per second on the GLU program (wall time). */
export function runMicrocodeBench(log: (line: string) => void = console.log): Promise<number> {
  const glu = benchProgram(gluResidualProgram({ gateAccExp: 19, aExp: 12, uExp: 13, outExp: 12 }), gluPorts, log);
  benchProgram(complexStateProgram({ accExp: 19, stateExp: 12, lambdaExp: 14 }), statePorts, log);
  return Promise.resolve(glu);
}

if (import.meta.url === `file://${process.argv[1]}`) await runMicrocodeBench();
