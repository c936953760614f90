// Pass `place`: map logical cores to (chip, core) positions minimising hop-weighted traffic — greedy affinity seed, then seeded simulated annealing.
//
// Traffic between logical cores is estimated per token (compiler/physical/traffic.ts); a message's cost
// is its priced mesh hops plus chip crossings (compiler/physical/topology.ts). The program uses the fewest
// chips that hold its cores, chosen as a compact cluster over the chip links; `--chips N` spreads it over N
// chips with balanced quotas (⌊cores / N⌋ or ⌈cores / N⌉ each), so every one of them is used. The search
// starts from the better of the greedy seed and the naive in-order placement and keeps the best placement
// it sees, so the result is never worse than naive. Same inputs and seed → same placement.
import type { ChipSpec } from '../../isa/chip/schema.ts';
import { LoomError } from '../../isa/diagnostics/index.ts';
import { Rng } from '../../models/random.ts';
import type { PhysicalPlan } from '../ir/physical.ts';
import type { CompilerIR } from '../ir/types.ts';
import type { PassContext } from '../pass.ts';
import { connectivity, neuronHomes } from '../physical/connectivity.ts';
import { affinity, greedyPlacement, naivePlacement, placementCost, refinePlacement } from '../physical/placement.ts';
import { chooseChips, hopPrices, positionSet, type PositionSet } from '../physical/topology.ts';
import { estimateTraffic } from '../physical/traffic.ts';

/** Chips to use and each one's quota of logical cores. */
function chipQuotas(spec: ChipSpec, cores: number, forced: number | undefined): { chips: number[]; quota: Int32Array } {
  if (forced === undefined) {
    const count = Math.ceil(cores / spec.coresPerChip);
    return { chips: chooseChips(spec, count), quota: new Int32Array(count).fill(spec.coresPerChip) };
  }
  if (!Number.isInteger(forced) || forced < 1 || forced > spec.chips.count) {
    throw new LoomError('place-chips-option', { chips: forced, spec: spec.name, limit: spec.chips.count });
  }
  if (cores < forced) throw new LoomError('place-chips-too-few-cores', { chips: forced, amount: cores });
  const quota = Int32Array.from({ length: forced }, (_, i) => Math.floor(cores / forced) + (i < cores % forced ? 1 : 0));
  return { chips: chooseChips(spec, forced), quota };
}

/** Annealing steps: enough for every core to be tried at many positions, bounded for big programs. */
function refinementSteps(cores: number): number {
  return Math.min(400_000, Math.max(20_000, 2_000 * cores));
}

function chipsUsed(ps: PositionSet, assign: Int32Array): number {
  return new Set(Array.from(assign, (p) => ps.slot[p])).size;
}

export function place(ir: CompilerIR, plan: PhysicalPlan, ctx: PassContext): PhysicalPlan {
  const spec = ctx.chip;
  const conn = connectivity(ir, spec.core.stateWordBits);
  const m = plan.cores.length;
  const traffic = estimateTraffic(conn, neuronHomes(conn, plan.cores), m, ctx.activity);
  const { chips, quota } = chipQuotas(spec, m, ctx.chips);
  const ps = positionSet(spec, chips, quota);
  const prices = hopPrices(spec);
  const aff = affinity(traffic, m);
  const naive = naivePlacement(ps, m);
  const greedy = greedyPlacement(aff, ps, prices);
  const naiveCost = placementCost(aff, ps, prices, naive);
  const greedyCost = placementCost(aff, ps, prices, greedy);
  const start = greedyCost <= naiveCost ? greedy : naive;
  const refined = refinePlacement(aff, ps, prices, start, new Rng(ctx.seed), refinementSteps(m));
  const startCost = Math.min(naiveCost, greedyCost);
  // Annealing tracks its cost incrementally; keep the start if rounding made the exact cost worse.
  const assign = placementCost(aff, ps, prices, refined.assign) <= startCost ? refined.assign : start;
  const cores = plan.cores.map((core, i) => {
    const p = assign[i];
    return { ...core, position: { chip: chips[ps.slot[p]], core: ps.core[p], x: ps.x[p], y: ps.y[p] } };
  });
  const placement = {
    hopWeightedTraffic: placementCost(aff, ps, prices, assign),
    naiveHopWeightedTraffic: naiveCost,
    greedyHopWeightedTraffic: greedyCost,
    chipsUsed: chipsUsed(ps, assign),
    chips,
    refinementMoves: refined.moves,
    acceptedMoves: refined.accepted,
  };
  return { ...plan, cores, traffic, placement };
}
