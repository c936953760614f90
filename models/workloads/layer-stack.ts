// Synthetic "layer stack" workloads: a chain of dense ReLU layers with chosen widths, weight sparsity and activation activity, as a valid QGraph.
//
// Published Loihi 2 benchmarks (an LLM block, a keyword spotter, …) are described by layer sizes, how
// many weights are zero and how many activations fire per token; this module turns such a description
// into a QGraph the compiler and simulator run like any exported model. Integers only: weights are drawn
// from a seeded generator, and each neuron's bias is set from calibration frames so its ReLU fires on
// about the requested fraction of tokens.
import { quantizeActivations, rangeOf, rescale, saturate } from '../../isa/arith.ts';
import { LoomError } from '../../isa/diagnostics/index.ts';
import type { QGraph, QOp, QTensor, TensorFormat } from '../qgraph/types.ts';
import { validateQGraph } from '../qgraph/validate.ts';
import { Rng } from '../random.ts';

export interface StackLayer {
  /** Op and activation name. */
  readonly name: string;
  /** Neurons. */
  readonly outputs: number;
  /** Fraction of zero weights, [0, 1) (default 0); unstructured, each weight zero independently. */
  readonly sparsity?: number;
  /** Instead of sparsity: exactly this many non-zero weights per output row (structured, e.g. element-wise gating = 2 or 3). */
  readonly fanIn?: number;
  /** Target fraction of non-zero outputs per token after ReLU, (0, 1] (default 1). */
  readonly activity?: number;
}

export interface LayerStack {
  /** Host input width. */
  readonly inputs: number;
  /** Fraction of non-zero host inputs per token, (0, 1] (default 1). */
  readonly inputActivity?: number;
  /** A chain: layer i reads layer i − 1, layer 0 reads the input. */
  readonly layers: readonly StackLayer[];
  /** Default 0; the graph is a pure function of the stack and its seed. */
  readonly seed?: number;
}

/** Bounds checked before anything is allocated, so a hostile description cannot exhaust memory. */
export const LAYER_STACK_LIMITS = {
  layers: 64,
  /** Per layer (and the input): the reference interpreter's and the compiler's sparse matrices index rows in 16 bits. */
  width: 65_536,
  /** Σ outputs × inputs over the layers: QGraph weights are stored dense, one byte each. */
  weights: 64 * 2 ** 20,
  /** count × inputs of one layerStackFrames call (4 bytes each). */
  frameValues: 64 * 2 ** 20,
  nameLength: 64,
} as const;

/** Exponent of the host input and of every layer's activation; each layer's rescale sits in its weight exponent instead, so exponents never drift along a deep stack. */
const ACTIVATION_EXP = 8;
/** Non-zero host inputs are 1 + ⌊|N(0,1)|·1024⌋ at ACTIVATION_EXP (|X|-like magnitudes up to ~20). */
const INPUT_SCALE = 1024;
/** Largest |pre-activation| on the calibration frames, before the bias: 4× headroom below the 16-bit limit for the bias and unseen frames, ~11 bits of resolution. */
const PRE_ACTIVATION_PEAK = 2 ** 13;
/** The `rsc` immediate's range bounds the rescale shift (the size limits keep it far below). */
const MAX_SHIFT = 31;
/** Calibration frames: at least 16, up to 64 when the stack is small (~64 M multiply-adds at most). */
const CALIBRATION = { min: 16, max: 64, work: 2 ** 26 } as const;
/** Separate random streams for the calibration frames and for layerStackFrames, so "fresh" frames are not the calibration ones. */
const CALIBRATION_SALT = 0x43414c49;
const FRAMES_SALT = 0x46524d53;
const I16 = rangeOf(16);
const NAME = /^[A-Za-z0-9_.:/-]+$/;

// ---------------------------------------------------------------------------------------------------
// Validation

type Fail = (path: string, value: unknown, constraint: string) => never;

function failer(source: string): Fail {
  return (path, value, constraint) => {
    throw new LoomError('workload-invalid', { source, path, value: describe(value), constraint }, path);
  };
}

/** A short printable form of a bad value (never the whole of a huge string or array). */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkKeys(obj: Record<string, unknown>, known: readonly string[], at: string, fail: Fail): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) fail(`${at}${key}`, obj[key], `absent: unknown field (known here: ${known.join(', ')})`);
  }
}

function integerIn(v: unknown, lo: number, hi: number, path: string, fail: Fail): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) fail(path, v, `an integer in [${lo}, ${hi}]`);
  return v as number;
}

/** A fraction in (0, 1] (activities) or [0, 1) (sparsity: a layer of only zeros has nothing to run), or the default when absent. */
function fraction(v: unknown, fallback: number, interval: '(0, 1]' | '[0, 1)', path: string, fail: Fail): number {
  if (v === undefined) return fallback;
  const inside = typeof v === 'number' && (interval === '(0, 1]' ? v > 0 && v <= 1 : v >= 0 && v < 1);
  if (!inside) fail(path, v, `a number in ${interval}`);
  return v as number;
}

function layerName(v: unknown, seen: Set<string>, path: string, fail: Fail): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > LAYER_STACK_LIMITS.nameLength || !NAME.test(v)) {
    fail(path, v, `a name of 1–${LAYER_STACK_LIMITS.nameLength} characters from A–Z a–z 0–9 _ . : / -`);
  }
  const name = v as string;
  if (name === 'input' || seen.has(name)) fail(path, v, `a name not used before in the stack${name === 'input' ? ' ("input" is the host input)' : ''}`);
  seen.add(name);
  return name;
}

const STACK_KEYS = ['inputs', 'inputActivity', 'layers', 'seed'] as const;
const LAYER_KEYS = ['name', 'outputs', 'sparsity', 'fanIn', 'activity'] as const;

function validateLayer(raw: unknown, at: string, previous: number, seen: Set<string>, fail: Fail): StackLayer {
  if (!isRecord(raw)) fail(at, raw, 'a mapping with name and outputs');
  const l = raw as Record<string, unknown>;
  checkKeys(l, LAYER_KEYS, `${at}.`, fail);
  const name = layerName(l.name, seen, `${at}.name`, fail);
  const outputs = integerIn(l.outputs, 1, LAYER_STACK_LIMITS.width, `${at}.outputs`, fail);
  const activity = fraction(l.activity, 1, '(0, 1]', `${at}.activity`, fail);
  if (l.fanIn === undefined) return { name, outputs, sparsity: fraction(l.sparsity, 0, '[0, 1)', `${at}.sparsity`, fail), activity };
  if (l.sparsity !== undefined) fail(`${at}.sparsity`, l.sparsity, 'absent when fanIn is given (one of sparsity / fanIn)');
  const fanIn = integerIn(l.fanIn, 1, previous, `${at}.fanIn`, fail);
  return { name, outputs, fanIn, activity };
}

/**
 * Check a parsed YAML/JSON layer-stack description; returns it with defaults filled in. Every problem
 * is a LoomError (L160) naming `where`, the field path, the bad value and the allowed range. Sizes are
 * bounded here, before any generator allocates.
 */
export function validateLayerStack(stack: unknown, where: string): LayerStack {
  const fail = failer(where);
  if (!isRecord(stack)) fail('(top level)', stack, 'a mapping with inputs and layers');
  const s = stack as Record<string, unknown>;
  checkKeys(s, STACK_KEYS, '', fail);
  const inputs = integerIn(s.inputs, 1, LAYER_STACK_LIMITS.width, 'inputs', fail);
  const inputActivity = fraction(s.inputActivity, 1, '(0, 1]', 'inputActivity', fail);
  const seed = s.seed === undefined ? 0 : integerIn(s.seed, 0, 0xffffffff, 'seed', fail);
  if (!Array.isArray(s.layers) || s.layers.length < 1 || s.layers.length > LAYER_STACK_LIMITS.layers) {
    fail('layers', s.layers, `a list of 1–${LAYER_STACK_LIMITS.layers} layers`);
  }
  const raw = s.layers as unknown[];
  const layers: StackLayer[] = [];
  const seen = new Set<string>();
  let previous = inputs;
  let weights = 0;
  for (let i = 0; i < raw.length; i++) {
    const layer = validateLayer(raw[i], `layers[${i}]`, previous, seen, fail);
    weights += layer.outputs * previous;
    if (weights > LAYER_STACK_LIMITS.weights) {
      const room = Math.floor((LAYER_STACK_LIMITS.weights - (weights - layer.outputs * previous)) / previous);
      fail(`layers[${i}].outputs`, layer.outputs, `at most ${room}: the stack would hold ${weights} weights (outputs × inputs), over the limit of ${LAYER_STACK_LIMITS.weights}`);
    }
    layers.push(layer);
    previous = layer.outputs;
  }
  return { inputs, inputActivity, layers, seed };
}

// ---------------------------------------------------------------------------------------------------
// Host input frames

/** Frames of `inputs` non-negative values, each non-zero with probability `activity`; non-zero values quantize exactly (to ≥ 1) at ACTIVATION_EXP. */
function drawFrames(inputs: number, activity: number, count: number, rng: Rng): Float32Array[] {
  const frames: Float32Array[] = [];
  const step = 2 ** -ACTIVATION_EXP;
  for (let t = 0; t < count; t++) {
    const frame = new Float32Array(inputs);
    for (let i = 0; i < inputs; i++) {
      if (rng.next() >= activity) continue;
      frame[i] = Math.min(I16.max, 1 + Math.floor(Math.abs(rng.normal()) * INPUT_SCALE)) * step;
    }
    frames.push(frame);
  }
  return frames;
}

/**
 * Host input frames for a stack's graph (|X|-like non-negative floats, a fraction ≈ inputActivity
 * of them non-zero after the input op's quantization). `seed` defaults to the stack's seed; the
 * stream differs from the one that calibrated the biases, so these are fresh frames.
 */
export function layerStackFrames(stack: LayerStack, count: number, seed?: number): Float32Array[] {
  const s = validateLayerStack(stack, 'layer stack');
  const fail = failer('layerStackFrames');
  integerIn(count, 0, Math.floor(LAYER_STACK_LIMITS.frameValues / s.inputs), 'count', fail);
  const base = seed === undefined ? s.seed! : integerIn(seed, 0, 0xffffffff, 'seed', fail);
  return drawFrames(s.inputs, s.inputActivity!, count, new Rng((base ^ FRAMES_SALT) >>> 0));
}

/** The calibration frames, quantized as the input op does and stored input-major: x[i·F + t]. */
function calibrationInputs(s: LayerStack, count: number): Int32Array {
  const frames = drawFrames(s.inputs, s.inputActivity!, count, new Rng((s.seed! ^ CALIBRATION_SALT) >>> 0));
  const x = new Int32Array(s.inputs * count);
  const q = new Int32Array(s.inputs);
  frames.forEach((frame, t) => {
    quantizeActivations(frame, 0, ACTIVATION_EXP, 16, q);
    for (let i = 0; i < s.inputs; i++) x[i * count + t] = q[i];
  });
  return x;
}

function calibrationFrameCount(s: LayerStack): number {
  let weights = 0;
  let previous = s.inputs;
  for (const l of s.layers) (weights += l.outputs * previous), (previous = l.outputs);
  return Math.min(CALIBRATION.max, Math.max(CALIBRATION.min, Math.floor(CALIBRATION.work / weights)));
}

// ---------------------------------------------------------------------------------------------------
// Weights, drawn row by row and accumulated over the calibration frames as they are drawn

/** A uniformly random non-zero 8-bit weight, ±[1, 127]. */
function randomWeight(rng: Rng): number {
  const v = rng.nextU32();
  const magnitude = 1 + Math.floor(((v >>> 1) / 2 ** 31) * 127);
  return v & 1 ? -magnitude : magnitude;
}

/** acc[r·F + t] += w · x[c·F + t] for every calibration frame t: exact integers in Float64 (|sum| < 2^38). */
function accumulate(acc: Float64Array, r: number, x: Int32Array, c: number, w: number, frames: number): void {
  const a = r * frames;
  const b = c * frames;
  for (let t = 0; t < frames; t++) acc[a + t] += w * x[b + t];
}

interface DrawnLayer {
  /** Row-major I8 [outputs × inputs]. */
  readonly weight: Int8Array;
  /** Σ W·x over the calibration frames, [outputs × F]. */
  readonly acc: Float64Array;
  readonly nonZeros: number;
}

/** Unstructured sparsity: each weight is zero with probability `sparsity`. */
function drawUnstructured(layer: StackLayer, cols: number, x: Int32Array, frames: number, rng: Rng): DrawnLayer {
  const rows = layer.outputs;
  const weight = new Int8Array(rows * cols);
  const acc = new Float64Array(rows * frames);
  const zeroBelow = Math.floor((layer.sparsity ?? 0) * 2 ** 32);
  let nonZeros = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (rng.nextU32() < zeroBelow) continue;
      const w = randomWeight(rng);
      weight[r * cols + c] = w;
      accumulate(acc, r, x, c, w, frames);
      nonZeros++;
    }
  }
  return { weight, acc, nonZeros };
}

/** Structured: exactly fanIn distinct random columns per row (a partial Fisher–Yates shuffle; from any permutation it draws a uniform subset, so `perm` is never reset). */
function drawFanIn(layer: StackLayer, cols: number, x: Int32Array, frames: number, rng: Rng): DrawnLayer {
  const rows = layer.outputs;
  const fanIn = layer.fanIn!;
  const weight = new Int8Array(rows * cols);
  const acc = new Float64Array(rows * frames);
  const perm = new Int32Array(cols);
  for (let c = 0; c < cols; c++) perm[c] = c;
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < fanIn; k++) {
      const j = k + Math.floor((rng.nextU32() / 2 ** 32) * (cols - k));
      const c = perm[j];
      perm[j] = perm[k];
      perm[k] = c;
      const w = randomWeight(rng);
      weight[r * cols + c] = w;
      accumulate(acc, r, x, c, w, frames);
    }
  }
  return { weight, acc, nonZeros: rows * fanIn };
}

// ---------------------------------------------------------------------------------------------------
// Scale and bias from the calibration frames

/** Smallest right shift that brings the largest |Σ W·x| down to PRE_ACTIVATION_PEAK. */
function chooseShift(acc: Float64Array): number {
  let peak = 0;
  for (let i = 0; i < acc.length; i++) peak = Math.max(peak, Math.abs(acc[i]));
  let shift = 0;
  while (shift < MAX_SHIFT && peak > PRE_ACTIVATION_PEAK * 2 ** shift) shift++;
  return shift;
}

function standardDeviation(v: Float64Array): number {
  let mean = 0;
  for (let i = 0; i < v.length; i++) mean += v[i];
  mean /= v.length;
  let ss = 0;
  for (let i = 0; i < v.length; i++) ss += (v[i] - mean) ** 2;
  return Math.sqrt(ss / Math.max(1, v.length - 1));
}

/**
 * θ such that a fresh value exceeds it with probability ≈ `activity`, from n ascending samples: the
 * (1 − activity) quantile at plotting position (n + 1)·p − 1 (order statistic k sits on average at
 * quantile (k + 1)/(n + 1), so this is unbiased over neurons), interpolated between samples and
 * extrapolated by one standard deviation (≥ 1) per position beyond them — activity 1 puts θ a
 * standard deviation below the smallest sample, so practically every token fires.
 */
function exceedanceThreshold(sorted: Float64Array, activity: number): number {
  const n = sorted.length;
  const pos = (1 - activity) * (n + 1) - 1;
  if (pos < 0) return sorted[0] + pos * Math.max(1, standardDeviation(sorted));
  if (pos > n - 1) return sorted[n - 1] + (pos - (n - 1)) * Math.max(1, standardDeviation(sorted));
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Rescale the sums in place to pre-bias values (exactly as the dense op does), set each neuron's bias
 * so its pre-ReLU value is positive on ≈ `activity` of the frames (y > 0 ⇔ v > θ ⇔ v − ⌊θ⌋ ≥ 1), and
 * return the ReLU outputs [outputs × F] — the next layer's calibration input.
 */
function biasAndActivate(acc: Float64Array, shift: number, rows: number, frames: number, activity: number): { bias: Int16Array; out: Int32Array } {
  const bias = new Int16Array(rows);
  const out = new Int32Array(rows * frames);
  const sorted = new Float64Array(frames);
  for (let r = 0; r < rows; r++) {
    const row = acc.subarray(r * frames, (r + 1) * frames);
    for (let t = 0; t < frames; t++) row[t] = rescale(row[t], shift, 0);
    sorted.set(row);
    sorted.sort();
    const b = Math.min(I16.max, Math.max(I16.min, -Math.floor(exceedanceThreshold(sorted, activity))));
    bias[r] = b;
    for (let t = 0; t < frames; t++) out[r * frames + t] = Math.max(0, saturate(row[t] + b, 16));
  }
  return { bias, out };
}

// ---------------------------------------------------------------------------------------------------
// The graph

interface GraphParts {
  readonly ops: QOp[];
  readonly tensors: Map<string, QTensor>;
  zeros: number;
  total: number;
}

function addTensor(parts: GraphParts, name: string, shape: number[], data: Int8Array | Int16Array, format: TensorFormat): string {
  parts.tensors.set(name, { shape, data, format });
  return name;
}

/**
 * The stack as a validated QGraph: the input op (exponent 8, offset 0) and one `dense` op per layer,
 * ReLU on every layer, all activations at exponent 8. Layer by layer: draw the weights, run them on the
 * calibration frames, pick the rescale shift (the weight exponent) so the pre-activations fill ~14 of
 * the 16 bits, then set the biases for the target activity.
 */
export function layerStackQGraph(stack: LayerStack): QGraph {
  const s = validateLayerStack(stack, 'layer stack');
  const rng = new Rng(s.seed!);
  const frames = calibrationFrameCount(s);
  const parts: GraphParts = { ops: [{ kind: 'input', name: 'input', output: 'input', size: s.inputs, exp: ACTIVATION_EXP, offset: 0 }], tensors: new Map(), zeros: 0, total: 0 };
  let x = calibrationInputs(s, frames);
  let input = 'input';
  let cols = s.inputs;
  for (const layer of s.layers) {
    const drawn = layer.fanIn === undefined ? drawUnstructured(layer, cols, x, frames, rng) : drawFanIn(layer, cols, x, frames, rng);
    const shift = chooseShift(drawn.acc);
    const { bias, out } = biasAndActivate(drawn.acc, shift, layer.outputs, frames, layer.activity!);
    // accExp − outExp = shift with input and output both at ACTIVATION_EXP, so the weight exponent is the shift.
    const weight = addTensor(parts, `${layer.name}.weight`, [layer.outputs, cols], drawn.weight, { bits: 8, exp: shift, signed: true });
    const biasName = addTensor(parts, `${layer.name}.bias`, [layer.outputs], bias, { bits: 16, exp: ACTIVATION_EXP, signed: true });
    parts.ops.push({ kind: 'dense', name: layer.name, input, output: layer.name, weight, bias: biasName, outExp: ACTIVATION_EXP, relu: true });
    parts.zeros += drawn.weight.length - drawn.nonZeros;
    parts.total += drawn.weight.length;
    (x = out), (input = layer.name), (cols = layer.outputs);
  }
  return assemble(s, parts, input);
}

function assemble(s: LayerStack, parts: GraphParts, output: string): QGraph {
  const formats: Record<string, TensorFormat> = {};
  for (const name of [...parts.tensors.keys()].sort()) formats[name] = parts.tensors.get(name)!.format;
  const spec = { ops: parts.ops, output, tensors: formats };
  validateQGraph(spec, parts.tensors);
  return {
    spec,
    hyper: {
      width: 0,
      blocks: 0,
      hidden: s.layers[0].outputs,
      stateSize: 0,
      layers: 0,
      inputSize: s.inputs,
      outputSize: s.layers[s.layers.length - 1].outputs,
      discretization: 'zoh',
      weightSparsity: parts.zeros / parts.total,
    },
    tensors: parts.tensors,
    provenance: { source: 'loom layer-stack workload', seed: String(s.seed) },
  };
}
