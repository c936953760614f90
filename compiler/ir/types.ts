// The compiler's IR: logical neuron groups, synapse groups and the host input, plus the physical plan later passes add.
//
// Records are immutable; a pass returns a new IR. Bulk data (weights, parameters) lives in typed arrays.
import type { NeuronProgram } from '../../isa/microcode/index.ts';
import type { CscMatrix } from '../../models/reference/sparse.ts';

/** Host input: `size` values per token at exponent `exp`, each sent as a graded message when non-zero. */
export interface InputNode {
  readonly kind: 'input';
  readonly name: string;
  readonly size: number;
  readonly exp: number;
  /** Subtracted from |X| on the host before quantization. */
  readonly offset: number;
}

/**
 * What a neuron group computes, before code generation (exponents are the shift amounts of
 * models/qgraph/types.ts). `relay` passes its input through unchanged: a pipeline delay stage.
 */
export type NeuronFunction =
  | { readonly kind: 'dense'; readonly accExp: number; readonly outExp: number; readonly relu: boolean }
  | { readonly kind: 'complexState'; readonly accExp: number; readonly stateExp: number; readonly lambdaExp: number }
  | { readonly kind: 'output'; readonly cAccExp: number; readonly dAccExp: number; readonly outExp: number }
  | { readonly kind: 'gluResidual'; readonly gateAccExp: number; readonly aExp: number; readonly uExp: number; readonly outExp: number }
  | { readonly kind: 'relay' };

/**
 * A logical population of identical neurons (one QGraph op, or one delay stage). Values it emits are
 * signed 16-bit at `outExp`; `channels` is 2 for complex states (re, im), else 1.
 */
export interface NeuronGroup {
  readonly kind: 'neuronGroup';
  readonly name: string;
  /** Layer for reports: `encoder`, `block0`, …, `decoder`. */
  readonly layer: string;
  readonly size: number;
  readonly fn: NeuronFunction;
  /** Element-wise operations this group's program performs, for reports (what fusion folded together). */
  readonly fused: readonly string[];
  readonly channels: number;
  readonly outExp: number;
  /** Per-neuron parameters, neuron-major [size × paramWords], each a signed 16-bit value. */
  readonly params: Int32Array;
  readonly paramWords: number;
  /** Micro-code, set by the fuse pass. */
  readonly program?: NeuronProgram;
}

/**
 * Weights W [target.size × source width] from one channel of a source node to one input port of a
 * target group, 8-bit signed at `weightExp`, stored CSC by source neuron (routing is per source).
 * `identity` marks one-to-one weight-1 connections (relays, a and u into the GLU neuron).
 */
export interface SynapseGroup {
  readonly kind: 'synapseGroup';
  readonly name: string;
  readonly source: { readonly node: string; readonly channel: number };
  readonly target: { readonly group: string; readonly port: number };
  readonly weights: CscMatrix;
  readonly weightExp: number;
  readonly identity: boolean;
}

export type IrNode = InputNode | NeuronGroup;

export type CompileMode = 'fall-through' | 'pipelined' | 'both';

/** The program as the passes see it. Physical fields appear as passes run (split, place, route). */
export interface CompilerIR {
  /** Nodes in topological order; the input node first. */
  readonly nodes: readonly IrNode[];
  readonly synapses: readonly SynapseGroup[];
  /** The group and channel whose messages are the model's output (the mask). */
  readonly output: { readonly group: string; readonly channel: number };
  readonly mode: CompileMode;
  /** Timesteps from input to output in pipelined execution (set by balance-delays). */
  readonly pipelineDepth?: number;
  /** Pipeline stage of every node (input = 0), set by balance-delays. */
  readonly stages?: ReadonlyMap<string, number>;
}

export function isNeuronGroup(node: IrNode): node is NeuronGroup {
  return node.kind === 'neuronGroup';
}
