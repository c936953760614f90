// 3xx diagnostics: splitting neuron groups into core-sized blocks (every per-core resource counted in hardware words).
import type { DiagnosticTable } from './types.ts';

export const SPLIT_DIAGNOSTICS = {
  'split-block-too-large': {
    code: 300,
    template: 'group {group}: block {block} needs {amount} {resource} but one core of chip spec {spec} has {limit}',
    hint: 'target a chip spec with larger cores, or use a smaller or sparser model',
  },
  'split-program-too-large': {
    code: 301,
    template: 'group {group}: program {program} needs {amount} micro-code slots but one core of chip spec {spec} has {limit}',
    hint: 'target a chip spec with more micro-code slots per core (core.microcodeSlots)',
  },
  'split-too-many-cores': {
    code: 302,
    template: 'the model needs {amount} cores ({detail}) but {target} has {limit}',
    hint: 'target a system with more chips or cores, allow more chips (--chips), or use a smaller or sparser model',
  },
  'split-too-few-neurons': {
    code: 303,
    template: '--chips {chips}: the model has {amount} neurons, fewer than the {limit} chips it was asked to spread over',
    hint: 'ask for fewer chips',
  },
} as const satisfies DiagnosticTable;
