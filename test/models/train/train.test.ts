// `loom train` end to end on a tiny recipe: checkpoint and metadata, exact resume, recipe errors, AdamW parameter groups.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isLoomError } from '../../../isa/diagnostics/index.ts';
import { trainCommand } from '../../../models/commands/train.ts';
import { AdamW, ADAMW_DEFAULTS } from '../../../models/train/adamw.ts';
import { loadTrainedCheckpoint } from '../../../models/train/checkpoint.ts';
import { trainData } from '../../../models/train/data.ts';
import { varsFromNetwork } from '../../../models/train/params.ts';
import { loadTrainRecipe, parseTrainRecipe, trainRecipeFingerprint } from '../../../models/train/recipe.ts';
import { Trainer } from '../../../models/train/trainer.ts';
import { initTensors, tf } from '../../../models/train/tensors.ts';
import { createS5Network } from '../../../models/s5/init.ts';
import { canonicalJson } from '../../../models/train/recipe-schema.ts';
import { tinyDir, trainRecipe } from './tiny.ts';

beforeAll(async () => {
  await initTensors();
});

describe('loom train (tiny)', () => {
  it('trains, reports validation each epoch, and writes a checkpoint that records its activation', async () => {
    const dir = tinyDir();
    const events: string[] = [];
    const s = await trainCommand({ recipe: trainRecipe(dir, 'gelu'), onProgress: (e) => events.push(e.kind) });
    expect(s.steps).toBe(6);
    expect(s.history.map((h) => h.epoch)).toEqual([1, 2]);
    expect(events.filter((k) => k === 'step').length).toBe(6);
    expect(Number.isFinite(s.test.siSnr) && Number.isFinite(s.history[1].trainLoss)).toBe(true);
    expect(s.framesPerSecond).toBeGreaterThan(0);
    const ck = loadTrainedCheckpoint(join(dir, 'dense-gelu-2.safetensors'));
    expect(ck.activation).toBe('gelu');
    expect(ck.net.hyper.hidden).toBe(12);
    expect(existsSync(join(dir, 'run-gelu-2', 'state.safetensors'))).toBe(true);
    expect(s.text).toMatch(/held-out test \(8 clips\)/);
    expect(s.curves).toBe(join(dir, 'dense-gelu-2.curves.svg'));
    expect(readFileSync(s.curves, 'utf8')).toContain('loom train: validation SI-SNRi (4 clips)');
    expect(s.text).toContain(`curves: ${s.curves}`);
  });

  it('initialises from the recipe\'s time-step range and records it in the checkpoint', async () => {
    const dir = tinyDir();
    await trainCommand({ recipe: trainRecipe(dir, 'relu', 1, '  dtMin: 0.5\n  dtMax: 0.6\n') });
    const ck = loadTrainedCheckpoint(join(dir, 'dense-relu-1.safetensors'));
    expect([ck.net.hyper.dtMin, ck.net.hyper.dtMax]).toEqual([0.5, 0.6]);
    // Three small steps move log Δ only slightly from its draw in [log 0.5, log 0.6].
    for (const v of ck.net.blocks[0].logStep) expect(Math.exp(v)).toBeGreaterThan(0.4);
  });

  it('resumes bit for bit: one epoch, save, resume and finish equals two epochs straight', () => {
    const dir = tinyDir();
    const recipe = loadTrainRecipe(trainRecipe(dir, 'relu'));
    const make = (runDir: string) => {
      const vars = varsFromNetwork(createS5Network({ width: 0.0625, seed: 2 }));
      const trainer = new Trainer({
        vars,
        data: trainData(recipe.data),
        schedule: recipe.train,
        optimizer: recipe.optimizer,
        runDir,
        recipeJson: canonicalJson(recipe.train),
        hooks: { plan: () => ({ phase: 'train', alpha: 1, batchStats: true }) },
      });
      return { vars, trainer };
    };
    const straight = make(join(dir, 'a'));
    straight.trainer.run();
    const first = make(join(dir, 'b'));
    for (let i = 0; i < recipe.train.stepsPerEpoch; i++) first.trainer.trainStep();
    first.trainer.save();
    const second = make(join(dir, 'b'));
    expect(second.trainer.resume()).toBe(true);
    expect(second.trainer.step).toBe(3);
    second.trainer.run();
    straight.vars.params.forEach((p, i) => expect(second.vars.params[i].variable.dataSync()).toEqual(p.variable.dataSync()));
    expect(second.vars.blocks[0].runningVar).toEqual(straight.vars.blocks[0].runningVar);
  });

  it('resumes only a run of the same recipe values; defaults spelt out or left implicit are the same recipe', async () => {
    const dir = tinyDir();
    const file = trainRecipe(dir, 'relu', 1);
    await trainCommand({ recipe: file });
    const text = readFileSync(file, 'utf8');
    // The same values with defaults written out (and a new output file): resumes, nothing left to do.
    writeFileSync(file, text.replace('  warmupSteps: 2\n', '  warmupSteps: 2\n  beta1: 0.9\n  schedule: cosine\n').replace('checkpoint: dense-relu-1', 'checkpoint: again'));
    const again = await trainCommand({ recipe: file, resume: true });
    expect(again.resumedAt).toBe(3);
    // A changed value: refused with L930, naming the state file.
    writeFileSync(file, text.replace('lr: 0.003', 'lr: 0.004'));
    const e = await trainCommand({ recipe: file, resume: true }).catch((x: unknown) => x);
    expect(isLoomError(e) && e.code).toBe(930);
    expect((e as Error).message).toMatch(/state\.safetensors/);
  });

  it('fingerprints leave defaults out, so a field added later does not orphan older run directories', () => {
    const base = 'output: {dir: a, checkpoint: b}\noptimizer: {lr: 0.004}';
    const plain = trainRecipeFingerprint(parseTrainRecipe(base, 'r.yaml'));
    expect(plain).not.toMatch(/dtMin|beta1|width/);
    expect(plain).toMatch(/"lr":0.004/);
    expect(trainRecipeFingerprint(parseTrainRecipe(`${base}\nmodel: {dtMin: 0.001, width: 0.5}`, 'r.yaml'))).toBe(plain);
    expect(trainRecipeFingerprint(parseTrainRecipe(`${base}\nmodel: {dtMin: 0.01}`, 'r.yaml'))).toMatch(/"dtMin":0.01/);
    expect(trainRecipeFingerprint(parseTrainRecipe('output: {dir: elsewhere, checkpoint: c}\noptimizer: {lr: 0.004}', 'r.yaml'))).toBe(plain);
  });

  it('reports recipe mistakes with the YAML path', () => {
    const code = (text: string): number => {
      try {
        parseTrainRecipe(text, 'r.yaml');
      } catch (e) {
        return isLoomError(e) ? e.code : -1;
      }
      return 0;
    };
    expect(code('model: [unclosed')).toBe(900);
    expect(code('output: {dir: a, checkpoint: b}\nmodel: {width: "wide"}')).toBe(901);
    expect(code('output: {dir: a, checkpoint: b}\ntrain: {epochs: 0}')).toBe(901);
    expect(code('output: {dir: a, checkpoint: b}\ntrain: {epoch: 3}')).toBe(902);
    expect(code('output: {dir: a, checkpoint: b}\nextra: 1')).toBe(902);
    expect(code('model: {width: 0.5}')).toBe(901); // output.dir is required
    expect(code('output: {dir: a, checkpoint: b}\ndata: {source: ndns}')).toBe(901);
    expect(code('output: {dir: a, checkpoint: b}\nmodel: {dtMin: 0.5, dtMax: 0.1}')).toBe(901);
    expect(code('output: {dir: a, checkpoint: b}')).toBe(0);
    const r = parseTrainRecipe('output: {dir: a, checkpoint: b}\nmodel: {dtMin: 0.01, dtMax: 1}', 'r.yaml');
    expect([r.model.dtMin, r.model.dtMax]).toEqual([0.01, 1]);
    expect(parseTrainRecipe('output: {dir: a, checkpoint: b}', 'r.yaml').model.dtMax).toBe(0.1);
  });
});

describe('AdamW parameter groups', () => {
  it('decays the regular group only (no weight decay on Λ, B̃, log Δ, norms)', () => {
    const vars = varsFromNetwork(createS5Network({ width: 0.0625, seed: 1 }));
    const opt = new AdamW(vars.params, { ...ADAMW_DEFAULTS, lr: 0.1, ssmLr: 0.1, weightDecay: 0.5 });
    const before = new Map(vars.params.map((p) => [p.name, p.variable.dataSync().slice()]));
    const zeros = Object.fromEntries(vars.params.map((p) => [p.variable.name, tf.zerosLike(p.variable)]));
    opt.step(zeros, 1);
    for (const p of vars.params) {
      const now = p.variable.dataSync();
      const was = before.get(p.name)!;
      const factor = p.group === 'ssm' ? 1 : 1 - 0.1 * 0.5;
      for (let i = 0; i < now.length; i += 7) expect(now[i]).toBeCloseTo(was[i] * factor, 5);
    }
    const ssm = vars.params.filter((p) => p.group === 'ssm').map((p) => p.name.split('.').slice(2).join('.'));
    expect(new Set(ssm)).toEqual(new Set(['lambda_re', 'lambda_im', 'log_step', 'B_re', 'B_im', 'norm.weight', 'norm.bias']));
  });
});
