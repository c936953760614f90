// Energy prices (pJ per action) from the chip spec's energy table, static power, and the energy report by operation, core and chip.
import type { ChipSpec } from '../isa/chip/schema.ts';
import { energyPrices as costEnergyPrices } from '../isa/chip/costs.ts';
import { ACTION_COUNT, ACTIONS, price, priceByAction, type ActionName } from './actions.ts';

/** pJ per action, from the chip's cost table (isa/chip/costs.ts). */
export const energyPrices = costEnergyPrices;

/** Static energy (pJ) of `chips` chips over `ns` simulated nanoseconds: W · ns = nJ = 1,000 pJ. */
export function staticEnergyPj(spec: ChipSpec, chips: number, ns: number): number {
  return spec.energy.staticWattsPerChip * chips * ns * 1e3;
}

/** Active (time-proportional dynamic) energy (pJ) of `chips` running chips over `ns` simulated nanoseconds. */
export function activeEnergyPj(spec: ChipSpec, chips: number, ns: number): number {
  return spec.energy.activeWattsPerChip * chips * ns * 1e3;
}

/** Operations of the `by_op` breakdown: every action, hops summed over directions, instructions by class, and static. */
export type EnergyOp = Exclude<ActionName, 'hop_east_west' | 'hop_north_south'> | 'hop' | 'active' | 'static';

export interface EnergyReport {
  readonly totalPj: number;
  /** Counted actions plus active (time-proportional) power. */
  readonly dynamicPj: number;
  readonly staticPj: number;
  readonly byOpPj: Readonly<Record<EnergyOp, number>>;
  /** Action energy per core (its own actions plus the hops and chip crossings of the messages it sent); active power is charged per chip. */
  readonly byCorePj: Float64Array;
  /** Per chip in use (ascending chip index): dynamic = its cores' action energy + its active energy; and its static energy. */
  readonly byChip: readonly { readonly chip: number; readonly dynamicPj: number; readonly staticPj: number }[];
}

/**
 * Energy of a run: `coreCounts` is the [cores × ACTION_COUNT] action matrix, `coreChip[c]` the chip
 * of core c, `simulatedNs` the time static power is charged for.
 */
export function energyReport(spec: ChipSpec, coreCounts: Float64Array, coreChip: Int32Array, simulatedNs: number): EnergyReport {
  const prices = energyPrices(spec);
  const cores = coreChip.length;
  const totals = new Float64Array(ACTION_COUNT);
  const byCorePj = new Float64Array(cores);
  for (let c = 0; c < cores; c++) {
    byCorePj[c] = price(coreCounts, prices, undefined, c * ACTION_COUNT);
    for (let a = 0; a < ACTION_COUNT; a++) totals[a] += coreCounts[c * ACTION_COUNT + a];
  }
  const chips = [...new Set(coreChip)].sort((a, b) => a - b);
  const perChipStatic = staticEnergyPj(spec, 1, simulatedNs);
  const perChipActive = activeEnergyPj(spec, 1, simulatedNs);
  const staticPj = perChipStatic * chips.length;
  const activePj = perChipActive * chips.length;
  const dynamicPj = price(totals, prices) + activePj;
  const byAction = priceByAction(totals, prices);
  const byOpPj = {} as Record<EnergyOp, number>;
  for (const name of ACTIONS) {
    if (name === 'hop_east_west' || name === 'hop_north_south') byOpPj.hop = (byOpPj.hop ?? 0) + byAction[name];
    else byOpPj[name] = byAction[name];
  }
  byOpPj.active = activePj;
  byOpPj.static = staticPj;
  const byChip = chips.map((chip) => {
    let dyn = 0;
    for (let c = 0; c < cores; c++) if (coreChip[c] === chip) dyn += byCorePj[c];
    return { chip, dynamicPj: dyn + perChipActive, staticPj: perChipStatic };
  });
  return { totalPj: dynamicPj + staticPj, dynamicPj, staticPj, byOpPj, byCorePj, byChip };
}

/** One line for reports: the time-proportional power every per-token energy includes, and why the two modes differ. */
export function powerAssumptions(spec: ChipSpec): string {
  const e = spec.energy;
  return (
    `Per chip in use, ${e.staticWattsPerChip} W static (leakage) and ${e.activeWattsPerChip} W active (clocks, barriers; counted as dynamic) ` +
    `are charged for the simulated time (chip spec ${spec.name}); both modes do the same actions per token, so their energies per token differ by that power × their step times.`
  );
}
