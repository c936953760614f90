// `loom model`: create a randomly initialised (HiPPO) S5 denoiser, magnitude-pruned to a target sparsity, as a float checkpoint.
import { LoomError } from '../../isa/diagnostics/index.ts';
import { saveCheckpoint } from '../s5/checkpoint.ts';
import { createS5Network } from '../s5/init.ts';
import { parameterCount } from '../s5/network.ts';
import { magnitudePrune, weightSparsity } from '../s5/prune.ts';
import type { S5Network } from '../s5/types.ts';

export interface CreateModelOptions {
  readonly width: number;
  readonly sparsity: number;
  readonly seed: number;
  readonly discretization?: 'zoh' | 'bilinear';
}

export interface ModelSummary {
  readonly width: number;
  readonly blocks: number;
  readonly hidden: number;
  readonly stateSize: number;
  readonly layers: number;
  readonly parameters: number;
  readonly weightSparsity: number;
}

export function summarizeModel(net: S5Network): ModelSummary {
  const h = net.hyper;
  return { width: h.width, blocks: h.blocks, hidden: h.hidden, stateSize: h.stateSize, layers: h.layers, parameters: parameterCount(net), weightSparsity: weightSparsity(net) };
}

/** Build the network (deterministic for a seed) and prune it. */
export function createModel(options: CreateModelOptions): S5Network {
  if (!(options.sparsity >= 0 && options.sparsity < 1)) {
    throw new LoomError('model-hyper', { option: 'sparsity', value: options.sparsity, detail: 'must be in [0, 1)' });
  }
  const net = createS5Network({ width: options.width, seed: options.seed, discretization: options.discretization });
  return options.sparsity > 0 ? magnitudePrune(net, options.sparsity) : net;
}

export function createModelFile(options: CreateModelOptions & { readonly out: string }): ModelSummary {
  const net = createModel(options);
  saveCheckpoint(options.out, net);
  return summarizeModel(net);
}
