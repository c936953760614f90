// Whole-network helpers for the float S5 model: deep copy and parameter count.
import type { BatchNormParams, DenseParams, S5BlockParams, S5Network } from './types.ts';

function cloneDense(p: DenseParams): DenseParams {
  return { inSize: p.inSize, outSize: p.outSize, weight: p.weight.slice(), bias: p.bias.slice() };
}

function cloneNorm(p: BatchNormParams): BatchNormParams {
  return { gamma: p.gamma.slice(), beta: p.beta.slice(), runningMean: p.runningMean.slice(), runningVar: p.runningVar.slice() };
}

function cloneBlock(b: S5BlockParams): S5BlockParams {
  return {
    lambdaRe: b.lambdaRe.slice(),
    lambdaIm: b.lambdaIm.slice(),
    logStep: b.logStep.slice(),
    bRe: b.bRe.slice(),
    bIm: b.bIm.slice(),
    cRe: b.cRe.slice(),
    cIm: b.cIm.slice(),
    d: b.d.slice(),
    norm: cloneNorm(b.norm),
    glu: cloneDense(b.glu),
  };
}

/** A deep copy: no array is shared with the input. */
export function cloneNetwork(net: S5Network): S5Network {
  return {
    hyper: { ...net.hyper },
    encoder: cloneDense(net.encoder),
    blocks: net.blocks.map(cloneBlock),
    decoder: cloneDense(net.decoder),
  };
}

/**
 * Trainable real parameters (complex entries count twice; BatchNorm running statistics are not
 * counted, γ and β are).
 */
export function parameterCount(net: S5Network): number {
  const dense = (p: DenseParams): number => p.weight.length + p.bias.length;
  let total = dense(net.encoder) + dense(net.decoder);
  for (const b of net.blocks) {
    total += b.lambdaRe.length + b.lambdaIm.length + b.logStep.length;
    total += b.bRe.length + b.bIm.length + b.cRe.length + b.cIm.length + b.d.length;
    total += b.norm.gamma.length + b.norm.beta.length + dense(b.glu);
  }
  return total;
}
