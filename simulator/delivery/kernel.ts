// The synaptic delivery kernel (delivery.wat, assembled to the committed delivery.wasm) bound to one arena.
import { readFileSync } from 'node:fs';

/** The committed binary the simulator loads (build-wasm.ts writes it). */
export const WASM_FILE = new URL('./delivery.wasm', import.meta.url).pathname;
let compiled: WebAssembly.Module | null = null;

/** Byte addresses of the tables the kernel keeps for a whole run. */
export interface DeliveryTables {
  readonly synStart: number;
  readonly entry: number;
  readonly axonPortBase: number;
  readonly batchMessages: number;
  readonly batchSynops: number;
  readonly batchFirst: number;
  readonly batchLast: number;
}

export type DeliverFunction = (
  neuron: number, channel: number, value: number, count: number,
  slotBase: number, channels: number,
  slotStart: number, destAxon: number, ofDest: number,
  ports: number, sent: number,
) => number;

/** An instance of the kernel on `memory`, bound to the run's synapse tables and batch counters. */
export function deliveryKernel(memory: WebAssembly.Memory, tables: DeliveryTables): DeliverFunction {
  compiled ??= new WebAssembly.Module(readFileSync(WASM_FILE));
  const exports = new WebAssembly.Instance(compiled, { env: { memory } }).exports as { bind: (...a: number[]) => void; deliver: DeliverFunction };
  exports.bind(tables.synStart, tables.entry, tables.axonPortBase, tables.batchMessages, tables.batchSynops, tables.batchFirst, tables.batchLast);
  return exports.deliver;
}
