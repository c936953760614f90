// The one executable semantics of the neuron micro-code: a switch loop over a decoded program, for one neuron or a whole group (the reference the generated code of codegen.ts is tested against).
//
// Registers are modelled as wide enough to be exact: JS numbers holding integers, which every program
// keeps far below 2^53. Only explicit rules change a value's magnitude: `sat`, `st` (16-bit store) and
// `emit` (24-bit payload) saturate through isa/arith.ts `saturate`, which counts every clip.
import {
  SaturationCounter,
  complexReluPasses,
  rescale,
  saturate,
  shiftRightFloor,
  sigmoidLut,
} from '../arith.ts';
import { EMIT_PAYLOAD_BITS, OP, REGISTER_FILES, STATE_BITS, addInstructionCounts } from './opcodes.ts';
import type { InstructionCounts } from './opcodes.ts';
import type { DecodedProgram } from './program.ts';

const { mov: MOV, li: LI, add: ADD, sub: SUB, mul: MUL, shr: SHR, shl: SHL, rsc: RSC, sat: SAT } = OP;
const { max: MAX, min: MIN, relu: RELU, slt: SLT, seq: SEQ, cmov: CMOV, cpos: CPOS, sig: SIG, st: ST, emit: EMIT } = OP;

// Module-local bindings for everything the hot loop touches: a transpiler (tsx compiles to CommonJS) may turn
// each use of an imported name into a getter call, which costs more than the instruction itself.
const saturateTo = saturate;
const floorShift = shiftRightFloor;
const rescaleBy = rescale;
const passes = complexReluPasses;
const sigmoid = sigmoidLut;
const STORE_BITS = STATE_BITS;
const PAYLOAD_BITS = EMIT_PAYLOAD_BITS;

const REGISTER_SLOTS = 32;
const TEMP_COUNT = REGISTER_FILES.temp.count;
const STATE_BASE = REGISTER_FILES.state.base;
const PARAM_BASE = REGISTER_FILES.param.base;
const PORT_BASE = REGISTER_FILES.port.base;

/** Messages sent by neuron updates, in preallocated typed arrays: entry i < count is (neuron, channel, value). */
export interface EmitBuffer {
  readonly neuron: Int32Array;
  readonly channel: Uint8Array;
  readonly value: Int32Array;
  count: number;
}

export function createEmitBuffer(capacity: number): EmitBuffer {
  return { neuron: new Int32Array(capacity), channel: new Uint8Array(capacity), value: new Int32Array(capacity), count: 0 };
}

/**
 * One neuron update on a loaded register file: temporaries start at 0, then every instruction runs in
 * order (there are no branches). Messages go to `out` tagged with `neuron`; the caller guarantees room.
 */
function update(p: DecodedProgram, regs: Float64Array, neuron: number, out: EmitBuffer, sat: SaturationCounter): void {
  const { op, dst, a, b, imm, length } = p;
  for (let i = 0; i < TEMP_COUNT; i++) regs[i] = 0;
  for (let pc = 0; pc < length; pc++) {
    const x = regs[a[pc]];
    const k = imm[pc];
    const d = dst[pc];
    switch (op[pc]) {
      case MOV: regs[d] = x; break;
      case LI: regs[d] = k; break;
      case ADD: regs[d] = x + regs[b[pc]]; break;
      case SUB: regs[d] = x - regs[b[pc]]; break;
      case MUL: regs[d] = x * regs[b[pc]]; break;
      case SHR: regs[d] = floorShift(x, k); break;
      case SHL: regs[d] = rescaleBy(x, 0, k); break;
      case RSC: regs[d] = rescaleBy(x, 0, k); break;
      case SAT: regs[d] = saturateTo(x, k, sat); break;
      case MAX: { const y = regs[b[pc]]; regs[d] = x > y ? x : y; break; }
      case MIN: { const y = regs[b[pc]]; regs[d] = x < y ? x : y; break; }
      case RELU: regs[d] = x > 0 ? x : 0; break;
      case SLT: regs[d] = x < regs[b[pc]] ? 1 : 0; break;
      case SEQ: regs[d] = x === regs[b[pc]] ? 1 : 0; break;
      case CMOV: if (x !== 0) regs[d] = regs[b[pc]]; break;
      case CPOS: regs[d] = passes(x, regs[b[pc]]) ? 1 : 0; break;
      case SIG: regs[d] = sigmoid(x); break;
      // `| 0` is exact on a saturated 16-bit value; it only turns a −0 into 0.
      case ST: regs[d] = saturateTo(x, STORE_BITS, sat) | 0; break;
      case EMIT:
        if (x !== 0) {
          const i = out.count++;
          out.neuron[i] = neuron;
          out.channel[i] = k;
          out.value[i] = saturateTo(x, PAYLOAD_BITS, sat);
        }
        break;
      default:
        throw new Error(`micro-code opcode ${op[pc]} at ${pc} has no semantics`); // decodeProgram admits table opcodes only
    }
  }
}

/** One neuron's inputs and state; `state` is read and written back. */
export interface NeuronIO {
  readonly ports: ArrayLike<number>;
  readonly state: Int32Array | number[];
  readonly params: ArrayLike<number>;
  /** Called once per message sent, in program order. */
  readonly emit?: (channel: number, value: number) => void;
  readonly saturations?: SaturationCounter;
}

function requireLength(what: string, actual: number, needed: number): void {
  if (actual < needed) throw new RangeError(`micro-code ${what}: ${actual} entries, the program's layout needs ${needed}`);
}

/** Run one neuron update; returns the instructions it executed by cost class. */
export function executeNeuron(program: DecodedProgram, io: NeuronIO): InstructionCounts {
  const { ports: P, state: S, params: K } = program.layout;
  requireLength('ports', io.ports.length, P);
  requireLength('state', io.state.length, S);
  requireLength('params', io.params.length, K);
  const regs = new Float64Array(REGISTER_SLOTS);
  for (let i = 0; i < P; i++) regs[PORT_BASE + i] = io.ports[i];
  for (let i = 0; i < S; i++) regs[STATE_BASE + i] = io.state[i];
  for (let i = 0; i < K; i++) regs[PARAM_BASE + i] = io.params[i];
  const out = createEmitBuffer(program.emitsPerUpdate);
  update(program, regs, 0, out, io.saturations ?? new SaturationCounter());
  for (let i = 0; i < S; i++) io.state[i] = regs[STATE_BASE + i];
  for (let i = 0; i < out.count; i++) io.emit?.(out.channel[i], out.value[i]);
  return { ...program.counts };
}

const groupRegs = new Float64Array(REGISTER_SLOTS);

/** The group loop proper, kept apart from the checks and the bookkeeping so the engine optimises it as one unit. */
function updateGroup(
  program: DecodedProgram,
  neuronCount: number,
  ports: Float64Array,
  state: Int32Array,
  params: Int32Array,
  out: EmitBuffer,
  saturations: SaturationCounter,
): void {
  const { ports: P, state: S, params: K } = program.layout;
  const regs = groupRegs;
  for (let n = 0; n < neuronCount; n++) {
    for (let i = 0, j = n * P; i < P; i++, j++) regs[PORT_BASE + i] = ports[j];
    for (let i = 0, j = n * S; i < S; i++, j++) regs[STATE_BASE + i] = state[j];
    for (let i = 0, j = n * K; i < K; i++, j++) regs[PARAM_BASE + i] = params[j];
    update(program, regs, n, out, saturations);
    for (let i = 0, j = n * S; i < S; i++, j++) state[j] = regs[STATE_BASE + i];
  }
}

/** The checks every group run makes: arrays hold `neuronCount` neurons of the layout, `out` has room for every emit. */
export function checkGroupArrays(
  program: DecodedProgram,
  neuronCount: number,
  ports: Float64Array,
  state: Int32Array,
  params: Int32Array,
  out: EmitBuffer,
): void {
  const { ports: P, state: S, params: K } = program.layout;
  requireLength('group ports', ports.length, neuronCount * P);
  requireLength('group state', state.length, neuronCount * S);
  requireLength('group params', params.length, neuronCount * K);
  requireLength('emit buffer', out.neuron.length - out.count, neuronCount * program.emitsPerUpdate);
}

/**
 * Update every neuron of a group by interpretation: the reference for codegen.ts `runNeuronGroup`
 * (the simulator's hot path), with the same contract. Arrays are neuron-major with the program's
 * layout as strides (`ports[n·P + i]`, `state[n·S + i]`, `params[n·K + i]`); state is updated in
 * place. Messages are appended to `out` with the neuron's index in the group; `counts` and
 * `saturations` accumulate. No allocation per neuron.
 */
export function runNeuronGroupInterpreted(
  program: DecodedProgram,
  neuronCount: number,
  ports: Float64Array,
  state: Int32Array,
  params: Int32Array,
  out: EmitBuffer,
  counts: InstructionCounts,
  saturations: SaturationCounter,
): void {
  checkGroupArrays(program, neuronCount, ports, state, params, out);
  updateGroup(program, neuronCount, ports, state, params, out, saturations);
  addInstructionCounts(counts, program.counts, neuronCount);
}
