// 9xx diagnostics: training and compression front end (recipes, audio files, data sets, checkpoints to resume).
import type { DiagnosticTable } from './types.ts';

export const TRAINING_DIAGNOSTICS = {
  'recipe-unreadable': {
    code: 900,
    template: '{file}: recipe is not valid YAML: {detail}',
    hint: 'fix the YAML syntax; see models/recipes/ for examples',
  },
  'recipe-field': {
    code: 901,
    template: '{file}: recipe field {field}: {detail}',
    hint: 'see models/recipes/ for the fields a recipe takes and their ranges',
  },
  'recipe-unknown-field': {
    code: 902,
    template: '{file}: recipe field {field} is not known; known fields here: {known}',
    hint: 'check the spelling; see models/recipes/ for examples',
  },
  'wav-format': {
    code: 910,
    template: '{file}: {detail}',
    hint: 'use a RIFF/WAVE file with 16-, 24- or 32-bit PCM or 32-bit float samples',
  },
  'wav-rate': {
    code: 911,
    template: '{file}: sample rate {rate} Hz; Loom models run at {expected} Hz',
    hint: 'resample the audio to 16 kHz first (for example `sox in.wav -r 16000 out.wav`)',
  },
  'wav-too-short': {
    code: 912,
    template: '{file}: {samples} samples is shorter than one STFT frame ({frame} samples)',
    hint: 'give at least 32 ms of audio',
  },
  'dataset-empty': {
    code: 920,
    template: '{dir}: no noisy/clean WAV pairs found ({detail})',
    hint: 'point at a folder with noisy/*.wav and clean/clean_fileid_<n>.wav, the Intel N-DNS layout',
  },
  'dataset-missing-clean': {
    code: 921,
    template: '{dir}: noisy file {noisy} has no clean partner {clean}',
    hint: 'every noisy/…_fileid_<n>.wav needs clean/clean_fileid_<n>.wav',
  },
  'train-state': {
    code: 930,
    template: '{file}: training state {detail}',
    hint: 'resume only from a run directory written by the same recipe; delete it to start afresh',
  },
  'train-diverged': {
    code: 931,
    template: 'training diverged at step {step}: the loss is {loss}',
    hint: 'lower the learning rate or tighten gradient clipping in the recipe',
  },
  'model-activation': {
    code: 940,
    template: '{file}: the network was trained with {activation} activations; {action} needs the ReLU network of DESIGN.md §3',
    hint: 'run `loom compress` (ReLUfication) on it first',
  },
  'evaluate-model-kind': {
    code: 950,
    template: '{file}: metadata format is {format}; `loom evaluate` scores QGraphs (loom.qgraph) and float checkpoints (loom.s5)',
    hint: 'pass a *.qgraph.safetensors from `loom export`/`loom compress` or a checkpoint from `loom train`/`loom compress`',
  },
  'evaluate-clips': {
    code: 951,
    template: 'evaluation {field} is {value}; it must be {limit}',
    hint: 'see `loom evaluate --help` for the clip options and their defaults',
  },
} as const satisfies DiagnosticTable;
