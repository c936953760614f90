// The chip spec as typed, read-only data (limits, topology, time and energy tables) and the helpers that read geometry and barrier time from it.
//
// Costs are split by unit: every time lives in `timing` in fields ending in `Ns`, every energy in
// `energy` in fields ending in `Pj` (static power in watts). The two tables share no type a value
// could be passed through by mistake, so an energy can never be added into a latency.

/** The micro-code instruction classes; the interpreter counts executed instructions per class. Fixed: do not reorder. */
export const INSTRUCTION_CLASSES = ['alu', 'mul', 'lut', 'mem', 'emit'] as const;
export type InstructionClass = (typeof INSTRUCTION_CLASSES)[number];

/** One number per instruction class (time in ns under `timing`, energy in pJ under `energy`). */
export type PerInstructionClass = { readonly [K in InstructionClass]: number };

/** A chip's position in the 3-D board/system placement, in integer grid units. */
export interface ChipPosition {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** Chips of the system; chip i sits at positions[i]. A YAML grid {x, y, z} expands with x fastest, then y, then z. */
export interface ChipPlacement {
  readonly count: number;
  readonly positions: readonly ChipPosition[];
}

/** The 2-D on-chip mesh: x = column (east–west), y = row (north–south); one core per mesh position. */
export interface MeshShape {
  readonly cols: number;
  readonly rows: number;
}

/** Per-core resource limits, all in hardware units (counts or memory words). */
export interface CoreLimits {
  /** Neurons (compartments) a core holds. */
  readonly neurons: number;
  /** Synapse-memory words per core. */
  readonly synapseWords: number;
  /** Width of one synapse-memory word in bits. */
  readonly wordBits: number;
  /** Neuron state + parameter memory words per core. */
  readonly stateWords: number;
  /** Width of one state/parameter word in bits. */
  readonly stateWordBits: number;
  /** Input axons (distinct incoming message addresses) per core. */
  readonly inputAxons: number;
  /** Output axons (neuron → destination core/axon entries) per core. */
  readonly outputAxons: number;
  /** Micro-code instruction slots per core (shared by all neuron programs on it). */
  readonly microcodeSlots: number;
}

export type LinkTopology = 'adjacent' | 'explicit';

/** One bidirectional chip-to-chip link between chips a < b; `messageNs` is the time one message occupies it (1 / bandwidth). */
export interface ChipLink {
  readonly a: number;
  readonly b: number;
  readonly messageNs: number;
}

/** Chip-to-chip links. `adjacent`: chips at distance 1 in the 3-D placement are linked; `explicit`: the listed pairs. */
export interface LinkSpec {
  readonly topology: LinkTopology;
  /** Default per-link occupancy per message (ns); explicit pairs may override it. */
  readonly messageNs: number;
  readonly pairs: readonly ChipLink[];
}

/** A cost per mesh hop, by direction (the unit is in the name of the field holding it). */
export interface HopCosts {
  readonly eastWest: number;
  readonly northSouth: number;
}

export type BarrierScaling = 'log2' | 'linear';

/** Parameters of `barrierNs`; see isa/chip/README.md for the model and its calibration. */
export interface BarrierTiming {
  /** On-chip barrier over the tiles in use: baseNs + slopeNs·log2(tiles) or baseNs + slopeNs·(tiles − 1). */
  readonly onChip: {
    readonly scaling: BarrierScaling;
    /** Cores per barrier tile (the unit in which the published figures were given). */
    readonly coresPerTile: number;
    readonly baseNs: number;
    readonly slopeNs: number;
  };
  /** Added when more than one chip takes part: baseNs + perDoublingNs·log2(chips). */
  readonly multiChip: {
    readonly baseNs: number;
    readonly perDoublingNs: number;
  };
}

/** Time per action, in nanoseconds. */
export interface TimingTable {
  /** One synaptic operation (one synapse read and accumulated). */
  readonly synOpNs: number;
  /** Fixed overhead of one neuron update, before its micro-code instructions. */
  readonly neuronUpdateNs: number;
  readonly instructionNs: PerInstructionClass;
  /** A core sends one message (output-axon look-up, packet formation). */
  readonly messageSendNs: number;
  /** A core takes one message in from its router (input-axon look-up). */
  readonly messageReceiveNs: number;
  readonly hopNs: HopCosts;
  /** Latency added each time a message crosses a chip-to-chip link (link occupancy is links.messageNs). */
  readonly chipCrossingNs: number;
  readonly barrier: BarrierTiming;
  /**
   * `shared`: a core is one sequential server (integrating arriving messages, updating neurons and
   * sending take turns). `separate`: its synaptic unit integrates arriving messages while its neuron
   * unit updates and sends, so a core is busy for the longer of the two, not their sum (Loihi 2's
   * neurocore pipeline; isa/chip/costs.ts coreOccupancyNs).
   */
  readonly synapticUnit: SynapticUnit;
}

export const SYNAPTIC_UNITS = ['shared', 'separate'] as const;
export type SynapticUnit = (typeof SYNAPTIC_UNITS)[number];

/** Energy per action, in picojoules, plus static power. */
export interface EnergyTable {
  readonly synOpPj: number;
  readonly neuronUpdatePj: number;
  readonly instructionPj: PerInstructionClass;
  readonly messageSendPj: number;
  readonly messageReceivePj: number;
  readonly hopPj: HopCosts;
  readonly chipCrossingPj: number;
  /** Static (leakage + always-on) power of one chip, in watts; charged for every simulated ns per chip in use. */
  readonly staticWattsPerChip: number;
  /**
   * Power a chip in use draws while it runs beyond leakage and beyond its counted actions (clock tree,
   * barrier and timestep machinery), in watts; charged, like static power, for every simulated ns per
   * chip in use, but reported as dynamic energy.
   */
  readonly activeWattsPerChip: number;
}

/** A validated chip spec. Produced only by isa/chip/load.ts; deeply frozen. */
export interface ChipSpec {
  readonly name: string;
  readonly description: string;
  readonly chips: ChipPlacement;
  readonly mesh: MeshShape;
  /** Usable cores per chip, numbered row-major on the mesh (core i at x = i mod cols, y = ⌊i / cols⌋); ≤ cols·rows. */
  readonly coresPerChip: number;
  readonly core: CoreLimits;
  /** Usable payload bits of a graded message. */
  readonly messagePayloadBits: number;
  readonly links: LinkSpec;
  readonly timing: TimingTable;
  readonly energy: EnergyTable;
}

/** A core's mesh position on its chip. */
export interface MeshXY {
  readonly x: number;
  readonly y: number;
}

/** Mesh position of core `coreIndex` (row-major: x = column, y = row). Throws RangeError for an index the chip does not have. */
export function coreCoordinates(spec: ChipSpec, coreIndex: number): MeshXY {
  if (!Number.isInteger(coreIndex) || coreIndex < 0 || coreIndex >= spec.coresPerChip) {
    throw new RangeError(`core index ${coreIndex} is outside 0..${spec.coresPerChip - 1} of chip spec ${spec.name}`);
  }
  return { x: coreIndex % spec.mesh.cols, y: Math.floor(coreIndex / spec.mesh.cols) };
}

/**
 * Barrier time (ns) closing one algorithmic timestep when `coresUsed` cores on `chipsUsed` chips take part.
 * Cores are taken as spread evenly over the chips (chips synchronise their own cores in parallel), so the
 * on-chip term uses ⌈coresUsed / chipsUsed⌉ cores, counted in tiles of `coresPerTile`; the multi-chip term
 * is added when chipsUsed > 1. Throws RangeError for counts the spec cannot hold (a caller's bug).
 */
export function barrierNs(spec: ChipSpec, coresUsed: number, chipsUsed: number): number {
  checkBarrierCounts(spec, coresUsed, chipsUsed);
  const { onChip, multiChip } = spec.timing.barrier;
  const tiles = Math.ceil(Math.ceil(coresUsed / chipsUsed) / onChip.coresPerTile);
  const growth = onChip.scaling === 'log2' ? Math.log2(tiles) : tiles - 1;
  const onChipNs = onChip.baseNs + onChip.slopeNs * growth;
  const multiChipNs = chipsUsed > 1 ? multiChip.baseNs + multiChip.perDoublingNs * Math.log2(chipsUsed) : 0;
  return onChipNs + multiChipNs;
}

function checkBarrierCounts(spec: ChipSpec, coresUsed: number, chipsUsed: number): void {
  const chipsOk = Number.isInteger(chipsUsed) && chipsUsed >= 1 && chipsUsed <= spec.chips.count;
  const coresOk = Number.isInteger(coresUsed) && coresUsed >= chipsUsed && coresUsed <= chipsUsed * spec.coresPerChip;
  if (!chipsOk || !coresOk) {
    throw new RangeError(
      `barrierNs: ${coresUsed} cores on ${chipsUsed} chips is impossible for chip spec ${spec.name} ` +
        `(${spec.chips.count} chips of ${spec.coresPerChip} cores; every chip used holds at least one core)`,
    );
  }
}
