// Pass `split`: cut neuron groups into contiguous blocks and pack them onto logical cores so every per-core resource (in hardware words) stays within its limit.
//
// Packing is next-fit with splitting, over the groups in reverse topological order: each group's
// neurons fill the open core as far as every resource allows (a binary search over the block length:
// every resource only grows with it), and the rest of the group opens the next core. Going backwards
// means a group's destinations are already packed when it is, so its output axons (distinct destination
// cores per neuron and channel) are exact; input axons and synapse words are counted per core with the
// blocks already there (shared axons pay one header). Groups that are splittable at any neuron make
// next-fit close to the lower bound; neighbouring groups end up on neighbouring cores. That is the
// `cores` objective. The `latency` and `throughput` objectives give every group cores of its own: the
// fewest it fits on to start with (next-fit, a fresh core per group), then as many more, with its rows
// cut where the predicted work is balanced, as lower the predicted fall-through critical path or slowest
// core (compiler/cost/allocate.ts); each planned slice is then packed with the same resource checks.
import type { ChipSpec, CoreLimits } from '../../isa/chip/schema.ts';
import { allocateCores, type SpeedObjective } from '../cost/allocate.ts';
import { defaultObjective } from '../cost/objective.ts';
import { evaluateSpeed, unplacedSpeedModel } from '../cost/estimate.ts';
import { nodeActivity } from '../cost/work.ts';
import { LoomError } from '../../isa/diagnostics/index.ts';
import { RESOURCE_LABELS, RESOURCE_NAMES, firstExceeded, synapseWordModel, type ResourceCounts, type ResourceName, type SynapseWordModel } from '../../isa/resources.ts';
import type { MappingDecision, NeuronBlock, PhysicalPlan, PlannedCore, ResourceBound } from '../ir/physical.ts';
import type { CompilerIR } from '../ir/types.ts';
import type { PassContext } from '../pass.ts';
import { connectivity, emptyHomes, type Connectivity, type NeuronHomes } from '../physical/connectivity.ts';
import { CoreAccumulator } from '../physical/core-usage.ts';

interface Packed {
  readonly blocks: NeuronBlock[];
  usage: ResourceCounts;
}

/** Per neuron of group g, Σ over channels of distinct destination cores, as a prefix sum (destinations must be packed). */
function outputAxonPrefix(conn: Connectivity, homes: NeuronHomes, g: number, stamp: Int32Array): Int32Array {
  const node = conn.groupNode[g];
  const size = conn.groups[g].size;
  const refs = conn.outgoing[node];
  const prefix = new Int32Array(size + 1);
  let tag = 0;
  for (let n = 0; n < size; n++) {
    let count = 0;
    for (let ch = 0; ch < conn.channels[node]; ch++) {
      tag++;
      for (const ref of refs) {
        if (ref.channel !== ch) continue;
        const { colStart, rowIndex } = ref.synapse.weights;
        const cores = homes.core[ref.target];
        for (let k = colStart[n]; k < colStart[n + 1]; k++) {
          const core = cores[rowIndex[k]];
          if (stamp[core] !== tag) (stamp[core] = tag, count++);
        }
      }
    }
    prefix[n + 1] = prefix[n] + count;
  }
  stamp.fill(0);
  return prefix;
}

/** Whether neurons lo .. lo + k − 1 of group g fit on the accumulator's core beside what is there. */
function fits(acc: CoreAccumulator, limits: CoreLimits, g: number, lo: number, k: number, out: Int32Array): boolean {
  const mark = acc.mark();
  acc.addBlock(g, lo, lo + k, out[lo + k] - out[lo]);
  const ok = firstExceeded(acc.usage(), limits) === undefined;
  acc.rollback(mark);
  return ok;
}

/** The most neurons of group g, from lo up to hi (default: the group's end), that fit on the core (0 when not even one does). */
function largestFit(acc: CoreAccumulator, limits: CoreLimits, g: number, lo: number, out: Int32Array, hi = out.length - 1): number {
  const remaining = hi - lo;
  if (fits(acc, limits, g, lo, remaining, out)) return remaining;
  let ok = 0;
  let bad = remaining;
  while (bad - ok > 1) {
    const mid = (ok + bad) >> 1;
    if (fits(acc, limits, g, lo, mid, out)) ok = mid;
    else bad = mid;
  }
  return ok;
}

function blockTooLarge(conn: Connectivity, acc: CoreAccumulator, limits: CoreLimits, spec: string, g: number, lo: number, out: Int32Array): LoomError {
  acc.addBlock(g, lo, lo + 1, out[lo + 1] - out[lo]);
  const over = firstExceeded(acc.usage(), limits)!;
  const group = conn.groups[g];
  const block = `${group.name}[${lo}] (1 neuron of ${group.size}; no smaller block exists)`;
  return new LoomError('split-block-too-large', { group: group.name, block, amount: over.used, resource: RESOURCE_LABELS[over.resource], limit: over.limit, spec }, `group ${group.name}`);
}

/**
 * Next-fit with splitting, groups in reverse topological order; returns cores in packing order.
 * `slices[g]`, when given, cuts group g into ranges that each start on a fresh core (a range that does
 * not fit one core continues on the next); without it, groups fill the open core (`fresh`: every group
 * starts on a fresh core).
 */
function pack(conn: Connectivity, model: SynapseWordModel, limits: CoreLimits, spec: string, homes: NeuronHomes, layout: { fresh?: boolean; slices?: readonly Int32Array[] } = {}): Packed[] {
  const totalNeurons = conn.groups.reduce((n, g) => n + g.size, 0);
  const stamp = new Int32Array(totalNeurons + 1);
  const acc = new CoreAccumulator(conn, model);
  const cores: Packed[] = [{ blocks: [], usage: acc.usage() }];
  const close = () => {
    cores[cores.length - 1].usage = acc.usage();
    acc.reset();
    cores.push({ blocks: [], usage: acc.usage() });
  };
  for (let g = conn.groups.length - 1; g >= 0; g--) {
    const out = outputAxonPrefix(conn, homes, g, stamp);
    const size = conn.groups[g].size;
    const cuts = layout.slices?.[g] ?? Int32Array.of(0, size);
    for (let k = 0; k + 1 < cuts.length; k++) {
      if ((layout.fresh || layout.slices) && !acc.empty) close();
      for (let lo = cuts[k]; lo < cuts[k + 1]; ) {
        const n = largestFit(acc, limits, g, lo, out, cuts[k + 1]);
        if (n === 0) {
          if (acc.empty) throw blockTooLarge(conn, acc, limits, spec, g, lo, out);
          close();
          continue;
        }
        acc.addBlock(g, lo, lo + n, out[lo + n] - out[lo]);
        acc.commit();
        cores[cores.length - 1].blocks.push({ group: conn.groups[g].name, groupIndex: g, first: lo, count: n });
        homes.core[g].fill(cores.length - 1, lo, lo + n);
        lo += n;
        if (lo < size) close();
      }
    }
  }
  if (acc.empty) cores.pop();
  else cores[cores.length - 1].usage = acc.usage();
  return cores;
}

/** Every group's program must fit a core's micro-code store on its own. */
function checkPrograms(conn: Connectivity, limits: CoreLimits, spec: string): void {
  conn.groups.forEach((group, g) => {
    const program = conn.programs[conn.programOf[g]];
    if (program.info.instructions > limits.microcodeSlots) {
      const args = { group: group.name, program: program.name, amount: program.info.instructions, limit: limits.microcodeSlots, spec };
      throw new LoomError('split-program-too-large', args, `group ${group.name}`);
    }
  });
}

/** Totals with every group as one unsplit block (output axons: slots with at least one destination), and ⌈total / capacity⌉. */
export function resourceBound(conn: Connectivity, model: SynapseWordModel, limits: CoreLimits): ResourceBound {
  const acc = new CoreAccumulator(conn, model);
  const totals: Record<ResourceName, number> = { neurons: 0, synapseWords: 0, stateWords: 0, inputAxons: 0, outputAxons: 0, microcodeSlots: 0 };
  conn.groups.forEach((group, g) => {
    acc.reset();
    acc.addBlock(g, 0, group.size, 0);
    const u = acc.usage();
    for (const r of ['neurons', 'synapseWords', 'stateWords', 'inputAxons'] as const) totals[r] += u[r];
    totals.outputAxons += slotsWithDestinations(conn, g);
  });
  for (const p of conn.programs) totals.microcodeSlots += p.info.instructions;
  const capacity = Object.fromEntries(RESOURCE_NAMES.map((r) => [r, limits[r]])) as ResourceCounts;
  const cores = Object.fromEntries(RESOURCE_NAMES.map((r) => [r, Math.ceil(totals[r] / limits[r])])) as ResourceCounts;
  const binding = RESOURCE_NAMES.reduce((best, r) => (cores[r] > cores[best] ? r : best), RESOURCE_NAMES[0]);
  return { totals, capacity, cores, lowerBound: Math.max(1, cores[binding]), binding };
}

function slotsWithDestinations(conn: Connectivity, g: number): number {
  const node = conn.groupNode[g];
  const size = conn.groups[g].size;
  const has = new Uint8Array(size * conn.channels[node]);
  for (const ref of conn.outgoing[node]) {
    const { colStart } = ref.synapse.weights;
    for (let n = 0; n < size; n++) if (colStart[n + 1] > colStart[n]) has[n * conn.channels[node] + ref.channel] = 1;
  }
  return has.reduce((a, b) => a + b, 0);
}

/** Renumber cores so the earliest groups come first; order each core's blocks topologically; fill local indices. */
function finish(packed: Packed[], homes: NeuronHomes): PlannedCore[] {
  const last = packed.length - 1;
  for (const core of homes.core) for (let n = 0; n < core.length; n++) core[n] = last - core[n];
  return packed.reverse().map((p, index) => {
    const blocks = [...p.blocks].sort((a, b) => a.groupIndex - b.groupIndex);
    let local = 0;
    for (const b of blocks) {
      for (let n = 0; n < b.count; n++) homes.local[b.groupIndex][b.first + n] = local++;
    }
    return { index, blocks, usage: p.usage };
  });
}

/** Cores of each group in a packing where no two groups share a core. */
function coresPerGroup(conn: Connectivity, packed: readonly Packed[]): number[] {
  const counts = conn.groups.map(() => 0);
  for (const core of packed) counts[core.blocks[0].groupIndex]++;
  return counts;
}

/** The fewest cores: next-fit over all groups; with --chips N the neurons per core are capped so at least N cores come out. */
function packForCores(conn: Connectivity, model: SynapseWordModel, spec: ChipSpec, homes: NeuronHomes, chips: number | undefined): Packed[] {
  const packed = pack(conn, model, spec.core, spec.name, homes);
  if (chips === undefined || packed.length >= chips) return packed;
  const totalNeurons = conn.groups.reduce((n, g) => n + g.size, 0);
  if (totalNeurons < chips) throw new LoomError('split-too-few-neurons', { chips, amount: totalNeurons, limit: chips });
  homes.core.forEach((c) => c.fill(-1));
  return pack(conn, model, { ...spec.core, neurons: Math.min(spec.core.neurons, Math.floor(totalNeurons / chips)) }, spec.name, homes);
}

/** The objective's predicted step (ns) of a packing, before placement (compiler/cost/estimate.ts). */
function predictedNs(conn: Connectivity, packed: readonly Packed[], ctx: PassContext, objective: SpeedObjective): number {
  const cores = packed.map((p, index) => ({ index, blocks: p.blocks, usage: p.usage }));
  const p = evaluateSpeed(unplacedSpeedModel(conn, cores, ctx.activity, ctx.chip), ctx.chip);
  return objective === 'latency' ? p.fallThroughNs : p.pipelinedNs;
}

/** Searches with a smaller core budget before a speed objective gives up on cores of its own per group. */
const SPILL_RETRIES = 6;

interface Mapped {
  readonly packed: Packed[];
  readonly mapping: MappingDecision;
}

/** Cores of its own for every group, as many as lower the predicted objective (falls back to `cores` when the groups cannot have cores of their own). */
function packForSpeed(conn: Connectivity, model: SynapseWordModel, ctx: PassContext, homes: NeuronHomes, objective: SpeedObjective, available: number): Mapped {
  const spec = ctx.chip;
  const fewest = pack(conn, model, spec.core, spec.name, homes, { fresh: true });
  let fewestCores: Packed[] | undefined;
  const packedFewest = (): Packed[] => (fewestCores ??= packForCores(conn, model, spec, emptyHomes(conn), ctx.chips));
  const fallback = (reason: string): Mapped => {
    const packed = packedFewest();
    homes.core.forEach((c) => c.fill(-1));
    packed.forEach((core, i) => core.blocks.forEach((b) => homes.core[b.groupIndex].fill(i, b.first, b.first + b.count)));
    return { packed, mapping: { objective, fallback: reason } };
  };
  const checked = (packed: Packed[], mapping: MappingDecision): Mapped =>
    ctx.chips !== undefined && packed.length < ctx.chips ? fallback(`--chips ${ctx.chips} needs at least ${ctx.chips} cores; the ${objective} mapping uses ${packed.length}`) : { packed, mapping };
  if (fewest.length > available) return fallback(`${fewest.length} cores are needed to give every group cores of its own; ${available} are available`);
  const active = nodeActivity(conn, ctx.activity);
  const start = coresPerGroup(conn, fewest);
  // A balanced slice that does not fit one core spills onto another; when that overshoots, search again with fewer cores.
  let budget = available;
  for (let attempt = 0; attempt < SPILL_RETRIES; attempt++) {
    const allocation = allocateCores(conn, spec, active, start, budget, objective);
    homes.core.forEach((c) => c.fill(-1));
    const packed = pack(conn, model, spec.core, spec.name, homes, { slices: allocation.cuts });
    if (packed.length <= available) {
      const spread = predictedNs(conn, packed, ctx, objective);
      if (predictedNs(conn, packedFewest(), ctx, objective) <= spread) return fallback('packing onto the fewest cores predicts no slower a step');
      return checked(packed, { objective, predictedNs: allocation.predictedNs, fewestCoresNs: allocation.startNs });
    }
    budget -= packed.length - available;
    if (budget < fewest.length) break;
  }
  return fallback(`balanced slices spill past the ${available} cores available`);
}

/** Split and pack for the context's objective (compiler/cost/objective.ts); every core within every resource limit. */
export function split(ir: CompilerIR, ctx: PassContext): PhysicalPlan {
  const spec = ctx.chip;
  const conn = connectivity(ir, spec.core.stateWordBits);
  const model = synapseWordModel(spec.core);
  checkPrograms(conn, spec.core, spec.name);
  const chips = ctx.chips;
  const available = (chips ?? spec.chips.count) * spec.coresPerChip;
  const objective = ctx.objective ?? defaultObjective(ctx.mode);
  const homes = emptyHomes(conn);
  const { packed, mapping } =
    objective === 'cores'
      ? { packed: packForCores(conn, model, spec, homes, chips), mapping: { objective } }
      : packForSpeed(conn, model, ctx, homes, objective, Math.min(chips ?? spec.chips.count, spec.chips.count) * spec.coresPerChip);
  const bound = resourceBound(conn, model, spec.core);
  if (packed.length > available) {
    const detail = `lower bound ${bound.lowerBound} from ${RESOURCE_LABELS[bound.binding]}: ${bound.totals[bound.binding]} in all, ${bound.capacity[bound.binding]} per core`;
    const target = chips !== undefined ? `--chips ${chips} × ${spec.coresPerChip} cores of chip spec ${spec.name}` : `chip spec ${spec.name} (${spec.chips.count} chips × ${spec.coresPerChip} cores)`;
    throw new LoomError('split-too-many-cores', { amount: packed.length, detail, target, limit: available });
  }
  return { cores: finish(packed, homes), bound, mapping };
}
