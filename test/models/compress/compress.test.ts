// `loom compress` end to end on a tiny run: ReLUfication, 90 % pruning with masks that stay zero, QAT against the exporter's integers, and the quality guards.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compressCommand, type CompressSummary } from '../../../models/commands/compress.ts';
import { trainCommand } from '../../../models/commands/train.ts';
import { dequantize, qatView } from '../../../models/compress/qat.ts';
import { encodeQGraph, readQGraphFile } from '../../../models/qgraph/format.ts';
import { prunableMatrices, pruneCount, weightSparsity } from '../../../models/s5/prune.ts';
import { loadTrainedCheckpoint } from '../../../models/train/checkpoint.ts';
import { trainData } from '../../../models/train/data.ts';
import { loadTrainRecipe } from '../../../models/train/recipe.ts';
import { initTensors } from '../../../models/train/tensors.ts';
import { compressRecipe, tinyDir, trainRecipe } from '../train/tiny.ts';
import { isLoomError } from '../../../isa/diagnostics/index.ts';
import { compressRecipeFingerprint, parseCompressRecipe } from '../../../models/compress/recipe.ts';

let dir = '';

/** The sparsity 90 % magnitude pruning gives: round-half-even(0.9·size) zeros per matrix. */
function prunedFraction(): number {
  const { net } = loadTrainedCheckpoint(summary.checkpoint);
  const sizes = prunableMatrices(net).map((m) => m.re.length);
  return sizes.reduce((a, n) => a + pruneCount(n, 0.9), 0) / sizes.reduce((a, n) => a + n, 0);
}
let summary: CompressSummary;

beforeAll(async () => {
  await initTensors();
  dir = tinyDir();
  const dense = await trainCommand({ recipe: trainRecipe(dir, 'gelu', 3) });
  summary = await compressCommand({ recipe: compressRecipe(dir, dense.checkpoint) });
}, 120_000);

describe('loom compress (tiny)', () => {
  it('goes through relufy, prune and qat phases and reaches 90 % weight sparsity', () => {
    expect(summary.history.map((h) => h.phase)).toEqual(['prune', 'finetune', 'qat']);
    expect(summary.weightSparsity).toBeGreaterThanOrEqual(prunedFraction());
    expect(summary.weightSparsity).toBeGreaterThan(0.899);
    expect(summary.weightSparsity).toBeLessThan(0.91);
    expect(summary.sourceActivation).toBe('gelu');
    const curves = readFileSync(summary.curves, 'utf8');
    for (const phase of ['prune', 'finetune', 'qat']) expect(curves).toContain(`>${phase}<`);
  });

  it('keeps masked weights zero in the float checkpoint and in the exported integers', () => {
    const { net, activation } = loadTrainedCheckpoint(summary.checkpoint);
    expect(activation).toBe('relu');
    expect(weightSparsity(net)).toBeGreaterThanOrEqual(prunedFraction());
    const graph = readQGraphFile(summary.qgraph);
    for (const m of prunableMatrices(net)) {
      if (m.name.endsWith('.B')) continue; // B̄ is B̃ scaled row-wise and by BatchNorm: zeros stay zeros, checked below
      const q = graph.tensors.get(m.im ? `${m.name}_re` : m.name)!.data;
      for (let i = 0; i < m.re.length; i++) if (m.re[i] === 0 && (!m.im || m.im[i] === 0)) expect(q[i]).toBe(0);
    }
    const b = net.blocks[0];
    const bq = graph.tensors.get('blocks.0.B_re')!.data;
    for (let i = 0; i < b.bRe.length; i++) if (b.bRe[i] === 0 && b.bIm[i] === 0) expect(bq[i]).toBe(0);
  });

  it('trains against exactly the exported integers: the QAT view of the saved weights is the written QGraph', () => {
    const { net } = loadTrainedCheckpoint(summary.checkpoint);
    const recipe = loadTrainRecipe(join(dir, 'train-gelu-3.yaml'));
    const calibration = trainData(recipe.data).calibrationFrames(1);
    const view = qatView(net, { calibrationFrames: calibration, headroomBits: 1, inputLevelDb: -25 });
    for (const [name, t] of view.export.graph.tensors) {
      const deq = dequantize(view.export.graph, name);
      const back = Int32Array.from(deq, (v) => Math.round(v * 2 ** t.format.exp));
      expect(back).toEqual(Int32Array.from(t.data));
      expect(view.spec.weights.get(name)!.dataSync()).toEqual(deq);
    }
    expect(Buffer.from(encodeQGraph(view.export.graph)).equals(readFileSync(summary.qgraph))).toBe(true);
  });

  it('guards quality: sparse within 1 dB of dense, fixed point within 0.5 dB of the QAT float model', () => {
    const s = summary.scores;
    expect(Math.abs(s.sparse.siSnr - s.dense.siSnr)).toBeLessThan(1);
    expect(Math.abs(s.fixed.siSnr - s.qat!.siSnr)).toBeLessThan(0.5);
    expect(summary.text).toMatch(/fixed point \(QGraph\)/);
  });
});

describe('loom compress with an encoder/decoder sparsity (prune.ioSparsity)', () => {
  // Tiny model: encoder and decoder hold 6,168 of the 7,176 prunable weights, so only an ioSparsity near
  // the target leaves the block matrices a feasible share (0.895 → blocks at ≈ 0.93).
  it('prunes encoder and decoder to ioSparsity and the blocks to the rest, 90 % overall', async () => {
    const dense = join(dir, 'dense-gelu-3.safetensors');
    const s = await compressCommand({ recipe: compressRecipe(dir, dense, '  ioSparsity: 0.895\n', 'io') });
    const { net } = loadTrainedCheckpoint(s.checkpoint);
    const zeros = (m: { re: Float64Array; im?: Float64Array }) => m.re.reduce((a, v, i) => a + (v === 0 && (!m.im || m.im[i] === 0) ? 1 : 0), 0);
    const mats = prunableMatrices(net);
    const isIo = (name: string) => name === 'encoder.weight' || name === 'decoder.weight';
    const total = mats.reduce((a, m) => a + m.re.length, 0);
    const io = mats.reduce((a, m) => a + (isIo(m.name) ? m.re.length : 0), 0);
    const blocks = (0.9 * total - 0.895 * io) / (total - io);
    expect(blocks).toBeGreaterThan(0.92);
    for (const m of mats) {
      const want = pruneCount(m.re.length, isIo(m.name) ? 0.895 : blocks);
      expect(zeros(m), m.name).toBeGreaterThanOrEqual(want);
      expect(zeros(m), m.name).toBeLessThan(want + 3); // exact counts, give or take weights that were zero anyway
    }
    expect(s.weightSparsity).toBeGreaterThan(0.899);
    expect(s.weightSparsity).toBeLessThan(0.905);
  }, 120_000);

  it('leaves ioSparsity out of the resume fingerprint unless set (run directories from before it still resume)', () => {
    const text = 'source: {checkpoint: d.safetensors}\noutput: {dir: r, checkpoint: c, qgraph: q}\n';
    expect(compressRecipeFingerprint(parseCompressRecipe(text, 'c.yaml'))).not.toMatch(/ioSparsity/);
    expect(compressRecipeFingerprint(parseCompressRecipe(`${text}prune: {ioSparsity: -1}\n`, 'c.yaml'))).not.toMatch(/ioSparsity/);
    expect(compressRecipeFingerprint(parseCompressRecipe(`${text}prune: {ioSparsity: 0.85}\n`, 'c.yaml'))).toMatch(/"ioSparsity":0.85/);
  });

  it('refuses an ioSparsity the blocks cannot balance (L901 naming prune.ioSparsity) before training', async () => {
    const dense = join(dir, 'dense-gelu-3.safetensors');
    const e = await compressCommand({ recipe: compressRecipe(dir, dense, '  ioSparsity: 0.8\n', 'io-bad') }).catch((x: unknown) => x);
    expect(isLoomError(e) && e.code).toBe(901);
    expect((e as Error).message).toMatch(/prune\.ioSparsity/);
    const erk = await compressCommand({ recipe: compressRecipe(dir, dense, '  distribution: erk\n  ioSparsity: 0.9\n', 'io-erk') }).catch((x: unknown) => x);
    expect(isLoomError(erk) && erk.code).toBe(901);
  });
});
