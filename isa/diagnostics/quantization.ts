// 2xx diagnostics: calibration, quantization and fixed-point export.
import type { DiagnosticTable } from './types.ts';

export const QUANTIZATION_DIAGNOSTICS = {
  'calibration-empty': {
    code: 200,
    template: 'calibration needs at least one input frame; got {frames}',
    hint: 'pass calibration frames (for example --calib-frames 64)',
  },
  'quant-bits': {
    code: 201,
    template: 'cannot quantize {tensor} to {bits} bits: allowed {min}..{max}',
    hint: 'choose a bit width in the allowed range',
  },
  'input-width': {
    code: 210,
    template: 'input frame {frame} has {actual} values; the model expects {expected}',
    hint: 'feed frames of the model\'s input width (STFT bins)',
  },
} as const satisfies DiagnosticTable;
