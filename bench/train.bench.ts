// Training throughput: STFT frames per second through forward, loss, backward and AdamW, for float training and QAT, at widths 0.25, 0.5, 1 and 1.5 (the bundled model's);
// and the re-export every QAT step makes (calibration forward + power-of-two quantization), timed alone.
import { CompressionPlan } from '../models/compress/plan.ts';
import { disposeSpec, qatView } from '../models/compress/qat.ts';
import { createS5Network } from '../models/s5/init.ts';
import { magnitudePrune } from '../models/s5/prune.ts';
import { trainData } from '../models/train/data.ts';
import { varsFromNetwork, disposeVars } from '../models/train/params.ts';
import type { DataRecipe } from '../models/train/recipe.ts';
import { OPTIMIZER_SPEC } from '../models/train/recipe.ts';
import { Trainer, type TrainerHooks } from '../models/train/trainer.ts';
import { lutSigmoid } from '../models/train/lut-sigmoid.ts';
import { initTensors, tf } from '../models/train/tensors.ts';
import { machine, median, writeResults } from './results-io.ts';
import { tmpdir } from 'node:os';

const CLIPS = 16;
const FRAMES = 100;
const WARMUP = 2;
const STEPS = 6;

const data: DataRecipe = {
  source: 'synthetic', seed: 0, poolClips: 16, poolFrames: 200, dir: undefined, validationDir: undefined,
  levelMinDb: -27, levelMaxDb: -23, frames: FRAMES, validationClips: 2, testClips: 2, evalFrames: 100,
};
const optimizer = Object.fromEntries(Object.entries(OPTIMIZER_SPEC).map(([k, f]) => [k, f.default])) as never;

interface Row {
  readonly width: number;
  readonly mode: 'float' | 'qat';
  readonly msPerStep: number;
  readonly framesPerSecond: number;
}

function measure(width: number, mode: Row['mode']): Row {
  const vars = varsFromNetwork(createS5Network({ width, seed: 0 }));
  const d = trainData(data);
  const plan = new CompressionPlan({
    vars,
    recipe: { relufy: { steps: 0 }, prune: { target: 0.9, start: 0, end: 1, frequency: 1, distribution: 'uniform', ste: true, ioSparsity: -1 }, qat: { enabled: true, start: 1, calibrationClips: 1, headroomBits: 1, refreshEvery: 1 } },
    sourceActivation: 'relu',
    calibrationFrames: d.calibrationFrames(1),
  });
  const float: TrainerHooks = { plan: () => ({ phase: 'train', alpha: 0, batchStats: true }) };
  const trainer = new Trainer({ vars, data: d, schedule: { epochs: 1, stepsPerEpoch: 1000, batch: CLIPS }, optimizer, runDir: tmpdir(), recipeJson: '', hooks: mode === 'qat' ? plan : float });
  for (let i = 0; i < WARMUP; i++) trainer.trainStep();
  const times: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    const t0 = performance.now();
    trainer.trainStep();
    times.push(performance.now() - t0);
  }
  plan.dispose();
  disposeVars(vars);
  trainer.optimizer.dispose();
  const ms = median(times);
  return { width, mode, msPerStep: ms, framesPerSecond: (CLIPS * FRAMES * 1e3) / ms };
}

/** The compression recipes calibrate on 2 clips of 250 frames. */
const EXPORT_CLIPS = 2;

interface ExportRow {
  readonly width: number;
  readonly calibrationFrames: number;
  readonly msPerExport: number;
}

/** One QAT re-export of a 90 %-pruned network, median of STEPS after WARMUP. */
function measureExport(width: number): ExportRow {
  const net = magnitudePrune(createS5Network({ width, seed: 0 }), 0.9);
  const frames = trainData({ ...data, evalFrames: 250 }).calibrationFrames(EXPORT_CLIPS);
  const times: number[] = [];
  for (let i = 0; i < WARMUP + STEPS; i++) {
    const t0 = performance.now();
    const view = qatView(net, { calibrationFrames: frames, headroomBits: 1 });
    if (i >= WARMUP) times.push(performance.now() - t0);
    disposeSpec(view.spec);
  }
  return { width, calibrationFrames: frames.length, msPerExport: median(times) };
}

/** QAT's table sigmoid on one GLU gate's activations of a training step (16 clips × 100 frames × H 288, width 1.5). */
function measureLutSigmoid(): number {
  const g = tf.tidy(() => tf.div(tf.round(tf.mul(tf.randomNormal([CLIPS * FRAMES, 288], 0, 3, 'float32', 0), 64)), 64));
  const times: number[] = [];
  for (let i = 0; i < WARMUP + 4 * STEPS; i++) {
    const t0 = performance.now();
    const s = lutSigmoid(g);
    s.dataSync();
    if (i >= WARMUP) times.push(performance.now() - t0);
    s.dispose();
  }
  g.dispose();
  return median(times);
}

const backend = await initTensors();
const WIDTHS = [0.25, 0.5, 1, 1.5];
const rows = WIDTHS.flatMap((w) => [measure(w, 'float'), measure(w, 'qat')]);
const exports = WIDTHS.map(measureExport);
const lutSigmoidMs = measureLutSigmoid();
const markdown = [
  `Training throughput on tfjs-${backend}: one step = ${CLIPS} clips × ${FRAMES} frames (8 ms each) through forward, inverse STFT, SI-SNR + MSE loss, backward and AdamW; median of ${STEPS} steps after ${WARMUP} warm-up.`,
  'QAT steps also re-export the network (calibration + power-of-two quantization) every step.',
  '',
  '| width | mode | ms / step | frames / s |',
  '|---|---|---|---|',
  ...rows.map((r) => `| ${r.width} | ${r.mode} | ${r.msPerStep.toFixed(0)} | ${Math.round(r.framesPerSecond).toLocaleString('en-US')} |`),
  '',
  `The re-export alone (90 %-pruned network, ${exports[0].calibrationFrames} calibration frames as in the recipes):`,
  '',
  '| width | ms / export |',
  '|---|---|',
  ...exports.map((r) => `| ${r.width} | ${r.msPerExport.toFixed(0)} |`),
  '',
  `QAT's table sigmoid on one GLU gate's activations (${CLIPS * FRAMES} × 288, width 1.5; three per QAT step): ${lutSigmoidMs.toFixed(1)} ms.`,
  '',
  `Machine: ${machine().cpu}, ${machine().cores} cores (shared), Node ${process.version}.`,
].join('\n');
console.log(markdown);
writeResults('train', { machine: machine(), backend, clips: CLIPS, frames: FRAMES, rows, exports, lutSigmoidMs }, markdown);
