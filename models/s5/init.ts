// Initialisation of the float S5 denoiser, following the S5 reference code (HiPPO-DPLR blocks, conj-sym, lecun-normal B and C).
import { LoomError } from '../../isa/diagnostics/index.ts';
import { Rng } from '../random.ts';
import { dplrHippo } from './hippo.ts';
import type { DplrHippo } from './hippo.ts';
import { hyperProblem, makeHyper, S5_DEFAULTS } from './hyper.ts';
import type { BatchNormParams, DenseParams, S5BlockParams, S5Hyper, S5Network } from './types.ts';

export interface S5NetworkOptions {
  /** Width scale k: blocks = int(16k). */
  readonly width: number;
  /** Seed of the generator every parameter is drawn from (an integer in [0, 2³²)). */
  readonly seed: number;
  /** Default 'zoh'. */
  readonly discretization?: S5Hyper['discretization'];
  /** Model input = |X| − inputOffset; default 0. */
  readonly inputOffset?: number;
  /** Range the initial time steps Δ are drawn from (log-uniform); default S5's [0.001, 0.1]. */
  readonly dtMin?: number;
  readonly dtMax?: number;
}

/**
 * A freshly initialised network; the same options always give the same parameters.
 * Parameters are drawn in a fixed order: encoder, then each block (B, C, D, log Δ, GLU), then decoder.
 */
export function createS5Network(options: S5NetworkOptions): S5Network {
  const { width, seed, discretization = 'zoh', inputOffset = 0 } = options;
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new LoomError('model-hyper', { option: 'seed', value: String(seed), detail: 'the seed must be an integer in [0, 4294967295]' });
  }
  const base = makeHyper(width, discretization, inputOffset);
  const hyper = { ...base, dtMin: options.dtMin ?? base.dtMin, dtMax: options.dtMax ?? base.dtMax };
  const problem = hyperProblem(hyper);
  if (problem) {
    throw new LoomError('model-hyper', { option: problem.field, value: String(hyper[problem.field]), detail: problem.detail });
  }
  const rng = new Rng(seed);
  const dplr = dplrHippo(S5_DEFAULTS.blockSize);
  const encoder = linearInit(rng, hyper.inputSize, hyper.hidden);
  const blocks: S5BlockParams[] = [];
  for (let l = 0; l < hyper.layers; l++) blocks.push(initBlock(rng, hyper, dplr));
  const decoder = linearInit(rng, hyper.hidden, hyper.outputSize);
  return { hyper, encoder, blocks, decoder };
}

/** PyTorch nn.Linear defaults: weight and bias both U(±1/√fan_in). */
export function linearInit(rng: Rng, inSize: number, outSize: number): DenseParams {
  const bound = 1 / Math.sqrt(inSize);
  const weight = new Float64Array(outSize * inSize);
  for (let i = 0; i < weight.length; i++) weight[i] = rng.uniform(-bound, bound);
  const bias = new Float64Array(outSize);
  for (let i = 0; i < outSize; i++) bias[i] = rng.uniform(-bound, bound);
  return { inSize, outSize, weight, bias };
}

/** Standard deviation of a standard normal truncated to ±2; dividing by it keeps the truncated draw's variance (as JAX does). */
const TRUNCATED_NORMAL_STD = 0.87962566103423978;

/** JAX's lecun_normal: a normal truncated at ±2σ′ with σ′ chosen so the variance is 1/fan_in. */
export function lecunNormal(rng: Rng, fanIn: number): number {
  return rng.truncatedNormal(1 / Math.sqrt(fanIn) / TRUNCATED_NORMAL_STD);
}

function initBlock(rng: Rng, h: S5Hyper, dplr: DplrHippo): S5BlockParams {
  const n = h.stateSize / 2;
  const half = dplr.n / 2;
  // Conj-sym keeps the first half of each block's eigenvalues (negative imaginary parts), repeated over the blocks.
  const lambdaRe = new Float64Array(n);
  const lambdaIm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lambdaRe[i] = dplr.lambdaRe[i % half];
    lambdaIm[i] = dplr.lambdaIm[i % half];
  }
  const { re: bRe, im: bIm } = initBTilde(rng, h, dplr);
  const { re: cRe, im: cIm } = initCTilde(rng, h, dplr);
  const d = new Float64Array(h.hidden);
  for (let i = 0; i < d.length; i++) d[i] = rng.normal();
  const logStep = new Float64Array(n);
  for (let i = 0; i < n; i++) logStep[i] = rng.uniform(Math.log(h.dtMin), Math.log(h.dtMax));
  const glu = linearInit(rng, h.hidden, h.hidden);
  return { lambdaRe, lambdaIm, logStep, bRe, bIm, cRe, cIm, d, norm: identityNorm(h.hidden), glu };
}

interface ComplexMatrix {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/**
 * B̃ = V⁻¹ B = blockdiag(V_half)ᴴ B (N × H). B is real, P × H (P = stateSize), lecun-normal with
 * fan-in H, the number of inputs B mixes. (The JAX reference calls lecun_normal on shape (P, H),
 * which takes fan-in from axis −2, i.e. P; we use the true fan-in H.)
 */
function initBTilde(rng: Rng, h: S5Hyper, dplr: DplrHippo): ComplexMatrix {
  const H = h.hidden;
  const p = h.stateSize;
  const bs = dplr.n;
  const half = bs / 2;
  const b = new Float64Array(p * H);
  for (let i = 0; i < b.length; i++) b[i] = lecunNormal(rng, H);
  const re = new Float64Array((p / 2) * H);
  const im = new Float64Array((p / 2) * H);
  for (let blk = 0; blk < h.blocks; blk++) {
    for (let j = 0; j < half; j++) {
      const row = blk * half + j;
      for (let k = 0; k < bs; k++) {
        const vr = dplr.vRe[k * bs + j];
        const vi = dplr.vIm[k * bs + j];
        const src = (blk * bs + k) * H;
        for (let col = 0; col < H; col++) {
          re[row * H + col] += vr * b[src + col];
          im[row * H + col] -= vi * b[src + col];
        }
      }
    }
  }
  return { re, im };
}

/**
 * C̃ = C · blockdiag(V_half) (H × N), as the reference's "trunc_standard_normal" C init: C is complex
 * H × P with real and imaginary parts each lecun-normal with fan-in P (drawn as shape (H, P, 2)),
 * then projected onto the kept eigenvectors. C̃'s parts then have variance ≈ 1/P = 1/(2N) each.
 */
function initCTilde(rng: Rng, h: S5Hyper, dplr: DplrHippo): ComplexMatrix {
  const H = h.hidden;
  const p = h.stateSize;
  const n = p / 2;
  const bs = dplr.n;
  const half = bs / 2;
  const cRe = new Float64Array(H * p);
  const cIm = new Float64Array(H * p);
  for (let i = 0; i < H * p; i++) {
    cRe[i] = lecunNormal(rng, p);
    cIm[i] = lecunNormal(rng, p);
  }
  const re = new Float64Array(H * n);
  const im = new Float64Array(H * n);
  for (let row = 0; row < H; row++) {
    for (let blk = 0; blk < h.blocks; blk++) {
      for (let j = 0; j < half; j++) {
        let sr = 0;
        let si = 0;
        for (let k = 0; k < bs; k++) {
          const cr = cRe[row * p + blk * bs + k];
          const ci = cIm[row * p + blk * bs + k];
          const vr = dplr.vRe[k * bs + j];
          const vi = dplr.vIm[k * bs + j];
          sr += cr * vr - ci * vi;
          si += cr * vi + ci * vr;
        }
        re[row * n + blk * half + j] = sr;
        im[row * n + blk * half + j] = si;
      }
    }
  }
  return { re, im };
}

/** γ = 1, β = 0, running mean 0, running variance 1. */
function identityNorm(h: number): BatchNormParams {
  return {
    gamma: new Float64Array(h).fill(1),
    beta: new Float64Array(h),
    runningMean: new Float64Array(h),
    runningVar: new Float64Array(h).fill(1),
  };
}
