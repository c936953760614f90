// Tiny recipes for the end-to-end tests: width 0.0625 (1 block: H = 12, P = 16), a few clips of 40 frames, a handful of steps.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TINY_DATA = `data:
  seed: 5
  poolClips: 6
  poolFrames: 60
  frames: 40
  validationClips: 4
  testClips: 8
  evalFrames: 60
  levelMinDb: -27
  levelMaxDb: -23
`;

export function tinyDir(): string {
  return mkdtempSync(join(tmpdir(), 'loom-train-'));
}

export function trainRecipe(dir: string, activation: 'gelu' | 'relu', epochs = 2, modelExtra = ''): string {
  const file = join(dir, `train-${activation}-${epochs}.yaml`);
  writeFileSync(
    file,
    `model:
  width: 0.0625
  seed: 2
  activation: ${activation}
${modelExtra}${TINY_DATA}train:
  epochs: ${epochs}
  stepsPerEpoch: 3
  batch: 4
optimizer:
  lr: 0.003
  warmupSteps: 2
output:
  dir: run-${activation}-${epochs}
  checkpoint: dense-${activation}-${epochs}.safetensors
`,
  );
  return file;
}

export function compressRecipe(dir: string, source: string, pruneExtra = '', name = 'compress'): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `source:
  checkpoint: ${source}
${TINY_DATA}train:
  epochs: 3
  stepsPerEpoch: 4
  batch: 4
optimizer:
  lr: 0.002
  warmupSteps: 0
  schedule: constant
relufy:
  steps: 3
prune:
  target: 0.9
  start: 0
  end: 6
  frequency: 2
${pruneExtra}qat:
  start: 8
  calibrationClips: 1
output:
  dir: run-${name}
  checkpoint: ${name}-sparse.safetensors
  qgraph: ${name}-sparse.qgraph.safetensors
`,
  );
  return file;
}
