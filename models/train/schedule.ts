// Learning-rate schedule: linear warm-up, then cosine decay to a floor (or flat).
import type { OptimizerRecipe } from './recipe.ts';

/** Multiplier of the base learning rates at `step` (0-based) of `totalSteps`. */
export function lrScale(o: Pick<OptimizerRecipe, 'warmupSteps' | 'schedule' | 'minLrFraction'>, step: number, totalSteps: number): number {
  const warm = o.warmupSteps > 0 ? Math.min(1, (step + 1) / o.warmupSteps) : 1;
  if (o.schedule === 'constant') return warm;
  const progress = Math.min(1, Math.max(0, step - o.warmupSteps) / Math.max(1, totalSteps - o.warmupSteps));
  return warm * (o.minLrFraction + (1 - o.minLrFraction) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}
