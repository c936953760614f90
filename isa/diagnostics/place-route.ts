// 4xx diagnostics: placing logical cores on chips and routing messages between them.
import type { DiagnosticTable } from './types.ts';

export const PLACE_ROUTE_DIAGNOSTICS = {
  'place-chips-option': {
    code: 400,
    template: '--chips {chips}: chip spec {spec} has {limit} chips',
    hint: 'ask for at most as many chips as the chip spec has',
  },
  'place-chips-too-few-cores': {
    code: 401,
    template: '--chips {chips}: the program has {amount} cores, fewer than the chips to spread over',
    hint: 'ask for fewer chips',
  },
  'route-format-limit': {
    code: 410,
    template: 'chip {chip} core {core}: {amount} {what} exceed the image format limit {limit}',
    hint: 'target a chip spec whose per-core limits fit the image format (at most 65,536 input axons and neurons per core)',
  },
} as const satisfies DiagnosticTable;
