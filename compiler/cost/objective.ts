// The mapping objectives of `loom compile --objective`, and the default for each compile mode.
import type { CompileMode } from '../ir/types.ts';

/** `latency`: shortest predicted fall-through step; `throughput`: shortest predicted pipelined step; `cores`: fewest cores. */
export const MAPPING_OBJECTIVES = ['latency', 'throughput', 'cores'] as const;
export type MappingObjective = (typeof MAPPING_OBJECTIVES)[number];

/** Fall-through images are mapped for latency; pipelined and both for throughput. */
export function defaultObjective(mode: CompileMode): MappingObjective {
  return mode === 'fall-through' ? 'latency' : 'throughput';
}
