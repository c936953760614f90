// Float checkpoints of trained models (models/s5 loom.s5 files plus an `activation` metadata key) and the training state that --resume reads.
import { LoomError } from '../../isa/diagnostics/index.ts';
import { readFileBytes, writeFileAtomic } from '../../isa/files.ts';
import { decodeSafetensors, encodeSafetensors, type SafeTensor } from '../safetensors.ts';
import { decodeCheckpoint, encodeCheckpoint } from '../s5/checkpoint.ts';
import type { S5Network } from '../s5/types.ts';

/** Which activations a network was trained with (see models/train/model.ts). Files without the key are ReLU networks. */
export type Activation = 'gelu' | 'relu';

/** The activation blend α (models/train/model.ts) that runs a checkpoint as it was trained: 0 smooth, 1 ReLU. */
export function activationAlpha(activation: Activation): number {
  return activation === 'gelu' ? 0 : 1;
}

export function encodeTrainedCheckpoint(net: S5Network, activation: Activation, extra: Readonly<Record<string, string>> = {}): Uint8Array {
  const file = decodeSafetensors(encodeCheckpoint(net), 'memory');
  return encodeSafetensors({ tensors: file.tensors, metadata: { ...file.metadata, ...extra, activation } });
}

export function saveTrainedCheckpoint(path: string, net: S5Network, activation: Activation, extra: Readonly<Record<string, string>> = {}): void {
  writeFileAtomic(path, encodeTrainedCheckpoint(net, activation, extra));
}

export function loadTrainedCheckpoint(path: string): { net: S5Network; activation: Activation; metadata: Readonly<Record<string, string>> } {
  const bytes = readFileBytes(path);
  const net = decodeCheckpoint(bytes, path);
  const { metadata } = decodeSafetensors(bytes, path);
  const activation = metadata.activation ?? 'relu';
  if (activation !== 'gelu' && activation !== 'relu') {
    throw new LoomError('checkpoint-arch', { file: path, field: 'activation', detail: `is "${activation}"; expected "gelu" or "relu"` });
  }
  return { net, activation, metadata };
}

export const STATE_FORMAT = 'loom.train-state';

/** Everything --resume needs beyond the recipe: tensors by name plus scalar fields. */
export interface TrainState {
  /** Steps completed (the next step to run). */
  readonly step: number;
  readonly adamSteps: number;
  /** Canonical JSON of the recipe that wrote the state. */
  readonly recipe: string;
  readonly tensors: ReadonlyMap<string, Float32Array>;
  /** Free-form JSON (history, phase bookkeeping). */
  readonly notes: string;
}

export function saveTrainState(path: string, state: TrainState, shapes: ReadonlyMap<string, readonly number[]>): void {
  const tensors = new Map<string, SafeTensor>();
  for (const [name, data] of state.tensors) tensors.set(name, { dtype: 'F32', shape: shapes.get(name) ?? [data.length], data });
  const metadata = { format: STATE_FORMAT, step: String(state.step), adamSteps: String(state.adamSteps), recipe: state.recipe, notes: state.notes };
  writeFileAtomic(path, encodeSafetensors({ tensors, metadata }));
}

export function loadTrainState(path: string): TrainState {
  const file = decodeSafetensors(readFileBytes(path), path);
  const m = file.metadata;
  if (m.format !== STATE_FORMAT) throw new LoomError('train-state', { file: path, detail: `has format ${JSON.stringify(m.format)}; expected "${STATE_FORMAT}"` });
  const tensors = new Map<string, Float32Array>();
  for (const [name, t] of file.tensors) tensors.set(name, Float32Array.from(t.data));
  return { step: Number(m.step), adamSteps: Number(m.adamSteps), recipe: m.recipe ?? '', tensors, notes: m.notes ?? '{}' };
}
