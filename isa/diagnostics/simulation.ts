// 7xx diagnostics: simulation input — which image runs in which mode on which chip spec, and the frames fed to it.
import type { DiagnosticTable } from './types.ts';

export const SIMULATION_DIAGNOSTICS = {
  'sim-mode-unknown': {
    code: 700,
    template: 'simulation mode "{mode}" is not one of {known}',
    hint: 'pass --mode fall-through or --mode pipelined',
  },
  'sim-mode-unsupported': {
    code: 701,
    template: '{file}: the image was compiled for fall-through only (header flags {flags}, relay-balanced bit 0 clear); it cannot run {mode}',
    hint: 'recompile with `loom compile --mode both` (or --mode pipelined), or simulate with --mode fall-through',
  },
  'sim-chip-mismatch': {
    code: 702,
    template: '{file}: the image was compiled for chip spec {expected}; the simulation was given chip spec {actual}',
    hint: 'simulate with the chip spec the image was compiled for (omit --chip to use the one the image names)',
  },
  'sim-chip-fit': {
    code: 703,
    template: '{file}: core {chip}.{core} at mesh ({x}, {y}) does not fit chip spec {spec}: {detail}',
    hint: 'the image and the chip spec disagree; recompile the model for this chip spec',
  },
  'sim-input-format': {
    code: 704,
    template: '{file}: the host input quantization (exponent and offset of |X|) is unknown: {detail}',
    hint: 'pass --qgraph <the model the image was compiled from>, or --input-exp and --input-offset',
  },
  'sim-frame-width': {
    code: 705,
    template: 'input frame {frame} has {actual} values; image {file} takes {expected} inputs per token',
    hint: 'feed frames of the image\'s input width (257 STFT bins for the S5 denoisers)',
  },
  'sim-frame-value': {
    code: 706,
    template: 'input frame {frame}, value {index} is {value}; input frames must hold finite numbers',
    hint: 'check the feature extraction that produced the frames',
  },
  'sim-no-frames': {
    code: 707,
    template: 'nothing to simulate: {detail}',
    hint: 'give at least one frame (--frames N, or a WAV of at least 32 ms)',
  },
  'sim-qgraph-mismatch': {
    code: 708,
    template: 'QGraph {qgraph} does not match image {file}: {detail}',
    hint: 'pass the QGraph the image was compiled from',
  },
  'sim-feedback': {
    code: 709,
    template: '{file}: neuron-group slices {slices} feed each other within a step; fall-through cannot order them',
    hint: 'simulate the image in pipelined mode, or recompile it so every loop goes through neuron state',
  },
  'sim-option': {
    code: 710,
    template: 'simulation option {option} = {value}: {detail}',
    hint: 'run `loom simulate --help` for the options',
  },
  'sim-memory': {
    code: 711,
    template: '{file}: simulating this image needs {needed} of runtime tables (ports, synapses, routes); the limit is {limit}',
    hint: 'simulate a smaller image: compile fewer chips or a narrower model, or split the model into stages',
  },
  'calibration-input': {
    code: 720,
    template: '{file}: {path}: {detail}',
    hint: 'see bench/calibration/README.md for the measurement file format',
  },
} as const satisfies DiagnosticTable;
