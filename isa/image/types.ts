// The in-memory chip image: readonly records for structure, typed arrays for bulk data, and the format's integer limits.
//
// A ChipImage is what the compiler emits and the simulator loads. Bulk data (micro-code, neuron
// parameters and state, synapses, axon routes, I/O maps) lives in flat typed arrays in CSR form —
// never one object per synapse. Each field's comment gives its width on disk; `IMAGE_LIMITS`
// collects the resulting ranges, and `validateImage` enforces them before writing and after reading.

/** The one image format version this Loom reads and writes (see README "Version policy"). */
export const IMAGE_FORMAT_VERSION = 1;

/** How the chip runs a token: all layers inside one timestep, or one layer per timestep. */
export type ExecutionMode = 'fall-through' | 'pipelined';

/** Execution modes in their on-disk order (u8 code = index). */
export const EXECUTION_MODES: readonly ExecutionMode[] = ['fall-through', 'pipelined'];

/** Image-wide facts: which chip spec it targets, how many chips, and how it runs. */
export interface ImageHeader {
  /** u16: always IMAGE_FORMAT_VERSION for an image this Loom writes or reads. */
  readonly formatVersion: number;
  /** Name of the chip spec (preset or YAML file stem) the image was compiled for; 1–255 UTF-8 bytes. */
  readonly chipSpec: string;
  /** u16, ≥ 1: chips the image spans; every core's `chip` is below it. */
  readonly chipCount: number;
  readonly mode: ExecutionMode;
  /** u16: timesteps from input to output; 0 in fall-through mode, ≥ 1 in pipelined mode. */
  readonly pipelineDepth: number;
  /** u32: seed of the compile (placement refinement), kept for reproducibility. */
  readonly seed: number;
  /** u32: compiler flag bits; the format carries them unchanged (meaning owned by the compiler). */
  readonly flags: number;
}

/** A contiguous run of neurons on one core that share a micro-code program and a per-neuron layout. */
export interface NeuronGroupSlice {
  /** u16: index into the core's `programs`. */
  readonly program: number;
  /** u32 on disk, < 65 536: first neuron of the run; runs tile the core's neurons in order. */
  readonly firstNeuron: number;
  /** u32 on disk, ≥ 1. */
  readonly neuronCount: number;
  /**
   * u16: first step at which the group updates in pipelined execution (its pipeline stage), so that
   * biases cannot drive a stateful neuron before its first input arrives; 0 in fall-through images.
   */
  readonly startStep: number;
  /** u8: input ports (dendritic accumulators) per neuron; synapses target ports 0..ports−1. */
  readonly ports: number;
  /** u8: persistent state registers per neuron (words in `state`). */
  readonly stateWords: number;
  /** u8: parameters per neuron (words in `params`). */
  readonly paramWords: number;
  /** u8: output channels per neuron; each (neuron, channel) has one axon-table slot. */
  readonly channels: number;
}

/**
 * Synapse memory of one core, CSR by input axon: the synapses of axon a are entries
 * offsets[a] .. offsets[a+1]−1, in the order the compiler listed them (any order round-trips).
 */
export interface SynapseMemory {
  /** u32, length inputAxons + 1, offsets[0] = 0, non-decreasing. */
  readonly offsets: Uint32Array;
  /** Target neuron on this core (u16). */
  readonly target: Uint16Array;
  /** Input port of the target neuron (u8, < the group's `ports`). */
  readonly port: Uint8Array;
  /** Signed 8-bit weight. */
  readonly weight: Int8Array;
}

/**
 * Axon table of one core, CSR by output slot. Slot of (neuron n in group g, channel c) is
 * slotBase(g) + (n − g.firstNeuron)·g.channels + c, where slotBase sums neuronCount·channels of
 * the earlier groups. Each destination is an input axon of some core.
 */
export interface AxonTable {
  /** u32, length slots + 1. */
  readonly offsets: Uint32Array;
  /** Destination chip (u16), core within that chip (u16) and input axon on that core (u16). */
  readonly destChip: Uint16Array;
  readonly destCore: Uint16Array;
  readonly destAxon: Uint16Array;
}

/** Everything resident on one neurocore. */
export interface CoreImage {
  /** u16: chip index (< header.chipCount). */
  readonly chip: number;
  /** u16: core index within the chip; (chip, core) is unique in the image. */
  readonly core: number;
  /** u16 each: mesh position inside the chip (derivable from the chip spec; stored for inspect). */
  readonly x: number;
  readonly y: number;
  /** ≤ 65 536: neurons on the core; the groups tile 0..neuronCount−1. */
  readonly neuronCount: number;
  readonly groups: readonly NeuronGroupSlice[];
  /** Micro-code programs (opaque 32-bit instruction words), indexed by NeuronGroupSlice.program. */
  readonly programs: readonly Uint32Array[];
  /** Per-neuron parameters, neuron-major in group order: Σ neuronCount·paramWords words. */
  readonly params: Int32Array;
  /** Initial state registers, neuron-major in group order: Σ neuronCount·stateWords words. */
  readonly state: Int32Array;
  readonly synapses: SynapseMemory;
  readonly axons: AxonTable;
}

/** External input i feeds every listed (chip, core, input axon) with the same index (fan-out allowed). */
export interface InputMap {
  /** u32: external input values per token. */
  readonly count: number;
  /** i32: the host quantizes input x as sat16(roundHalfEven((x − offset)·2^exp)) (isa/arith.ts quantizeActivations). */
  readonly exp: number;
  /** f64: subtracted from every input value before quantization. */
  readonly offset: number;
  readonly extIndex: Uint32Array;
  readonly chip: Uint16Array;
  readonly core: Uint16Array;
  readonly axon: Uint16Array;
}

/** Each external output index 0..count−1 is produced by exactly one (chip, core, neuron, channel). */
export interface OutputMap {
  /** u32: external output values per token. */
  readonly count: number;
  /** i32: exponent of the output values (q means q·2^−exp). */
  readonly exp: number;
  readonly extIndex: Uint32Array;
  readonly chip: Uint16Array;
  readonly core: Uint16Array;
  readonly neuron: Uint16Array;
  readonly channel: Uint8Array;
}

export interface IoMap {
  readonly inputs: InputMap;
  readonly outputs: OutputMap;
}

/** Profiling name of one group slice: which logical group and layer it belongs to and where in it. */
export interface GroupSymbol {
  /** u32: index into ChipImage.cores. */
  readonly core: number;
  /** u16: index into that core's groups. */
  readonly group: number;
  /** Logical neuron-group name, e.g. `b1.state` (UTF-8, ≤ 65 535 bytes). */
  readonly name: string;
  /** Layer name, e.g. `block1`. */
  readonly layer: string;
  /** u32: index within the logical group of the slice's first neuron (per-core neuron range). */
  readonly neuronOffset: number;
}

export interface ImageSymbols {
  readonly groups: readonly GroupSymbol[];
}

/** A whole compiled program for a (multi-)chip system. */
export interface ChipImage {
  readonly header: ImageHeader;
  readonly cores: readonly CoreImage[];
  readonly io: IoMap;
  /** Optional: present only when the compiler kept names for profiling. */
  readonly symbols?: ImageSymbols;
}

/** Header flag bit 0: the program carries relay stages that align pipelined execution, so it runs in both modes. */
export const FLAG_RELAY_BALANCED = 1;

/** Integer ranges that follow from the on-disk widths. */
export const IMAGE_LIMITS = {
  chips: 0xffff,
  coreIndex: 0xffff,
  meshCoord: 0xffff,
  cores: 0xffffffff,
  neuronsPerCore: 0x10000,
  inputAxonsPerCore: 0x10000,
  programsPerCore: 0xffff,
  groupsPerCore: 0xffff,
  perNeuronWords: 0xff,
  pipelineDepth: 0xffff,
  chipSpecBytes: 0xff,
  symbolBytes: 0xffff,
  u32: 0xffffffff,
  /** Largest |exponent| of a host input or output value. */
  exponent: 64,
} as const;
