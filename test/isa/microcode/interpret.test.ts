// Micro-code interpreter: per-opcode semantics through isa/arith.ts, exact cost counts, emit rules, layouts, batch = per-neuron.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SaturationCounter, complexReluPasses, rescale, saturate, shiftRightFloor, sigmoidLut } from '../../../isa/arith.ts';
import { LoomError } from '../../../isa/diagnostics/index.ts';
import {
  OPCODES,
  assemble,
  createEmitBuffer,
  createInstructionCounts,
  decodeProgram,
  encodeProgram,
  executeNeuron,
  runNeuronGroup,
} from '../../../isa/microcode/index.ts';
import type { DecodedProgram } from '../../../isa/microcode/index.ts';
import { programArb, signedBits } from './arbitraries.ts';

interface Run {
  readonly emits: [number, number][];
  readonly state: number[];
  readonly saturations: number;
}

/** Run `text` once on one neuron with p = ports, k = params, s = state. */
function run(text: string, ports: number[] = [], params: number[] = [], state: number[] = []): Run {
  const program = decodeProgram(assemble(text), { ports: ports.length, params: params.length, state: state.length });
  const emits: [number, number][] = [];
  const saturations = new SaturationCounter();
  const s = Int32Array.from(state);
  executeNeuron(program, { ports, params, state: s, emit: (c, v) => emits.push([c, v]), saturations });
  return { emits, state: Array.from(s), saturations: saturations.count };
}

/** Value of a one-instruction computation into r0, read back through `st s0, r0`. */
function value(line: string, ports: number[]): number {
  return run(`${line}\nst s0, r0`, ports, [], [0]).state[0];
}

describe('instruction semantics', () => {
  const pairs = fc.tuple(signedBits(16), signedBits(16));

  it('arithmetic, compare and select are exact', () => {
    fc.assert(
      fc.property(pairs, ([x, y]) => {
        const ports = [x, y];
        expect(value('mov r0, p0', ports)).toBe(x);
        expect(value('add r0, p0, p1', ports)).toBe(saturate(x + y, 16));
        expect(value('sub r0, p0, p1', ports)).toBe(saturate(x - y, 16));
        expect(value('max r0, p0, p1', ports)).toBe(Math.max(x, y));
        expect(value('min r0, p0, p1', ports)).toBe(Math.min(x, y));
        expect(value('relu r0, p0', ports)).toBe(Math.max(x, 0));
        expect(value('slt r0, p0, p1', ports)).toBe(x < y ? 1 : 0);
        expect(value('seq r0, p0, p1', ports)).toBe(x === y ? 1 : 0);
        expect(value('cpos r0, p0, p1', ports)).toBe(complexReluPasses(x, y) ? 1 : 0);
        expect(value('li r0, #9\ncmov r0, p0, p1', ports)).toBe(x !== 0 ? y : 9);
        expect(value('sig r0, p0', ports)).toBe(sigmoidLut(x));
      }),
    );
  });

  it('multiplies, shifts and rescales through arith.ts, exactly beyond 32 bits', () => {
    fc.assert(
      fc.property(signedBits(32), signedBits(16), fc.integer({ min: 0, max: 31 }), fc.integer({ min: -31, max: 31 }), (x, y, r, d) => {
        const sink = (text: string): number => run(`${text}\nemit 0, r0`, [x, y]).emits[0]?.[1] ?? 0;
        const ref = (v: number): number => (v === 0 ? 0 : v); // no message carries −0
        expect(sink(`mul r0, p0, p1\nshr r0, r0, #${r}\nsat r0, r0, #24`)).toBe(ref(saturate(shiftRightFloor(x * y, r), 24)));
        expect(sink(`shr r0, p0, #${r}\nsat r0, r0, #24`)).toBe(ref(saturate(shiftRightFloor(x, r), 24)));
        expect(sink(`shl r0, p1, #${r}\nsat r0, r0, #24`)).toBe(ref(saturate(y * 2 ** r, 24)));
        expect(sink(`rsc r0, p0, #${d}\nsat r0, r0, #24`)).toBe(ref(saturate(rescale(x, 0, d), 24)));
      }),
    );
    expect(value('shr r0, p0, #1', [-5])).toBe(-3); // floor, not truncation
    expect(value('rsc r0, p0, #-2', [-5])).toBe(-2);
    expect(value('rsc r0, p0, #3', [-5])).toBe(-40);
  });

  it('saturates on sat, st and emit, counting every clip', () => {
    expect(run('sat r0, p0, #8\nemit 0, r0', [300]).emits).toEqual([[0, 127]]);
    expect(run('sat r0, p0, #8\nemit 0, r0', [300]).saturations).toBe(1);
    expect(run('st s0, p0', [40000], [], [0])).toEqual({ emits: [], state: [32767], saturations: 1 });
    expect(run('st s0, p0', [-40000], [], [0]).state).toEqual([-32768]);
    expect(run('st s0, p0', [-32768], [], [0]).saturations).toBe(0);
    expect(run('shl r0, p0, #10\nemit 3, r0', [2 ** 20])).toEqual({ emits: [[3, 2 ** 23 - 1]], state: [], saturations: 1 });
    expect(run('emit 0, p0', [-(2 ** 23)]).saturations).toBe(0);
  });

  it('emits only non-zero values, in program order', () => {
    expect(run('emit 0, p0\nemit 1, p1\nemit 2, p2', [0, -4, 5]).emits).toEqual([[1, -4], [2, 5]]);
    expect(run('mul r0, p0, p1\nemit 0, r0', [0, -3]).emits).toEqual([]); // −0 is zero
  });

  it('starts every update with zeroed temporaries; state persists', () => {
    const program = decodeProgram(assemble('add r0, r0, p0\nadd r1, s0, p0\nst s0, r1\nemit 0, r0'));
    const state = Int32Array.of(0);
    const emits: number[] = [];
    for (let t = 0; t < 3; t++) executeNeuron(program, { ports: [2], params: [], state, emit: (_, v) => emits.push(v) });
    expect(emits).toEqual([2, 2, 2]);
    expect(state[0]).toBe(6);
  });

  it('gives every opcode in the table a semantics', () => {
    for (const spec of OPCODES) {
      const ins = { op: spec.mnemonic, dst: spec.form === 'sA' ? 8 : 0, a: 0, b: 0, imm: 'imm' in spec ? Math.max(spec.imm[0], 1) : 0 };
      const program = decodeProgram(encodeProgram([ins]));
      expect(() => executeNeuron(program, { ports: [], params: [], state: [0] })).not.toThrow();
    }
  });
});

describe('instruction counts', () => {
  const text = `
    mul r0, p0, k0   ; mul
    shr r0, r0, #3   ; alu
    mul r1, r0, r0   ; mul
    sat r1, r1, #16  ; alu
    sig r2, r1       ; lut
    st s0, r2        ; mem
    st s1, r0        ; mem
    emit 0, r2       ; emit
    emit 1, p1       ; emit (executed even when p1 = 0)
    relu r3, r0      ; alu
  `;
  const expected = { alu: 3, mul: 2, lut: 1, mem: 2, emit: 2 };

  it('are exact by class for one neuron and for a group', () => {
    const program = decodeProgram(assemble(text));
    expect(program.counts).toEqual(expected);
    expect(program.emitsPerUpdate).toBe(2);
    expect(executeNeuron(program, { ports: [7, 0], params: [3], state: [0, 0] })).toEqual(expected);
    const counts = createInstructionCounts();
    const n = 10;
    const out = createEmitBuffer(2 * n);
    const args = [new Float64Array(2 * n), new Int32Array(2 * n), new Int32Array(n), out, counts, new SaturationCounter()] as const;
    runNeuronGroup(program, n, ...args);
    runNeuronGroup(program, n, args[0], args[1], args[2], createEmitBuffer(2 * n), counts, args[5]);
    expect(counts).toEqual({ alu: 60, mul: 40, lut: 20, mem: 40, emit: 40 });
  });
});

describe('program layout', () => {
  it('is the highest register used, widened by a declared layout', () => {
    const words = assemble('add r0, p2, k5\nst s1, r0\nemit 4, s0');
    expect(decodeProgram(words).layout).toEqual({ ports: 3, state: 2, params: 6, channels: 5 });
    expect(decodeProgram(words, { ports: 4, params: 8 }).layout).toEqual({ ports: 4, state: 2, params: 8, channels: 5 });
  });

  it('rejects a declared layout smaller than the program (570) or larger than the ISA (571)', () => {
    const words = assemble('add r0, p2, k5');
    expect(() => decodeProgram(words, { ports: 2 })).toThrow(LoomError);
    expect(() => decodeProgram(words, { ports: 2 })).toThrow(/L570: .*port.* up to index 2.*only 2/);
    expect(() => decodeProgram(words, { state: 9 })).toThrow(/L571/);
  });

  it('checks array sizes against the layout (a caller bug, not a user error)', () => {
    const program = decodeProgram(assemble('add r0, p1, k0\nemit 0, r0'));
    expect(() => executeNeuron(program, { ports: [1], params: [1], state: [] })).toThrow(RangeError);
    const sat = new SaturationCounter();
    const counts = createInstructionCounts();
    const run = (capacity: number): void =>
      runNeuronGroup(program, 4, new Float64Array(8), new Int32Array(0), new Int32Array(4), createEmitBuffer(capacity), counts, sat);
    expect(() => run(3)).toThrow(RangeError);
    expect(() => run(4)).not.toThrow();
  });
});

/** Random inputs for `neurons` neurons of a program with the full layout (4 ports, 8 state, 8 params). */
const groupInputs = (neurons: number) =>
  fc.record({
    ports: fc.array(signedBits(32), { minLength: neurons * 4, maxLength: neurons * 4 }),
    state: fc.array(signedBits(16), { minLength: neurons * 8, maxLength: neurons * 8 }),
    params: fc.array(signedBits(16), { minLength: neurons * 8, maxLength: neurons * 8 }),
  });

function runBoth(program: DecodedProgram, neurons: number, inputs: { ports: number[]; state: number[]; params: number[] }, steps: number) {
  const group = { state: Int32Array.from(inputs.state), out: [] as number[][], sat: new SaturationCounter(), counts: createInstructionCounts() };
  const single = { state: Int32Array.from(inputs.state), out: [] as number[][], sat: new SaturationCounter(), counts: createInstructionCounts() };
  const ports = Float64Array.from(inputs.ports);
  const params = Int32Array.from(inputs.params);
  for (let t = 0; t < steps; t++) {
    const buf = createEmitBuffer(neurons * program.emitsPerUpdate);
    runNeuronGroup(program, neurons, ports, group.state, params, buf, group.counts, group.sat);
    for (let i = 0; i < buf.count; i++) group.out.push([t, buf.neuron[i], buf.channel[i], buf.value[i]]);
    for (let n = 0; n < neurons; n++) {
      const c = executeNeuron(program, {
        ports: ports.subarray(n * 4, n * 4 + 4),
        state: single.state.subarray(n * 8, n * 8 + 8),
        params: params.subarray(n * 8, n * 8 + 8),
        emit: (ch, v) => single.out.push([t, n, ch, v]),
        saturations: single.sat,
      });
      for (const k of Object.keys(c) as (keyof typeof c)[]) single.counts[k] += c[k];
    }
  }
  return { group, single };
}

describe('batch API', () => {
  it('equals per-neuron execution on random programs and inputs, over several steps', () => {
    const neurons = 5;
    fc.assert(
      fc.property(programArb, groupInputs(neurons), (instructions, inputs) => {
        const program = decodeProgram(encodeProgram(instructions), { ports: 4, state: 8, params: 8 });
        const { group, single } = runBoth(program, neurons, inputs, 3);
        expect(group.out).toEqual(single.out);
        expect(Array.from(group.state)).toEqual(Array.from(single.state));
        expect(group.counts).toEqual(single.counts);
        expect(group.sat.count).toBe(single.sat.count);
      }),
      { numRuns: 300 },
    );
  });
});
