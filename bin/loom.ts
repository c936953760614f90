// The `loom` command line: argument parsing and printing only; every command is a function in its package.
import { MAPPING_OBJECTIVES, type MappingObjective } from '../compiler/cost/objective.ts';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { SingleBar } from 'cli-progress';
import { LoomError } from '../isa/diagnostics/index.ts';
import { formatTable, percent } from '../isa/format/table.ts';
import { inspectImageFile } from '../isa/image/index.ts';
import { disassemble } from '../isa/microcode/index.ts';
import { compileFile } from '../compiler/commands/compile.ts';
import { calibrateCommand } from '../simulator/calibrate/command.ts';
import { compareCommand } from '../simulator/commands/compare.ts';
import { runDemo } from '../simulator/commands/demo.ts';
import { simulateCommand } from '../simulator/commands/simulate.ts';
import { compressCommand } from '../models/commands/compress.ts';
import { denoiseCommand } from '../models/commands/denoise.ts';
import { DEFAULT_EVALUATION_CLIPS, evaluateCommand } from '../models/commands/evaluate.ts';
import { exportFile } from '../models/commands/export.ts';
import { trainCommand } from '../models/commands/train.ts';
import { formatEvent, type TrainEvent } from '../models/train/progress.ts';
import { createModelFile } from '../models/commands/model.ts';
import { formatReferenceRun, runReferenceFile } from '../models/commands/run-reference.ts';

function number(name: string, { integer = false, min = -Infinity, max = Infinity } = {}) {
  return (value: string): number => {
    const v = Number(value);
    if (!Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
      throw new InvalidArgumentError(`${name} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`);
    }
    return v;
  };
}

/** A progress bar on stderr when it is a terminal; silent otherwise (logs and CI stay clean). */
/** An option parser accepting one of `values` (commander prints the usage error and exits 2). */
function choice(name: string, values: readonly string[]): (v: string) => string {
  return (v) => {
    if (!values.includes(v)) throw new InvalidArgumentError(`${name} must be ${values.join(', ')}`);
    return v;
  };
}

function progress(label: string, unit = 'frames'): { update: (done: number, total: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% {value}/{total} ${unit} · eta {eta}s`, stream: process.stderr, hideCursor: true });
  let started = false;
  return {
    update(done, total) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}

const program = new Command('loom')
  .description('Compile sparse quantized S5 models to Loihi-2-class chip images and simulate them')
  .showHelpAfterError('(run `loom help` for usage)')
  .exitOverride();

program
  .command('model')
  .description('create a randomly initialised (HiPPO) S5 denoiser, magnitude-pruned, as a float checkpoint')
  .requiredOption('-o, --out <file>', 'output checkpoint (.safetensors)')
  .option('--width <k>', 'width scale k (blocks = int(16k), H = 12·blocks, P = 16·blocks)', number('--width', { min: 0.0625, max: 16 }), 0.5)
  .option('--sparsity <s>', 'fraction of weights pruned by magnitude', number('--sparsity', { min: 0, max: 0.999 }), 0.9)
  .option('--seed <n>', 'random seed', number('--seed', { integer: true, min: 0 }), 0)
  .action((o: { out: string; width: number; sparsity: number; seed: number }) => {
    const s = createModelFile(o);
    console.log(formatTable(['file', 'width', 'H', 'P', 'layers', 'parameters', 'weight sparsity'], [[o.out, s.width, s.hidden, s.stateSize, s.layers, s.parameters, percent(s.weightSparsity)]]));
  });

program
  .command('export')
  .description('quantize a float checkpoint to a QGraph (W8A16, power-of-two scales calibrated on synthetic frames)')
  .argument('<checkpoint>', 'float checkpoint (.safetensors)')
  .requiredOption('-o, --out <file>', 'output QGraph (.qgraph.safetensors)')
  .option('--calib-frames <n>', 'calibration frames', number('--calib-frames', { integer: true, min: 1 }), 256)
  .option('--seed <n>', 'calibration clip seed', number('--seed', { integer: true, min: 0 }), 0)
  .option('--headroom <bits>', 'bits of margin below calibrated ranges', number('--headroom', { integer: true, min: 0, max: 8 }), 1)
  .option('--fidelity-frames <n>', 'frames for the fixed-vs-float SNR check (0 skips it)', number('--fidelity-frames', { integer: true, min: 0 }), 200)
  .action((checkpoint: string, o: { out: string; calibFrames: number; seed: number; headroom: number; fidelityFrames: number }) => {
    const s = exportFile({ checkpoint, out: o.out, calibrationFrames: o.calibFrames, seed: o.seed, headroomBits: o.headroom, fidelityFrames: o.fidelityFrames });
    const ops = s.graph.spec.ops.map((op) => [op.name, op.kind, 'outExp' in op ? op.outExp : 'stateExp' in op ? op.stateExp : op.exp]);
    console.log(formatTable(['op', 'kind', 'activation exp'], ops));
    const clipped = Object.entries(s.clippedWeights).map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(`\nwrote ${o.out} · weight sparsity ${percent(s.graph.hyper.weightSparsity)}${clipped ? ` · weights clipped by the pow2 scale: ${clipped}` : ''}`);
    if (s.fidelity) console.log(`fixed vs float over ${s.fidelity.frames} frames: SNR ${s.fidelity.snrDb.toFixed(1)} dB, max |error| ${s.fidelity.maxAbsError.toExponential(2)}`);
  });

/** Training progress: a bar for steps, one printed line for epochs and status messages. */
function trainingProgress(): { hook: (e: TrainEvent) => void; stop: () => void } {
  let bar = progress('train');
  let phase = '';
  return {
    hook(e) {
      if (e.kind === 'step') {
        if (e.phase !== phase) {
          bar.stop();
          bar = progress(e.phase);
          phase = e.phase;
        }
        bar.update(e.step, e.totalSteps);
        if (!process.stderr.isTTY && e.step % 50 === 0) console.error(formatEvent(e));
      } else {
        bar.stop();
        console.error(formatEvent(e));
        phase = '';
      }
    },
    stop: () => bar.stop(),
  };
}

program
  .command('train')
  .description('train a float S5 denoiser (tfjs, AdamW) from a recipe; checkpoint and validation each epoch')
  .requiredOption('--recipe <file>', 'training recipe (YAML; see models/recipes/)')
  .option('--resume', 'continue from the recipe\'s last checkpoint')
  .action(async (o: { recipe: string; resume?: boolean }) => {
    const p = trainingProgress();
    const s = await trainCommand({ recipe: o.recipe, resume: o.resume, onProgress: p.hook });
    p.stop();
    console.log(s.text);
  });

program
  .command('compress')
  .description('ReLUfy, prune gradually to the target sparsity, quantization-aware train at W8A16, export a QGraph')
  .requiredOption('--recipe <file>', 'compression recipe (YAML; see models/recipes/)')
  .option('--resume', 'continue from the recipe\'s last checkpoint')
  .action(async (o: { recipe: string; resume?: boolean }) => {
    const p = trainingProgress();
    const s = await compressCommand({ recipe: o.recipe, resume: o.resume, onProgress: p.hook });
    p.stop();
    console.log(s.text);
  });

program
  .command('denoise')
  .description('enhance a 16 kHz WAV with a QGraph (fixed-point reference interpreter)')
  .argument('<model>', 'QGraph file or bundled model name')
  .argument('<in.wav>', 'noisy 16 kHz mono WAV')
  .requiredOption('-o, --out <file>', 'enhanced WAV')
  .option('--clean <file>', 'clean reference WAV: report SI-SNR before and after')
  .option('--level <dBFS>', 'RMS level the input is scaled to before the model (default: the level it was trained at)', number('--level', { min: -120, max: 0 }))
  .option('--no-level', 'feed the input at its own level')
  .action((model: string, input: string, o: { out: string; clean?: string; level?: number | false }) => {
    const bar = progress('denoise');
    const s = denoiseCommand({ model, input, output: o.out, clean: o.clean, levelDb: o.level === false ? null : o.level, onProgress: bar.update });
    bar.stop();
    console.log(s.text);
  });

const d = DEFAULT_EVALUATION_CLIPS;
program
  .command('evaluate')
  .description('score QGraphs (reference interpreter) and float checkpoints (tfjs) on the same held-out synthetic clips, with standard errors and paired differences')
  .argument('<models...>', 'QGraph files, float checkpoints or bundled model names; the first is the baseline of the paired column')
  .option('--split <split>', 'clip stream: validation or test', (v: string) => {
    if (v !== 'validation' && v !== 'test') throw new InvalidArgumentError('--split must be validation or test');
    return v;
  }, d.split)
  .option('--first <n>', 'first clip of the stream (the recipes validate on clips 0–15 during training)', number('--first', { integer: true, min: 0 }), d.first)
  .option('--clips <n>', 'number of clips', number('--clips', { integer: true, min: 1 }), d.count)
  .option('--frames <n>', 'frames per clip (8 ms each)', number('--frames', { integer: true, min: 1 }), d.frames)
  .option('--seed <n>', 'data set seed', number('--seed', { integer: true, min: 0 }), d.seed)
  .option('--level-min <dBFS>', 'lowest noisy RMS level', number('--level-min', { min: -120, max: 0 }), d.levelDb[0])
  .option('--level-max <dBFS>', 'highest noisy RMS level', number('--level-max', { min: -120, max: 0 }), d.levelDb[1])
  .option('--json <file>', 'also write the scores (with every clip\'s) as JSON')
  .action(async (models: string[], o: { split: 'validation' | 'test'; first: number; clips: number; frames: number; seed: number; levelMin: number; levelMax: number; json?: string }) => {
    const shown = { model: '', bar: null as ReturnType<typeof progress> | null };
    const s = await evaluateCommand({
      models,
      clips: { split: o.split, first: o.first, count: o.clips, frames: o.frames, seed: o.seed, levelDb: [o.levelMin, o.levelMax] },
      json: o.json,
      onProgress: (model, done, total) => {
        if (model !== shown.model) {
          shown.bar?.stop();
          shown.bar = progress(model.split('/').pop()!, 'clips');
          shown.model = model;
        }
        shown.bar?.update(done, total);
      },
    });
    shown.bar?.stop();
    console.log(s.text);
  });

program
  .command('reference')
  .description('run a QGraph through the fixed-point reference interpreter on a synthetic clip')
  .argument('<qgraph>', 'QGraph file (.qgraph.safetensors)')
  .option('--frames <n>', 'frames (8 ms each; 3,751 is a 30 s clip)', number('--frames', { integer: true, min: 1 }), 375)
  .option('--seed <n>', 'synthetic clip seed', number('--seed', { integer: true, min: 0 }), 1)
  .action((file: string, o: { frames: number; seed: number }) => {
    const bar = progress('reference');
    const summary = runReferenceFile(file, { ...o, onProgress: bar.update });
    bar.stop();
    console.log(formatReferenceRun(summary));
  });

program
  .command('demo')
  .description('the main job: compile the bundled default model for loihi2, simulate the bundled noisy clip in both modes, check bit-exactness, write the enhanced WAV and an HTML report')
  .option('--out-dir <dir>', 'output folder', 'loom-out')
  .action((o: { outDir: string }) => {
    const bars = new Map<string, ReturnType<typeof progress>>();
    const r = runDemo({
      outDir: o.outDir,
      onProgress: (stage, done, total) => {
        if (!bars.has(stage)) {
          for (const b of bars.values()) b.stop();
          bars.set(stage, progress(stage));
        }
        bars.get(stage)!.update(done, total);
      },
    });
    for (const b of bars.values()) b.stop();
    console.log(r.text);
  });

program
  .command('compile')
  .description('compile a QGraph to a chip image: lower, fuse, balance delays, split, place, route, emit')
  .argument('<qgraph>', 'QGraph file (.qgraph.safetensors)')
  .requiredOption('-o, --out <file>', 'output chip image (.limg)')
  .option('--chip <preset|file.yaml>', 'chip spec: loihi2, kapoho-point, hala-point, tiny, or a YAML file', 'loihi2')
  .option('--mode <mode>', 'fall-through | pipelined | both (pipelined images run in both modes)', choice('--mode', ['fall-through', 'pipelined', 'both']), 'both')
  .option('--report <file>', 'write the compile report as JSON')
  .option('--seed <n>', 'placement refinement seed', number('--seed', { integer: true, min: 0 }), 0)
  .option('--chips <n>', 'spread over this many chips', number('--chips', { integer: true, min: 1 }))
  .option('--objective <objective>', 'map for latency (fall-through critical path), throughput (slowest core) or cores (fewest); default: latency for fall-through, else throughput', choice('--objective', MAPPING_OBJECTIVES))
  .option('--calibrate <frames>', 'measure activation sparsity on a synthetic clip for traffic estimates', number('--calibrate', { integer: true, min: 0 }), 0)
  .option('--dump-after <pass>', 'print the IR after this pass')
  .option('--verify', 'verify the IR after every pass')
  .action((qgraph: string, o: { out: string; chip: string; mode: string; report?: string; seed: number; chips?: number; objective?: string; calibrate: number; dumpAfter?: string; verify?: boolean }) => {
    compileFile({ qgraph, chip: o.chip, out: o.out, report: o.report, mode: o.mode as 'both', seed: o.seed, chips: o.chips, objective: o.objective as MappingObjective | undefined, calibrationFrames: o.calibrate, dumpAfter: o.dumpAfter, verify: o.verify, print: (t) => console.log(t) });
  });

program
  .command('calibrate')
  .description('fit a chip spec\'s per-action times and energies to measured runs (compile and simulate each workload, robust fit in log space), print predicted vs measured, write the fitted spec')
  .argument('<measurements>', 'measurement file (YAML; e.g. bench/calibration/loihi2-public.yaml)')
  .requiredOption('-o, --out <file>', 'fitted chip spec (YAML)')
  .option('--chip <preset|file.yaml>', 'base chip spec whose costs are fitted', 'loihi2')
  .option('--name <name>', 'name of the fitted spec (default: the base spec\'s)')
  .option('--rounds <n>', 'compile–simulate–fit rounds', number('--rounds', { integer: true, min: 1, max: 10 }), 3)
  .option('--markdown <file>', 'also write the tables as Markdown')
  .action((measurements: string, o: { out: string; chip: string; name?: string; rounds: number; markdown?: string }) => {
    const bars = new Map<string, ReturnType<typeof progress>>();
    const r = calibrateCommand({
      measurements,
      chip: o.chip,
      out: o.out,
      name: o.name,
      rounds: o.rounds,
      markdown: o.markdown,
      onProgress: (stage, done, total) => {
        if (!bars.has(stage)) {
          for (const b of bars.values()) b.stop();
          if (!process.stderr.isTTY) process.stderr.write(`${stage}…\n`);
          bars.set(stage, progress(stage, 'runs'));
        }
        bars.get(stage)!.update(done, total);
      },
    });
    for (const b of bars.values()) b.stop();
    console.log(r.text);
  });

/** Input flags shared by `simulate` and `compare`. */
function simulationInputs(cmd: Command): Command {
  return cmd
    .argument('<image>', 'chip image (.limg)')
    .option('--chip <preset|file.yaml>', 'chip spec (default: the one the image names)')
    .option('--qgraph <file|name>', 'the QGraph the image came from: input/output exponents and the bit-exactness check')
    .option('--input-exp <e>', 'host input exponent', number('--input-exp', { integer: true }))
    .option('--input-offset <x>', 'host input offset', number('--input-offset'))
    .option('--output-exp <e>', 'output exponent (for --out)', number('--output-exp', { integer: true }))
    .option('--wav <file>', '16 kHz mono WAV input')
    .option('--frames <n>', 'synthetic clip length in frames (8 ms each)', number('--frames', { integer: true, min: 1 }))
    .option('--seed <n>', 'synthetic clip seed', number('--seed', { integer: true, min: 0 }))
    .option('--json <file>', 'write the results as JSON');
}

type SimulationFlags = { chip?: string; qgraph?: string; inputExp?: number; inputOffset?: number; outputExp?: number; wav?: string; frames?: number; seed?: number; json?: string };

simulationInputs(program.command('simulate').description('run a chip image event by event: outputs, latency, throughput, energy, profile'))
  .option('--mode <mode>', 'fall-through | pipelined (default: the image\'s mode)')
  .option('--trace <file>', 'write a Chrome/Perfetto trace-event JSON')
  .option('--trace-steps <n>', 'steps recorded in the trace', number('--trace-steps', { integer: true, min: 1 }), 500)
  .option('--out <file>', 'write the enhanced WAV (with --wav)')
  .action((image: string, o: SimulationFlags & { mode?: string; trace?: string; traceSteps: number; out?: string }) => {
    const bar = progress('simulate');
    const r = simulateCommand({ image, ...o, onProgress: bar.update });
    bar.stop();
    console.log(r.text);
  });

simulationInputs(program.command('compare').description('run a chip image in both modes and print them side by side')).action((image: string, o: SimulationFlags) => {
  const bars = new Map<string, ReturnType<typeof progress>>();
  const r = compareCommand({
    image,
    ...o,
    onProgress: (mode, done, total) => {
      if (!bars.has(mode)) {
        for (const b of bars.values()) b.stop();
        bars.set(mode, progress(mode));
      }
      bars.get(mode)!.update(done, total);
    },
  });
  for (const b of bars.values()) b.stop();
  console.log(r.text);
});

program
  .command('inspect')
  .description('print a chip image: header, sections, per-core summary and disassembled programs')
  .argument('<image>', 'chip image (.limg)')
  .option('--no-listings', 'omit the program listings')
  .action((file: string, o: { listings: boolean }) => {
    console.log(inspectImageFile(file, { disassemble, listings: o.listings }));
  });

program
  .command('help')
  .description('show this help, or one command\'s options')
  .argument('[command]', 'the command to explain')
  .action((name: string | undefined) => {
    if (name === undefined) return program.outputHelp();
    const command = program.commands.find((c) => c.name() === name);
    if (!command) return program.error(`error: unknown command '${name}'`);
    command.outputHelp();
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exit(e.exitCode === 0 ? 0 : 2);
  }
  if (e instanceof LoomError) {
    console.error(`loom: ${e.message}`);
    process.exit(1);
  }
  console.error(`loom: internal error: ${(e as Error).message} (set LOOM_DEBUG=1 for a stack trace)`);
  if (process.env.LOOM_DEBUG) console.error((e as Error).stack);
  process.exit(70);
}
