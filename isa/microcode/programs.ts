// Generators of the S5 network's neuron programs (dense, complex state, output projection, GLU + residual, delay line), exact to models/qgraph/types.ts.
import { SIGMOID_INPUT_EXP, SIGMOID_OUTPUT_EXP } from '../arith.ts';
import { LoomError } from '../diagnostics/index.ts';
import { assemble } from './assemble.ts';
import { OPCODES, REGISTER_FILES, STATE_BITS } from './opcodes.ts';
import type { InstructionCounts } from './opcodes.ts';
import { decodeProgram, usedLayout } from './program.ts';
import type { NeuronLayout } from './program.ts';
import { decodeInstructions } from './encode.ts';

/** What a compiler needs to size and wire a neuron: register counts, what each one holds, and the update's cost. */
export interface NeuronProgramInfo extends NeuronLayout {
  /** Meaning of each input port (p0, p1, …), state word (s0, …), parameter (k0, …) and output channel. */
  readonly portRoles: readonly string[];
  readonly stateRoles: readonly string[];
  readonly paramRoles: readonly string[];
  readonly channelRoles: readonly string[];
  readonly instructions: number;
  /** Instructions one update executes, by cost class (exact: programs have no branches). */
  readonly counts: Readonly<InstructionCounts>;
}

export interface NeuronProgram {
  readonly name: string;
  /** The assembly listing the words were assembled from. */
  readonly source: string;
  readonly words: Uint32Array;
  readonly info: NeuronProgramInfo;
}

const RESCALE_RANGE = OPCODES.find((s) => s.mnemonic === 'rsc')?.imm ?? [0, 0];
const SHIFT_RANGE = OPCODES.find((s) => s.mnemonic === 'shr')?.imm ?? [0, 0];

/** Assembly text under construction: one instruction per line with an aligned comment. */
class Listing {
  readonly lines: string[] = [];

  constructor(title: string) {
    this.lines.push(`; ${title}`);
  }

  note(text: string): void {
    this.lines.push(`; ${text}`);
  }

  ins(text: string, comment = ''): void {
    this.lines.push(comment ? `${text.padEnd(22)}; ${comment}` : text);
  }

  /** Rescale `src` by `delta` exponents into `dst`; returns the register holding the result (src itself when delta = 0). */
  rescale(dst: string, src: string, delta: number, comment: string): string {
    if (delta === 0) return src;
    this.ins(`rsc ${dst}, ${src}, #${delta}`, comment);
    return dst;
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

function checkRange(program: string, option: string, value: number, [min, max]: readonly [number, number]): void {
  if (!Number.isInteger(value)) {
    throw new LoomError('microcode-generator', { program, option, value, detail: 'must be an integer' });
  }
  if (value < min || value > max) {
    throw new LoomError('microcode-generator', { program, option, value, detail: `must be within ${min}..${max}` });
  }
}

/** Exponent difference to → from, checked against the rescale immediate. */
function delta(program: string, option: string, fromExp: number, toExp: number): number {
  checkRange(program, option, toExp - fromExp, RESCALE_RANGE);
  return toExp - fromExp;
}

interface Roles {
  readonly ports: readonly string[];
  readonly state: readonly string[];
  readonly params: readonly string[];
  readonly channels: readonly string[];
}

function finish(name: string, listing: Listing, roles: Roles): NeuronProgram {
  const source = listing.text();
  const words = assemble(source);
  const layout = { ports: roles.ports.length, state: roles.state.length, params: roles.params.length, channels: roles.channels.length };
  const used = usedLayout(decodeInstructions(words));
  if (JSON.stringify(used) !== JSON.stringify(layout)) {
    throw new Error(`${name} program: roles ${JSON.stringify(layout)} ≠ registers used ${JSON.stringify(used)}`); // generator bug
  }
  const decoded = decodeProgram(words, layout);
  const info: NeuronProgramInfo = {
    ...layout,
    portRoles: roles.ports,
    stateRoles: roles.state,
    paramRoles: roles.params,
    channelRoles: roles.channels,
    instructions: words.length,
    counts: { ...decoded.counts },
  };
  return { name, source, words, info };
}

export interface DenseNeuronOptions {
  /** Exponent of the accumulated Σ W·x (eW + eX). */
  readonly accExp: number;
  readonly outExp: number;
  readonly relu: boolean;
}

/** Dense layer neuron: y = sat16(rescale(Σ W x, accExp → outExp) + bias), max(y, 0) when `relu`; emit y on ch0. */
export function denseNeuronProgram({ accExp, outExp, relu }: DenseNeuronOptions): NeuronProgram {
  const l = new Listing(`dense neuron: y = sat16(rescale(p0, ${accExp} → ${outExp}) + k0)${relu ? ', ReLU' : ''}`);
  const acc = l.rescale('r0', 'p0', delta('dense', 'outExp − accExp', accExp, outExp), `Σ W·x at exp ${outExp}`);
  l.ins(`add r0, ${acc}, k0`, '+ bias');
  l.ins(`sat r0, r0, #${STATE_BITS}`, 'y = sat16(…)');
  if (relu) l.ins('relu r0, r0', 'max(y, 0)');
  l.ins('emit 0, r0', 'send y if non-zero');
  return finish('dense', l, { ports: ['Σ W·x'], state: [], params: ['bias'], channels: ['y'] });
}

export interface ComplexStateOptions {
  /** Exponent of the accumulated Σ B u (eB + eU). */
  readonly accExp: number;
  readonly stateExp: number;
  /** Exponent of Λ̄ (the floor shift after each product). */
  readonly lambdaExp: number;
}

/**
 * S5 state neuron (one complex state): bu = rescale(Σ B u, accExp → stateExp) + bias (re and im);
 * x ← complexStateStep(Λ̄, x, bu) stored as sat16; h = complex ReLU(x); emit h_re on ch0, h_im on ch1.
 */
export function complexStateProgram({ accExp, stateExp, lambdaExp }: ComplexStateOptions): NeuronProgram {
  checkRange('complex state', 'lambdaExp', lambdaExp, SHIFT_RANGE);
  const d = delta('complex state', 'stateExp − accExp', accExp, stateExp);
  const l = new Listing(`complex state neuron: x ← Λ̄·x + bu (Λ̄ at exp ${lambdaExp}), h = complex ReLU(x)`);
  l.ins(`add r0, ${l.rescale('r0', 'p0', d, `Σ B_re u at exp ${stateExp}`)}, k2`, 'bu_re = … + bias_re');
  l.ins(`add r1, ${l.rescale('r1', 'p1', d, `Σ B_im u at exp ${stateExp}`)}, k3`, 'bu_im = … + bias_im');
  l.ins('mul r2, k0, s0', 'λre·re');
  l.ins(`shr r2, r2, #${lambdaExp}`);
  l.ins('mul r3, k1, s1', 'λim·im');
  l.ins(`shr r3, r3, #${lambdaExp}`);
  l.ins('sub r2, r2, r3');
  l.ins('add r2, r2, r0', "re' (exact)");
  l.ins('mul r3, k0, s1', 'λre·im');
  l.ins(`shr r3, r3, #${lambdaExp}`);
  l.ins('mul r4, k1, s0', 'λim·re');
  l.ins(`shr r4, r4, #${lambdaExp}`);
  l.ins('add r3, r3, r4');
  l.ins('add r3, r3, r1', "im' (exact)");
  l.ins('st s0, r2', "x_re = sat16(re')");
  l.ins('st s1, r3', "x_im = sat16(im')");
  l.note('complex ReLU: h_re = max(x_re, 0) is exact (x_re = 0 gives 0 whether or not the state passes)');
  l.ins('relu r5, s0', 'h_re');
  l.ins('emit 0, r5');
  l.ins('cpos r4, s0, s1', 'passes: re > 0, or re = 0 and im > 0');
  l.ins('li r6, #0');
  l.ins('cmov r6, r4, s1', 'h_im = passes ? x_im : 0');
  l.ins('emit 1, r6');
  return finish('complex state', l, {
    ports: ['Σ B_re·u', 'Σ B_im·u'],
    state: ['x_re', 'x_im'],
    params: ['λ_re', 'λ_im', 'bias_re', 'bias_im'],
    channels: ['h_re', 'h_im'],
  });
}

export interface OutputNeuronOptions {
  /** Exponent of Σ C h: eC + eH − 1 (the −1 is the factor 2 of 2·Re). */
  readonly cAccExp: number;
  /** Exponent of D_i·u_i (eD + eU). */
  readonly dAccExp: number;
  readonly outExp: number;
}

/** S5 output neuron: y = sat16(rescale(ΣC_re h_re − ΣC_im h_im, cAccExp → outExp) + rescale(D u, dAccExp → outExp) + bias); a = max(y, 0). */
export function outputNeuronProgram({ cAccExp, dAccExp, outExp }: OutputNeuronOptions): NeuronProgram {
  const dc = delta('output', 'outExp − cAccExp', cAccExp, outExp);
  const dd = delta('output', 'outExp − dAccExp', dAccExp, outExp);
  const l = new Listing('S5 output neuron: a = max(0, sat16(2·Re(C h) + D u + bias))');
  l.ins('sub r0, p0, p1', 'Σ C_re h_re − Σ C_im h_im (exact)');
  const c = l.rescale('r0', 'r0', dc, `2·Re(C h) at exp ${outExp}`);
  const du = l.rescale('r1', 'p2', dd, `D·u at exp ${outExp}`);
  l.ins(`add r0, ${c}, ${du}`);
  l.ins('add r0, r0, k0', '+ bias');
  l.ins(`sat r0, r0, #${STATE_BITS}`, 'y = sat16(…)');
  l.ins('relu r0, r0', 'a = max(y, 0)');
  l.ins('emit 0, r0');
  return finish('output', l, {
    ports: ['Σ C_re·h_re', 'Σ C_im·h_im', 'D·u'],
    state: [],
    params: ['bias'],
    channels: ['a'],
  });
}

export interface GluResidualOptions {
  /** Exponent of the gate sum Σ W a (eW + eA). */
  readonly gateAccExp: number;
  readonly aExp: number;
  readonly uExp: number;
  readonly outExp: number;
}

/** Half-GLU + residual neuron: g = sat16(rescale(Σ W a → 6) + b); out = max(0, sat16(rescale(u → outExp) + rescale(a·σ(g), aExp + 8 → outExp))). */
export function gluResidualProgram({ gateAccExp, aExp, uExp, outExp }: GluResidualOptions): NeuronProgram {
  const dg = delta('glu residual', '6 − gateAccExp', gateAccExp, SIGMOID_INPUT_EXP);
  const dz = delta('glu residual', 'outExp − (aExp + 8)', aExp + SIGMOID_OUTPUT_EXP, outExp);
  const du = delta('glu residual', 'outExp − uExp', uExp, outExp);
  const l = new Listing('GLU + residual neuron: out = max(0, sat16(u + a·σ(W a + b)))');
  const gate = l.rescale('r0', 'p0', dg, `Σ W·a at exp ${SIGMOID_INPUT_EXP}`);
  l.ins(`add r0, ${gate}, k0`, '+ gate bias');
  l.ins(`sat r0, r0, #${STATE_BITS}`, `g = sat16(…) at exp ${SIGMOID_INPUT_EXP}`);
  l.ins('sig r1, r0', `σ(g) at exp ${SIGMOID_OUTPUT_EXP}`);
  l.ins('mul r1, p1, r1', `a·σ(g) at exp ${aExp + SIGMOID_OUTPUT_EXP}`);
  const z = l.rescale('r1', 'r1', dz, `z at exp ${outExp}`);
  const u = l.rescale('r2', 'p2', du, `u at exp ${outExp}`);
  l.ins(`add r1, ${u}, ${z}`, 'u + z (exact)');
  l.ins(`sat r1, r1, #${STATE_BITS}`);
  l.ins('relu r1, r1', 'out = max(0, …)');
  l.ins('emit 0, r1');
  return finish('glu residual', l, { ports: ['Σ W·a', 'a', 'u'], state: [], params: ['gate bias'], channels: ['out'] });
}

/**
 * Delay stage of `depth` steps: each update emits the oldest stored value, shifts the line by one and
 * stores sat16(p0) as the newest, so the value emitted at step t is the input of step t − depth.
 */
export function delayLineProgram(depth: number): NeuronProgram {
  checkRange('delay line', 'depth', depth, [1, REGISTER_FILES.state.count]);
  const l = new Listing(`delay line, depth ${depth}: emits p0 of ${depth} step(s) ago`);
  l.ins(`emit 0, s${depth - 1}`, 'oldest value');
  for (let i = depth - 1; i > 0; i--) l.ins(`st s${i}, s${i - 1}`);
  l.ins('st s0, p0', 'newest = sat16(input)');
  const state = Array.from({ length: depth }, (_, i) => `x[t−${i + 1}]`);
  return finish('delay line', l, { ports: ['input'], state, params: [], channels: ['x[t−depth]'] });
}

/**
 * Relay: emits its input unchanged (sat16). A chain of k relays delays a value by k steps in pipelined
 * execution and by none in fall-through, so one image serves both modes (compiler balance-delays).
 */
export function relayProgram(): NeuronProgram {
  const l = new Listing('relay: emits p0 unchanged (a pipeline delay of one hop)');
  l.ins(`sat r0, p0, #${STATE_BITS}`, 'sat16(input); identity synapses make this exact');
  l.ins('emit 0, r0');
  return finish('relay', l, { ports: ['input'], state: [], params: [], channels: ['x'] });
}
