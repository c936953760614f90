// The physical plan the back-end passes build (split → place → route): neuron blocks packed on cores, core positions, traffic, routes and quality numbers.
//
// Records are immutable; a pass returns a new plan with its part added. Per-neuron and per-route data
// live in typed arrays.
import type { ResourceCounts, ResourceName } from '../../isa/resources.ts';
import type { MappingObjective } from '../cost/objective.ts';

/** A contiguous slice of one neuron group: neurons `first` .. `first + count − 1` of `group`. */
export interface NeuronBlock {
  readonly group: string;
  /** Index of the group among the IR's neuron groups (topological order). */
  readonly groupIndex: number;
  readonly first: number;
  readonly count: number;
}

/** Where a logical core sits: a chip of the chip spec and a core of that chip (x, y on its mesh). */
export interface CorePosition {
  readonly chip: number;
  readonly core: number;
  readonly x: number;
  readonly y: number;
}

/** Blocks packed on one logical core, the resources they use, and (after place) its position. */
export interface PlannedCore {
  /** Logical core index (split order: cores holding earlier groups come first). */
  readonly index: number;
  /** Blocks in topological order of their groups; the core's local neuron numbering follows this order. */
  readonly blocks: readonly NeuronBlock[];
  readonly usage: ResourceCounts;
  /** Set by place. */
  readonly position?: CorePosition;
}

/**
 * The resource lower bound: every resource's total need (each group counted as one unsplit block),
 * the per-core capacity, ⌈total / capacity⌉ per resource, and the largest of those.
 */
export interface ResourceBound {
  readonly totals: ResourceCounts;
  readonly capacity: ResourceCounts;
  readonly cores: ResourceCounts;
  readonly lowerBound: number;
  readonly binding: ResourceName;
}

/** Estimated messages per token between logical cores (directed pairs, src ≠ dst; sorted by src, then dst). */
export interface TrafficEstimate {
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly messages: Float64Array;
  /** Messages per token that stay on their own core (a neuron sending to a neighbour on the same core). */
  readonly local: number;
  /** P(active) used for nodes the activity map does not name. */
  readonly defaultActivity: number;
  /** Whether measured activity was given (else every node used the default). */
  readonly measured: boolean;
}

/**
 * Placement quality: hop-weighted traffic = Σ messages · hop cost, the hop cost priced with the chip spec's
 * energy table (mesh hops east–west / north–south, chip crossings), so the unit is pJ per token.
 */
export interface PlacementQuality {
  readonly hopWeightedTraffic: number;
  /** Logical core i on the i-th allowed position in order (the baseline). */
  readonly naiveHopWeightedTraffic: number;
  /** After the greedy affinity seed, before refinement. */
  readonly greedyHopWeightedTraffic: number;
  readonly chipsUsed: number;
  /** Chips the placement may use, in the order they were chosen. */
  readonly chips: readonly number[];
  readonly refinementMoves: number;
  readonly acceptedMoves: number;
}

/** Axon numbering and axon table of one logical core. */
export interface CoreRouting {
  /** Stream id (see compiler/physical/connectivity.ts) of each input axon, ascending: axon a carries stream axonStreams[a]. */
  readonly axonStreams: Int32Array;
  /** Axon table, CSR by output slot (slot = local neuron · channels + channel within its block, blocks in order). */
  readonly slotStart: Int32Array;
  /** Logical destination core and its input axon, per route; routes of a slot sorted by destination (chip, core). */
  readonly destCore: Int32Array;
  readonly destAxon: Int32Array;
}

/** Estimated messages per token over one directed mesh link (from (x, y) to its neighbour (toX, toY) on `chip`). */
export interface MeshLinkLoad {
  readonly chip: number;
  readonly x: number;
  readonly y: number;
  readonly toX: number;
  readonly toY: number;
  readonly messages: number;
}

/** Estimated messages per token over one direction of a chip-to-chip link. */
export interface ChipLinkLoad {
  readonly from: number;
  readonly to: number;
  readonly messages: number;
}

export interface RoutePlan {
  /** Per logical core. */
  readonly cores: readonly CoreRouting[];
  readonly meshLinks: readonly MeshLinkLoad[];
  readonly chipLinks: readonly ChipLinkLoad[];
}

/** The split pass's objective, and what its search predicted (ns per step, barrier included). */
export interface MappingDecision {
  readonly objective: MappingObjective;
  /** Why a speed objective fell back to packing onto the fewest cores. */
  readonly fallback?: string;
  /** The objective's predicted value for the chosen allocation, and for the fewest cores per group. */
  readonly predictedNs?: number;
  readonly fewestCoresNs?: number;
}

/** What split, place and route decided; later passes add their parts. */
export interface PhysicalPlan {
  readonly cores: readonly PlannedCore[];
  readonly bound: ResourceBound;
  readonly mapping: MappingDecision;
  /** Set by place. */
  readonly traffic?: TrafficEstimate;
  readonly placement?: PlacementQuality;
  /** Set by route. */
  readonly routes?: RoutePlan;
}
