// What `loom simulate` and `loom compare` feed the chip: the image, its chip spec, the host quantization, and |X| frames from a WAV file or a synthetic clip.
import { LoomError } from '../../isa/diagnostics/index.ts';
import { loadChipSpec } from '../../isa/chip/load.ts';
import { readImageFile } from '../../isa/image/index.ts';
import { bundledModel, trainedModel } from '../../models/bundled/index.ts';
import { rmsOf } from '../../models/data/speech.ts';
import { BINS, N_FFT, SAMPLE_RATE, frameCount, samplesForFrames, stft, type Spectrogram } from '../../models/data/stft.ts';
import { syntheticFrames } from '../../models/data/synthetic-frames.ts';
import { readWav } from '../../models/data/wav.ts';
import { readQGraphFile } from '../../models/qgraph/format.ts';
import type { InputOp, QGraph } from '../../models/qgraph/types.ts';
import { ReferenceInterpreter } from '../../models/reference/interpreter.ts';
import type { InputFormat } from '../functional.ts';
import { loadImage, type LoadedImage } from '../load.ts';

/** Options shared by `loom simulate` and `loom compare` (CLI flags in simulator/README.md). */
export interface RunInputOptions {
  readonly image: string;
  /** Chip spec preset or YAML path; default: the spec the image names. */
  readonly chip?: string;
  /** The QGraph the image was compiled from (file or bundled model name): input quantization, output exponent, reference outputs. */
  readonly qgraph?: string;
  readonly inputExp?: number;
  readonly inputOffset?: number;
  readonly outputExp?: number;
  /** 16 kHz WAV input; else a synthetic clip of `frames` frames from `seed`. */
  readonly wav?: string;
  readonly frames?: number;
  readonly seed?: number;
}

export interface RunInput {
  readonly img: LoadedImage;
  readonly qgraph?: QGraph;
  readonly input: InputFormat;
  readonly outputExp?: number;
  readonly frames: Float64Array[];
  readonly source: string;
  /** WAV input only: the noisy spectrogram, the sample count and the gain applied before the model. */
  readonly audio?: { readonly spec: Spectrogram; readonly samples: number; readonly gain: number };
}

function resolveQGraph(model: string): QGraph {
  return readQGraphFile(trainedModel(model)?.file ?? bundledModel(model)?.file ?? model);
}

function inputFormat(o: RunInputOptions, img: LoadedImage, qgraph: QGraph | undefined): InputFormat {
  if (o.inputExp !== undefined || o.inputOffset !== undefined) {
    if (o.inputExp === undefined || o.inputOffset === undefined) throw new LoomError('sim-input-format', { file: o.image, detail: 'give both --input-exp and --input-offset' });
    return { exp: o.inputExp, offset: o.inputOffset };
  }
  if (qgraph) {
    const op = qgraph.spec.ops[0] as InputOp;
    return { exp: op.exp, offset: op.offset };
  }
  const { exp, offset } = img.image.io.inputs;
  return { exp, offset };
}

function checkQGraph(o: RunInputOptions, img: LoadedImage, q: QGraph): void {
  const detail =
    q.hyper.inputSize !== img.inputs.count ? `the model takes ${q.hyper.inputSize} inputs, the image ${img.inputs.count}`
    : q.hyper.outputSize !== img.outputCount ? `the model has ${q.hyper.outputSize} outputs, the image ${img.outputCount}`
    : undefined;
  if (detail) throw new LoomError('sim-qgraph-mismatch', { qgraph: o.qgraph!, file: o.image, detail });
}

/** |X| frames of a 16 kHz WAV (padded to whole frames), scaled to the level the model was trained at when the QGraph records one. */
function wavFrames(path: string, qgraph: QGraph | undefined): { frames: Float64Array[]; audio: NonNullable<RunInput['audio']> } {
  const samples = readWav(path, SAMPLE_RATE).samples;
  if (frameCount(samples.length) < 1) throw new LoomError('wav-too-short', { file: path, samples: samples.length, frame: N_FFT });
  const level = qgraph?.provenance.inputLevelDb !== undefined ? Number(qgraph.provenance.inputLevelDb) : null;
  const rms = rmsOf(samples);
  const gain = level !== null && rms > 0 ? 10 ** (level / 20) / rms : 1;
  const count = Math.ceil((samples.length - N_FFT) / 128) + 1;
  const padded = new Float32Array(samplesForFrames(count));
  for (let i = 0; i < samples.length; i++) padded[i] = samples[i] * gain;
  const spec = stft(padded);
  const frames = Array.from({ length: spec.frames }, (_, t) => {
    const mag = new Float64Array(BINS);
    for (let k = 0; k < BINS; k++) mag[k] = Math.hypot(spec.re[t * BINS + k], spec.im[t * BINS + k]);
    return mag;
  });
  return { frames, audio: { spec, samples: samples.length, gain } };
}

export function readRunInput(o: RunInputOptions): RunInput {
  const image = readImageFile(o.image);
  const spec = loadChipSpec(o.chip ?? image.header.chipSpec);
  const img = loadImage(image, spec, o.image);
  const qgraph = o.qgraph ? resolveQGraph(o.qgraph) : undefined;
  if (qgraph) checkQGraph(o, img, qgraph);
  const input = inputFormat(o, img, qgraph);
  const outputExp = o.outputExp ?? (qgraph ? outputExponent(qgraph) : image.io.outputs.exp);
  if (o.wav !== undefined && o.frames !== undefined) throw new LoomError('sim-option', { option: '--frames', value: o.frames, detail: 'give either --wav or --frames, not both' });
  if (o.wav !== undefined) {
    const { frames, audio } = wavFrames(o.wav, qgraph);
    return { img, qgraph, input, outputExp, frames, audio, source: o.wav };
  }
  const count = o.frames ?? 375;
  const seed = o.seed ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new LoomError('sim-no-frames', { detail: `--frames ${count}` });
  const frames = syntheticFrames({ count, seed, bins: img.inputs.count });
  return { img, qgraph, input, outputExp, frames, source: `synthetic clip (${count} frames, seed ${seed})` };
}

/** Exponent of the model's output activation (as the reference interpreter derives it). */
function outputExponent(q: QGraph): number {
  return new ReferenceInterpreter(q).outputExp;
}
