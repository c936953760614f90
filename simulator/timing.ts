// Time prices (ns per action) from the chip spec's cost table, and the barrier that closes every step. (The max-affine bound of a step is the compiler's: compiler/cost/estimate.ts.)
import type { ChipSpec } from '../isa/chip/schema.ts';
import { barrierNs } from '../isa/chip/schema.ts';
import { timePrices as costTimePrices } from '../isa/chip/costs.ts';

/** ns per action, from the chip's cost table (isa/chip/costs.ts). */
export const timePrices = costTimePrices;

/** Barrier closing every step of an image using `cores` cores on `chips` chips (isa/chip barrierNs). */
export function stepBarrierNs(spec: ChipSpec, cores: number, chips: number): number {
  return barrierNs(spec, cores, chips);
}
