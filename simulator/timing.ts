// Time prices (ns per action) from the chip spec's timing table, the barrier, and the max-affine lower bound of a step.
import type { ChipSpec, SynapticUnit } from '../isa/chip/schema.ts';
import { barrierNs } from '../isa/chip/schema.ts';
import { coreOccupancyNs, timePrices as costTimePrices } from '../isa/chip/costs.ts';
import { ACTION_COUNT, type PriceTable, type Quantity } from './actions.ts';

/** ns per action, from the chip's cost table (isa/chip/costs.ts). */
export const timePrices = costTimePrices;

/** Barrier closing every step of an image using `cores` cores on `chips` chips (isa/chip barrierNs). */
export function stepBarrierNs(spec: ChipSpec, cores: number, chips: number): number {
  return barrierNs(spec, cores, chips);
}

/**
 * The max-affine lower bound of one step (after Timcheck et al.): no schedule can finish a step
 * faster than its busiest core's own work, nor than its busiest link's transfers, plus the barrier.
 * `coreCounts` is a [cores × ACTION_COUNT] matrix of the step's action counts; `linkPackets[l]` the
 * packets link l carried, each occupying it `linkOccupancyNs[l]`.
 */
export function maxAffineBoundNs(
  coreCounts: Float64Array,
  cores: number,
  prices: PriceTable<'ns'>,
  linkPackets: ArrayLike<number>,
  linkOccupancyNs: ArrayLike<number>,
  barrier: number,
  units: SynapticUnit,
): number {
  let worst = 0;
  for (let c = 0; c < cores; c++) worst = Math.max(worst, coreBusyNs(coreCounts, c, prices, units));
  for (let l = 0; l < linkPackets.length; l++) worst = Math.max(worst, linkPackets[l] * linkOccupancyNs[l]);
  return worst + barrier;
}

/** Busy time of core `c`'s actions in a [cores × ACTION_COUNT] count matrix (its units shared or separate). */
export function coreBusyNs(coreCounts: Float64Array, c: number, prices: PriceTable<'ns'>, units: SynapticUnit): Quantity<'ns'> {
  return coreOccupancyNs(coreCounts, prices, units, c * ACTION_COUNT);
}
