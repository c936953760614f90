// Time prices (ns per action) from the chip spec's timing table, the barrier, and the max-affine lower bound of a step.
import type { ChipSpec } from '../isa/chip/schema.ts';
import { barrierNs } from '../isa/chip/schema.ts';
import { ACTION_COUNT, CORE_ACTIONS, price, priceTable, type PriceTable, type Quantity } from './actions.ts';

/** ns per action, read from `spec.timing` and nothing else. */
export function timePrices(spec: ChipSpec): PriceTable<'ns'> {
  const t = spec.timing;
  return priceTable('ns', (action) => {
    switch (action) {
      case 'synop': return t.synOpNs;
      case 'neuron_update': return t.neuronUpdateNs;
      case 'instruction_alu': return t.instructionNs.alu;
      case 'instruction_mul': return t.instructionNs.mul;
      case 'instruction_lut': return t.instructionNs.lut;
      case 'instruction_mem': return t.instructionNs.mem;
      case 'instruction_emit': return t.instructionNs.emit;
      case 'message_send': return t.messageSendNs;
      case 'message_receive': return t.messageReceiveNs;
      case 'hop_east_west': return t.hopNs.eastWest;
      case 'hop_north_south': return t.hopNs.northSouth;
      case 'chip_crossing': return t.chipCrossingNs;
    }
  });
}

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
): number {
  let worst = 0;
  for (let c = 0; c < cores; c++) worst = Math.max(worst, coreBusyNs(coreCounts, c, prices));
  for (let l = 0; l < linkPackets.length; l++) worst = Math.max(worst, linkPackets[l] * linkOccupancyNs[l]);
  return worst + barrier;
}

/** Busy time of core `c`'s actions in a [cores × ACTION_COUNT] count matrix. */
export function coreBusyNs(coreCounts: Float64Array, c: number, prices: PriceTable<'ns'>): Quantity<'ns'> {
  return price(coreCounts, prices, CORE_ACTIONS, c * ACTION_COUNT);
}
