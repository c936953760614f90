// S5 neuron programs: bit-exact against the references (golden cases and random inputs), layouts, counts, generator errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SaturationCounter } from '../../../isa/arith.ts';
import { LoomError } from '../../../isa/diagnostics/index.ts';
import {
  assemble,
  complexStateProgram,
  decodeInstructions,
  decodeProgram,
  delayLineProgram,
  denseNeuronProgram,
  executeNeuron,
  gluResidualProgram,
  outputNeuronProgram,
  usedLayout,
} from '../../../isa/microcode/index.ts';
import type { NeuronProgram } from '../../../isa/microcode/index.ts';
import { loadGolden } from '../../golden.ts';
import { signedBits } from './arbitraries.ts';
import { denseRef, gluRef, nonZeroEmits, outputRef, stateRef } from './reference.ts';

interface Golden {
  readonly sigmoid_lut: { readonly values: Readonly<Record<string, number>> };
  readonly complex_state_step: {
    readonly cases: readonly { lambda: [number, number]; lambda_exp: number; x: [number, number]; bu: [number, number]; bits: number; next: [number, number] }[];
  };
  readonly complex_relu: { readonly cases: readonly { x: [number, number]; y: [number, number] }[] };
}
const golden = loadGolden<Golden>('fixed_point');

interface Outcome {
  readonly emits: [number, number][];
  readonly state: number[];
  readonly saturations: number;
}

function runProgram(p: NeuronProgram, ports: number[], params: number[], state: number[] = []): Outcome {
  const program = decodeProgram(p.words, p.info);
  const emits: [number, number][] = [];
  const sat = new SaturationCounter();
  const s = Int32Array.from(state);
  const counts = executeNeuron(program, { ports, params, state: s, emit: (c, v) => emits.push([c, v]), saturations: sat });
  expect(counts).toEqual(p.info.counts);
  return { emits, state: Array.from(s), saturations: sat.count };
}

/** Accumulator values: exact synaptic sums, including ones far outside 16 bits. */
const acc = fc.oneof(signedBits(16), signedBits(24), signedBits(32));
const exp = fc.integer({ min: 0, max: 24 });
const shift = fc.integer({ min: -16, max: 16 }); // exponent difference, negative = right shift

describe('denseNeuronProgram', () => {
  it('matches sat16(rescale(Σ W x) + b) [ReLU] bit for bit', () => {
    fc.assert(
      fc.property(acc, signedBits(16), exp, shift, fc.boolean(), (a, bias, outExp, d, relu) => {
        const accExp = outExp - d;
        const sat = new SaturationCounter();
        const y = denseRef(a, bias, accExp, outExp, relu, sat);
        const got = runProgram(denseNeuronProgram({ accExp, outExp, relu }), [a], [bias]);
        expect(got.emits).toEqual(nonZeroEmits([y]));
        expect(got.saturations).toBe(sat.count);
      }),
      { numRuns: 1000 },
    );
  });

  it('declares its layout and cost', () => {
    const p = denseNeuronProgram({ accExp: 19, outExp: 12, relu: true });
    expect(p.info).toMatchObject({ ports: 1, state: 0, params: 1, channels: 1, instructions: 5 });
    expect(p.info.counts).toEqual({ alu: 4, mul: 0, lut: 0, mem: 0, emit: 1 });
    expect(runProgram(p, [-(2 ** 30)], [0]).emits).toEqual([]); // ReLU'd to 0: no message
    expect(runProgram(denseNeuronProgram({ accExp: 19, outExp: 12, relu: false }), [-(2 ** 30)], [0]).emits).toEqual([[0, -32768]]);
  });
});

describe('complexStateProgram', () => {
  it('reproduces the golden complex_state_step cases (stateExp = accExp, zero bias: bu = port)', () => {
    expect(golden.complex_state_step.cases.length).toBeGreaterThan(0);
    for (const c of golden.complex_state_step.cases) {
      expect(c.bits).toBe(16);
      const p = complexStateProgram({ accExp: 10, stateExp: 10, lambdaExp: c.lambda_exp });
      const got = runProgram(p, c.bu, [...c.lambda, 0, 0], c.x);
      expect(got.state).toEqual(c.next);
      const passes = c.next[0] > 0 || (c.next[0] === 0 && c.next[1] > 0);
      expect(got.emits).toEqual(nonZeroEmits(passes ? c.next : [0, 0]));
    }
  });

  it('reproduces the golden complex_relu cases (Λ̄ = 0, so x = bu = port)', () => {
    for (const c of golden.complex_relu.cases) {
      const got = runProgram(complexStateProgram({ accExp: 8, stateExp: 8, lambdaExp: 14 }), c.x, [0, 0, 0, 0], [5, -5]);
      expect(got.state).toEqual(c.x);
      expect(got.emits).toEqual(nonZeroEmits(c.y));
    }
  });

  it('matches rescale + bias, complexStateStep and complex ReLU on random inputs over several steps', () => {
    const step = fc.tuple(acc, acc);
    fc.assert(
      fc.property(
        fc.tuple(signedBits(16), signedBits(16)),
        fc.integer({ min: 0, max: 16 }),
        fc.tuple(signedBits(16), signedBits(16)),
        fc.tuple(signedBits(16), signedBits(16)),
        fc.array(step, { minLength: 1, maxLength: 4 }),
        exp,
        shift,
        (lambda, lambdaExp, x0, bias, inputs, stateExp, d) => {
          const accExp = stateExp - d;
          const p = complexStateProgram({ accExp, stateExp, lambdaExp });
          let x: [number, number] = x0;
          for (const accs of inputs) {
            const sat = new SaturationCounter();
            const ref = stateRef(lambda, lambdaExp, x, accs, bias, accExp, stateExp, sat);
            const got = runProgram(p, accs, [...lambda, ...bias], x);
            expect(got.state).toEqual(ref.x);
            expect(got.emits).toEqual(nonZeroEmits(ref.h));
            expect(got.saturations).toBe(sat.count);
            x = ref.x;
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('declares its layout and cost', () => {
    const p = complexStateProgram({ accExp: 14, stateExp: 12, lambdaExp: 14 });
    expect(p.info).toMatchObject({ ports: 2, state: 2, params: 4, channels: 2, instructions: 24 });
    expect(p.info.counts).toEqual({ alu: 16, mul: 4, lut: 0, mem: 2, emit: 2 });
    expect(complexStateProgram({ accExp: 12, stateExp: 12, lambdaExp: 14 }).info.counts.alu).toBe(14); // no rescale needed
  });
});

describe('outputNeuronProgram', () => {
  it('matches sat16(rescale(ΣC_re h_re − ΣC_im h_im) + rescale(D u) + b), ReLU, bit for bit', () => {
    fc.assert(
      fc.property(acc, acc, signedBits(24), signedBits(16), exp, shift, shift, (cRe, cIm, du, bias, outExp, dc, dd) => {
        const exps = { cAccExp: outExp - dc, dAccExp: outExp - dd, outExp };
        const sat = new SaturationCounter();
        const y = outputRef(cRe, cIm, du, bias, exps, sat);
        const got = runProgram(outputNeuronProgram(exps), [cRe, cIm, du], [bias]);
        expect(got.emits).toEqual(nonZeroEmits([y]));
        expect(got.saturations).toBe(sat.count);
      }),
      { numRuns: 1000 },
    );
  });

  it('rescales the difference, not each sum (floor of a difference ≠ difference of floors)', () => {
    const p = outputNeuronProgram({ cAccExp: 1, dAccExp: 0, outExp: 0 });
    expect(runProgram(p, [3, 0, 0], [0]).emits).toEqual([[0, 1]]); // (3 − 0) ≫ 1 = 1
    expect(runProgram(p, [4, 1, 0], [0]).emits).toEqual([[0, 1]]); // (4 − 1) ≫ 1 = 1, not 2 − 0 = 2
  });
});

describe('gluResidualProgram', () => {
  it('reproduces the golden sigmoid_lut values (a = 1, u = 0, out = σ(g) at exp 8)', () => {
    const p = gluResidualProgram({ gateAccExp: 6, aExp: 0, uExp: 8, outExp: 8 });
    for (const [x, s] of Object.entries(golden.sigmoid_lut.values)) {
      expect(runProgram(p, [Number(x), 1, 0], [0]).emits).toEqual([[0, s]]);
    }
    const lut = decodeProgram(assemble('sig r0, p0\nemit 0, r0'));
    for (const [x, s] of Object.entries(golden.sigmoid_lut.values)) {
      const emits: number[] = [];
      executeNeuron(lut, { ports: [Number(x)], params: [], state: [], emit: (_, v) => emits.push(v) });
      expect(emits).toEqual([s]);
    }
  });

  it('matches max(0, sat16(rescale(u) + rescale(a·σ(g)))) bit for bit', () => {
    fc.assert(
      fc.property(acc, signedBits(16), signedBits(16), signedBits(16), exp, exp, shift, shift, (gate, a, u, bias, aExp, outExp, dg, du) => {
        const exps = { gateAccExp: 6 - dg, aExp, uExp: outExp - du, outExp };
        fc.pre(Math.abs(outExp - aExp - 8) <= 31);
        const sat = new SaturationCounter();
        const y = gluRef(gate, a, u, bias, exps, sat);
        const got = runProgram(gluResidualProgram(exps), [gate, a, u], [bias]);
        expect(got.emits).toEqual(nonZeroEmits([y]));
        expect(got.saturations).toBe(sat.count);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('delayLineProgram', () => {
  it('emits the input of `depth` steps ago, saturated to 16 bits, only when non-zero', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.oneof(fc.constant(0), signedBits(16), signedBits(20)), { maxLength: 20 }), (depth, xs) => {
        const p = delayLineProgram(depth);
        expect(p.info).toMatchObject({ ports: 1, state: depth, params: 0, channels: 1, instructions: depth + 1 });
        expect(p.info.counts).toEqual({ alu: 0, mul: 0, lut: 0, mem: depth, emit: 1 });
        let state = new Array<number>(depth).fill(0);
        xs.forEach((x, t) => {
          const got = runProgram(p, [x], [], state);
          const old = t >= depth ? Math.max(-32768, Math.min(32767, xs[t - depth])) : 0;
          expect(got.emits).toEqual(nonZeroEmits([old]));
          state = got.state;
        });
      }),
    );
  });
});

describe('program generators', () => {
  const all = [
    denseNeuronProgram({ accExp: 19, outExp: 12, relu: true }),
    complexStateProgram({ accExp: 19, stateExp: 12, lambdaExp: 14 }),
    outputNeuronProgram({ cAccExp: 18, dAccExp: 19, outExp: 12 }),
    gluResidualProgram({ gateAccExp: 19, aExp: 12, uExp: 12, outExp: 12 }),
    delayLineProgram(3),
  ];

  it('declare exactly the registers their code uses, and their listing assembles to their words', () => {
    for (const p of all) {
      const { ports, state, params, channels } = p.info;
      expect(usedLayout(decodeInstructions(p.words))).toEqual({ ports, state, params, channels });
      expect(p.info.portRoles.length).toBe(ports);
      expect(p.info.paramRoles.length).toBe(params);
      expect(assemble(p.source)).toEqual(p.words);
    }
  });

  it('reject options outside the ISA ranges with a 580 LoomError', () => {
    const bad = [
      () => delayLineProgram(0),
      () => delayLineProgram(9),
      () => delayLineProgram(1.5),
      () => denseNeuronProgram({ accExp: 40, outExp: 0, relu: false }),
      () => complexStateProgram({ accExp: 0, stateExp: 0, lambdaExp: 40 }),
      () => outputNeuronProgram({ cAccExp: 0, dAccExp: 50, outExp: 0 }),
      () => gluResidualProgram({ gateAccExp: 6, aExp: 40, uExp: 0, outExp: 0 }),
    ];
    for (const f of bad) {
      expect(f).toThrow(LoomError);
      try {
        f();
      } catch (e) {
        expect((e as LoomError).code).toBe(580);
      }
    }
  });
});
