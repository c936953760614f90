// Rebuilds the trained bundled model from its recipes (`npx tsx models/bundled/make-trained.ts`, about 70 minutes on 2 cores with nothing beside it) and writes its quality report.
import { writeFileAtomic } from '../../isa/files.ts';
import { compressCommand } from '../commands/compress.ts';
import { trainCommand } from '../commands/train.ts';
import { formatEvent } from '../train/progress.ts';
import { TRAINED_MODELS } from './index.ts';
import { formatBreakdown, noiseBreakdown } from './noise-breakdown.ts';

if (import.meta.url === `file://${process.argv[1]}`) {
  const log = (e: Parameters<typeof formatEvent>[0]) => {
    if (e.kind !== 'step' || e.step % 10 === 0) console.log(formatEvent(e));
  };
  for (const m of TRAINED_MODELS) {
    const train = await trainCommand({ recipe: m.trainRecipe, onProgress: log });
    console.log(train.text);
    const compress = await compressCommand({ recipe: m.compressRecipe, onProgress: log });
    console.log(compress.text);
    const byNoise = noiseBreakdown(m);
    console.log(formatBreakdown(byNoise));
    const report = {
      model: m.name,
      machine: `${process.version}`,
      train: { steps: train.steps, seconds: Math.round(train.seconds), framesPerSecond: Math.round(train.framesPerSecond), test: train.test },
      compress: { steps: compress.steps, seconds: Math.round(compress.seconds), weightSparsity: compress.weightSparsity, scores: compress.scores },
      byNoise,
    };
    writeFileAtomic(m.report, `${JSON.stringify(report, null, 2)}\n`);
  }
}
