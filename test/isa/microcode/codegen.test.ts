// Generated micro-code (codegen.ts runNeuronGroup) equals the interpreter (runNeuronGroupInterpreted): S5 programs, random programs, every opcode, the cache.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SaturationCounter } from '../../../isa/arith.ts';
import {
  OPCODES,
  REGISTER_FILES,
  assemble,
  complexStateProgram,
  createEmitBuffer,
  createInstructionCounts,
  decodeProgram,
  delayLineProgram,
  denseNeuronProgram,
  encodeProgram,
  groupFunction,
  groupSource,
  gluResidualProgram,
  outputNeuronProgram,
  relayProgram,
  runNeuronGroup,
  runNeuronGroupInterpreted,
} from '../../../isa/microcode/index.ts';
import type { DecodedProgram, Instruction, NeuronLayout, NeuronProgram } from '../../../isa/microcode/index.ts';
import { instructionArb, instructionOf, programArb, signedBits } from './arbitraries.ts';

type GroupRunner = typeof runNeuronGroup;

/** Register values over the whole range a program can meet: 16/24/32-bit, far beyond, the clip edges, −0. */
const wide = fc.oneof(
  signedBits(16),
  signedBits(24),
  signedBits(32),
  fc.integer({ min: -(2 ** 45), max: 2 ** 45 }),
  fc.constantFrom(0, -0, 2 ** 15, -(2 ** 15), 2 ** 15 - 1, 2 ** 23, -(2 ** 23), 2 ** 23 - 1, -(2 ** 23) - 1, 2 ** 31 - 1, -(2 ** 31)),
);
const int32 = fc.oneof(signedBits(16), signedBits(32), fc.constantFrom(0, 2 ** 31 - 1, -(2 ** 31)));

interface Inputs {
  readonly neurons: number;
  readonly prefix: number;
  readonly ports: number[][];
  readonly state: number[];
  readonly params: number[];
}

/** Inputs for `neurons` neurons of `layout` over `steps` steps (fresh ports each step, state persists). */
function inputsArb(layout: NeuronLayout, steps: number): fc.Arbitrary<Inputs> {
  return fc.integer({ min: 1, max: 6 }).chain((neurons) =>
    fc.record({
      neurons: fc.constant(neurons),
      prefix: fc.integer({ min: 0, max: 3 }), // messages already in the buffer: both must append after them
      ports: fc.array(fc.array(wide, { minLength: neurons * layout.ports, maxLength: neurons * layout.ports }), { minLength: steps, maxLength: steps }),
      state: fc.array(signedBits(16), { minLength: neurons * layout.state, maxLength: neurons * layout.state }),
      params: fc.array(int32, { minLength: neurons * layout.params, maxLength: neurons * layout.params }),
    }),
  );
}

interface Trace {
  readonly messages: number[][];
  readonly states: number[][];
  readonly counts: ReturnType<typeof createInstructionCounts>;
  readonly saturations: number[];
}

/** Run `steps` group updates with one backend; record every message (step, neuron, channel, value), state, counts, clips. */
function trace(run: GroupRunner, program: DecodedProgram, inputs: Inputs): Trace {
  const state = Int32Array.from(inputs.state);
  const params = Int32Array.from(inputs.params);
  const counts = createInstructionCounts();
  const sat = new SaturationCounter();
  const result: Trace = { messages: [], states: [], counts, saturations: [] };
  inputs.ports.forEach((ports, step) => {
    const out = createEmitBuffer(inputs.prefix + inputs.neurons * program.emitsPerUpdate);
    out.count = inputs.prefix;
    run(program, inputs.neurons, Float64Array.from(ports), state, params, out, counts, sat);
    result.messages.push([step, out.count]);
    for (let i = 0; i < out.count; i++) result.messages.push([out.neuron[i], out.channel[i], out.value[i]]);
    result.states.push(Array.from(state));
    result.saturations.push(sat.count);
  });
  return result;
}

/** Generated code and interpreter agree on everything observable. */
function expectSame(program: DecodedProgram, inputs: Inputs): void {
  const generated = trace(runNeuronGroup, program, inputs);
  const interpreted = trace(runNeuronGroupInterpreted, program, inputs);
  expect(generated).toEqual(interpreted);
  const updates = inputs.neurons * inputs.ports.length;
  expect(generated.counts).toEqual(Object.fromEntries(Object.entries(program.counts).map(([c, n]) => [c, n * updates])));
}

/** A layout at least `used`, widened at random within the ISA (a compiler may give a neuron more memory). */
function widerLayout(used: NeuronLayout): fc.Arbitrary<NeuronLayout> {
  const up = (n: number, limit: number) => fc.integer({ min: n, max: limit });
  return fc.record({
    ports: up(used.ports, REGISTER_FILES.port.count),
    state: up(used.state, REGISTER_FILES.state.count),
    params: up(used.params, REGISTER_FILES.param.count),
    channels: fc.constant(used.channels),
  });
}

/** A program with a layout and inputs for it. */
function caseArb(program: fc.Arbitrary<{ words: Uint32Array; layout: Partial<NeuronLayout> }>, steps = 3) {
  return program
    .map(({ words, layout }) => decodeProgram(words, layout))
    .chain((decoded) => fc.tuple(fc.constant(decoded), inputsArb(decoded.layout, steps)));
}

const exp = fc.integer({ min: -8, max: 24 });
const diff = fc.integer({ min: -31, max: 31 });

/** Every S5 program generator over its valid option range. */
const s5Program: fc.Arbitrary<NeuronProgram> = fc.oneof(
  fc.tuple(exp, diff, fc.boolean()).map(([outExp, d, relu]) => denseNeuronProgram({ accExp: outExp - d, outExp, relu })),
  fc.tuple(exp, diff, fc.integer({ min: 0, max: 31 })).map(([stateExp, d, lambdaExp]) => complexStateProgram({ accExp: stateExp - d, stateExp, lambdaExp })),
  fc.tuple(exp, diff, diff).map(([outExp, dc, dd]) => outputNeuronProgram({ cAccExp: outExp - dc, dAccExp: outExp - dd, outExp })),
  fc.tuple(exp, diff, diff, fc.integer({ min: -25, max: 25 })).map(([outExp, dz, du, dg]) =>
    gluResidualProgram({ gateAccExp: 6 - dg, aExp: outExp - dz - 8, uExp: outExp - du, outExp }),
  ),
  fc.integer({ min: 1, max: REGISTER_FILES.state.count }).map((depth) => delayLineProgram(depth)),
  fc.constant(relayProgram()),
);

describe('generated group code equals the interpreter', () => {
  it('on every S5 program generator, with random saturating inputs, over several steps', () => {
    const programs = s5Program.map((p) => ({ words: p.words, layout: p.info }));
    fc.assert(fc.property(caseArb(programs), ([program, inputs]) => expectSame(program, inputs)), { numRuns: 600 });
  });

  it('on S5 programs given a wider layout than they use (other strides)', () => {
    const programs = s5Program.chain((p) => widerLayout(p.info).map((layout) => ({ words: p.words, layout })));
    fc.assert(fc.property(caseArb(programs), ([program, inputs]) => expectSame(program, inputs)), { numRuns: 200 });
  });

  it('on random valid programs, with their own smallest layout and with the full one', () => {
    const programs = fc.tuple(programArb, fc.boolean()).map(([ins, full]) => ({
      words: encodeProgram(ins),
      layout: full ? { ports: 4, state: 8, params: 8 } : {},
    }));
    fc.assert(fc.property(caseArb(programs), ([program, inputs]) => expectSame(program, inputs)), { numRuns: 500 });
  });

  it('on every opcode of the table, after a random prologue that fills the temporaries', () => {
    for (const spec of OPCODES) {
      const programs = fc
        .tuple(fc.array(instructionArb, { maxLength: 12 }), fc.array(instructionOf(spec), { minLength: 1, maxLength: 8 }))
        .map(([prologue, body]): { words: Uint32Array; layout: Partial<NeuronLayout> } => ({
          words: encodeProgram([...prologue, ...body] as Instruction[]),
          layout: { ports: 4, state: 8, params: 8 },
        }));
      fc.assert(fc.property(caseArb(programs, 2), ([program, inputs]) => expectSame(program, inputs)), { numRuns: 60 });
    }
  });

  it('counts every clip of sat, st and emit, and sends the 24-bit saturated payload', () => {
    const program = decodeProgram(assemble('sat r0, p0, #8\nst s0, p1\nemit 2, p2\nemit 3, r0'));
    const inputs: Inputs = { neurons: 2, prefix: 0, ports: [[300, 40000, 2 ** 30, -5, -40000, -(2 ** 24)]], state: [0, 0], params: [] };
    expectSame(program, inputs);
    const got = trace(runNeuronGroup, program, inputs);
    expect(got.saturations).toEqual([5]);
    expect(got.states).toEqual([[32767, -32768]]);
    expect(got.messages).toEqual([[0, 4], [0, 2, 2 ** 23 - 1], [0, 3, 127], [1, 2, -(2 ** 23)], [1, 3, -5]]);
  });
});

describe('generated group functions', () => {
  it('are straight-line code: no switch, registers as locals', () => {
    const glu = gluResidualProgram({ gateAccExp: 19, aExp: 12, uExp: 13, outExp: 12 });
    const source = groupSource(decodeProgram(glu.words, glu.info));
    expect(source).not.toMatch(/switch/);
    expect(source).toMatch(/r1 = sigmoidLut\(r0\);/);
    expect(source).toMatch(/r0 = saturate\(r0, 16, sat\);/);
  });

  it('are compiled once per program words and layout', () => {
    const words = assemble('add r0, p0, k0\nemit 0, r0');
    const first = groupFunction(decodeProgram(words));
    expect(groupFunction(decodeProgram(words))).toBe(first);
    expect(groupFunction(decodeProgram(Uint32Array.from(words)))).toBe(first);
    expect(groupFunction(decodeProgram(words, { ports: 2 }))).not.toBe(first); // other strides
    expect(groupFunction(decodeProgram(assemble('add r0, p0, k0\nemit 1, r0')))).not.toBe(first);
  });

  it('keep runNeuronGroup checks: arrays too short for the layout are a RangeError', () => {
    const program = decodeProgram(assemble('add r0, p1, k0\nemit 0, r0'));
    const run = (portCount: number, capacity: number): void => {
      const counts = createInstructionCounts();
      const ports = new Float64Array(portCount);
      runNeuronGroup(program, 4, ports, new Int32Array(0), new Int32Array(4), createEmitBuffer(capacity), counts, new SaturationCounter());
    };
    expect(() => run(8, 3)).toThrow(RangeError); // no room for 4 messages
    expect(() => run(7, 4)).toThrow(RangeError); // 4 neurons × 2 ports
    expect(() => run(8, 4)).not.toThrow();
  });
});
