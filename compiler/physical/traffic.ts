// Traffic estimate between logical cores: messages per token = Σ over source (neuron, channel) of P(active) for every other core it reaches.
import type { TrafficEstimate } from '../ir/physical.ts';
import type { Connectivity, NeuronHomes } from './connectivity.ts';

/** P(active) where no measurement names a node: half the neurons emit in a token (ReLU networks are about this sparse). */
export const DEFAULT_ACTIVITY = 0.5;

/** A relay `x.delay.k` (or `x.delay.chN.k`) repeats what `x` sends, so it is as active as `x`. */
function relayOrigin(name: string): string {
  return name.replace(/\.delay(\.ch\d+)?\.\d+$/, '');
}

/** P(active) of a node = 1 − its measured activation sparsity (the activity map holds sparsity per node name). */
export function activeProbability(name: string, activity: ReadonlyMap<string, number> | undefined): number {
  const sparsity = activity?.get(name) ?? activity?.get(relayOrigin(name));
  return sparsity === undefined ? DEFAULT_ACTIVITY : Math.min(1, Math.max(0, 1 - sparsity));
}

/** Distinct destination cores of (group g's neuron n, channel ch), written to `out`; returns how many. */
export function destinationCores(conn: Connectivity, homes: NeuronHomes, g: number, n: number, ch: number, stamp: Int32Array, tag: number, out: Int32Array): number {
  let count = 0;
  for (const ref of conn.outgoing[conn.groupNode[g]]) {
    if (ref.channel !== ch) continue;
    const { colStart, rowIndex } = ref.synapse.weights;
    const cores = homes.core[ref.target];
    for (let k = colStart[n]; k < colStart[n + 1]; k++) {
      const core = cores[rowIndex[k]];
      if (stamp[core] !== tag) (stamp[core] = tag, out[count++] = core);
    }
  }
  return count;
}

export function estimateTraffic(conn: Connectivity, homes: NeuronHomes, coreCount: number, activity: ReadonlyMap<string, number> | undefined): TrafficEstimate {
  const pairs = new Map<number, number>();
  const stamp = new Int32Array(coreCount).fill(-1);
  const dests = new Int32Array(coreCount);
  let local = 0;
  let tag = 0;
  conn.groups.forEach((group, g) => {
    const p = activeProbability(group.name, activity);
    const channels = conn.channels[conn.groupNode[g]];
    for (let n = 0; n < group.size; n++) {
      const src = homes.core[g][n];
      for (let ch = 0; ch < channels; ch++) {
        const count = destinationCores(conn, homes, g, n, ch, stamp, tag++, dests);
        for (let i = 0; i < count; i++) {
          if (dests[i] === src) local += p;
          else pairs.set(src * coreCount + dests[i], (pairs.get(src * coreCount + dests[i]) ?? 0) + p);
        }
      }
    }
  });
  const keys = [...pairs.keys()].sort((a, b) => a - b);
  return {
    src: Int32Array.from(keys, (k) => Math.floor(k / coreCount)),
    dst: Int32Array.from(keys, (k) => k % coreCount),
    messages: Float64Array.from(keys, (k) => pairs.get(k)!),
    local,
    defaultActivity: DEFAULT_ACTIVITY,
    measured: activity !== undefined,
  };
}
