// Benchmark of the micro-code interpreter's batch path: instructions per second for the GLU + residual program over 10,000 neurons.
import Benchmark from 'benchmark';
import { SaturationCounter } from '../isa/arith.ts';
import {
  createEmitBuffer,
  createInstructionCounts,
  decodeProgram,
  gluResidualProgram,
  runNeuronGroup,
} from '../isa/microcode/index.ts';
import { Rng } from '../models/random.ts';

const NEURONS = 10_000;

/** A GLU group with typical exponents and random, partly saturating inputs (seeded: the same every run). */
function setUp() {
  const glu = gluResidualProgram({ gateAccExp: 19, aExp: 12, uExp: 13, outExp: 12 });
  const program = decodeProgram(glu.words, glu.info);
  const { ports: P, params: K } = program.layout;
  const rng = new Rng(1);
  const ports = new Float64Array(NEURONS * P);
  for (let n = 0; n < NEURONS; n++) {
    ports[n * P] = rng.int(2 ** 24) - 2 ** 23; // Σ W·a
    ports[n * P + 1] = rng.int(2 ** 15); // a ≥ 0 (ReLU'd)
    ports[n * P + 2] = rng.int(2 ** 16) - 2 ** 15; // u
  }
  const params = new Int32Array(NEURONS * K);
  for (let i = 0; i < params.length; i++) params[i] = rng.int(512) - 256;
  const state = new Int32Array(0);
  const out = createEmitBuffer(NEURONS * program.emitsPerUpdate);
  return { program, ports, params, state, out, counts: createInstructionCounts(), sat: new SaturationCounter() };
}

/** Runs the suite; returns executed micro-code instructions per second (mean over benchmark.js samples). */
export function runMicrocodeBench(log: (line: string) => void = console.log): Promise<number> {
  const g = setUp();
  const perRun = NEURONS * g.program.length;
  return new Promise((resolve) => {
    new Benchmark.Suite('micro-code')
      .add(`runNeuronGroup GLU × ${NEURONS} neurons`, () => {
        g.out.count = 0;
        runNeuronGroup(g.program, NEURONS, g.ports, g.state, g.params, g.out, g.counts, g.sat);
      })
      .on('cycle', (event: Benchmark.Event) => log(String(event.target)))
      .on('complete', function (this: Benchmark.Suite) {
        const bench = (this as unknown as Benchmark[])[0];
        const ips = bench.hz * perRun;
        log(`GLU program: ${g.program.length} instructions/neuron, ${NEURONS} neurons/run, ${g.out.count} messages/run`);
        log(`instructions/second: ${ips.toExponential(3)} (±${bench.stats.rme.toFixed(1)} %)`);
        log(`neuron updates/second: ${(bench.hz * NEURONS).toExponential(3)}`);
        resolve(ips);
      })
      .run({ async: false });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await runMicrocodeBench();
