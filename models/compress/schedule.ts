// Schedules of the compression recipe: the cubic gradual-pruning sparsity (Zhu & Gupta; golden `pruning_schedule`) and the ReLUfication blend.

export interface PruningSchedule {
  /** Final sparsity (fraction of prunable weights set to zero). */
  readonly target: number;
  /** First step at which sparsity rises above zero. */
  readonly start: number;
  /** Step by which the target is reached. */
  readonly end: number;
  /** Exponent of the ramp (3: cubic). */
  readonly power?: number;
}

/**
 * Sparsity at `step`: progress = clip(step + 1 − start, 0, end − start)/(end − start),
 * sparsity = target·(1 − (1 − progress)^power). Reaches the target at step end − 1.
 */
export function scheduledSparsity(s: PruningSchedule, step: number): number {
  const span = s.end - s.start;
  if (span <= 0) return step + 1 >= s.start ? s.target : 0;
  const progress = Math.min(Math.max(step + 1 - s.start, 0), span) / span;
  return s.target * (1 - (1 - progress) ** (s.power ?? 3));
}

/** ReLUfication blend α at `step`: linear from 0 to 1 over `steps` steps (α = 1 from the start when steps = 0). */
export function relufyAlpha(steps: number, step: number): number {
  return steps <= 0 ? 1 : Math.min(1, (step + 1) / steps);
}
