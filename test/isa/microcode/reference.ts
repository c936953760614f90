// Test references for the S5 neuron programs, written from models/qgraph/types.ts with isa/arith.ts calls only.
import {
  SIGMOID_INPUT_EXP,
  SIGMOID_OUTPUT_EXP,
  SaturationCounter,
  complexReluPasses,
  complexStateStep,
  rescale,
  saturate,
  sigmoidLut,
} from '../../../isa/arith.ts';

/** dense: y = sat16(rescale(Σ W x, eW + eX → outExp) + b), max(y, 0) when relu. */
export function denseRef(acc: number, bias: number, accExp: number, outExp: number, relu: boolean, sat: SaturationCounter): number {
  const y = saturate(rescale(acc, accExp, outExp) + bias, 16, sat);
  return relu ? Math.max(y, 0) : y;
}

export interface StateRefResult {
  readonly x: [number, number];
  readonly h: [number, number];
}

/** s5_state for one complex state: bu = rescale(ΣBu → stateExp) + bias; x = complexStateStep(…) at 16 bits; h = complex ReLU(x). */
export function stateRef(
  lambda: readonly [number, number],
  lambdaExp: number,
  x: readonly [number, number],
  acc: readonly [number, number],
  bias: readonly [number, number],
  accExp: number,
  stateExp: number,
  sat: SaturationCounter,
): StateRefResult {
  const buRe = rescale(acc[0], accExp, stateExp) + bias[0];
  const buIm = rescale(acc[1], accExp, stateExp) + bias[1];
  const next: [number, number] = [0, 0];
  complexStateStep(lambda[0], lambda[1], lambdaExp, x[0], x[1], buRe, buIm, 16, next, sat);
  const h: [number, number] = complexReluPasses(next[0], next[1]) ? [next[0], next[1]] : [0, 0];
  return { x: next, h };
}

/** s5_output: y = sat16(rescale(ΣC_re h_re − ΣC_im h_im, cAccExp → outExp) + rescale(D u, dAccExp → outExp) + b); a = max(y, 0). */
export function outputRef(
  cRe: number,
  cIm: number,
  du: number,
  bias: number,
  exps: { cAccExp: number; dAccExp: number; outExp: number },
  sat: SaturationCounter,
): number {
  const y = saturate(rescale(cRe - cIm, exps.cAccExp, exps.outExp) + rescale(du, exps.dAccExp, exps.outExp) + bias, 16, sat);
  return Math.max(y, 0);
}

/** glu_residual: g = sat16(rescale(Σ W a → 6) + b); s = σ(g); out = max(0, sat16(rescale(u → outExp) + rescale(a·s, eA + 8 → outExp))). */
export function gluRef(
  gateAcc: number,
  a: number,
  u: number,
  bias: number,
  exps: { gateAccExp: number; aExp: number; uExp: number; outExp: number },
  sat: SaturationCounter,
): number {
  const g = saturate(rescale(gateAcc, exps.gateAccExp, SIGMOID_INPUT_EXP) + bias, 16, sat);
  const s = sigmoidLut(g);
  const z = rescale(a * s, exps.aExp + SIGMOID_OUTPUT_EXP, exps.outExp);
  return Math.max(0, saturate(rescale(u, exps.uExp, exps.outExp) + z, 16, sat));
}

/** Messages a neuron sends for channel values: non-zero ones only, channel order. */
export function nonZeroEmits(values: readonly number[]): [number, number][] {
  return values.flatMap((v, ch): [number, number][] => (v !== 0 ? [[ch, v]] : []));
}
