// 5xx diagnostics (500–549): chip image files (*.limg) — framing, section table, section contents and structural validity.
import type { DiagnosticTable } from './types.ts';

/**
 * Every template names the file and the part of the image (`file header`, `section table`,
 * `section synapses`, …); decoders add the absolute byte offset as the error's location.
 */
export const IMAGE_DIAGNOSTICS = {
  'image-magic': {
    code: 500,
    template: '{file}: {section}: magic bytes are {actual}; a Loom chip image starts with {expected}',
    hint: 'this is not a Loom chip image; create one with `loom compile`',
  },
  'image-version': {
    code: 501,
    template: '{file}: {section}: image format version {actual}; this Loom reads version {expected}',
    hint: 'recompile the model with this version of Loom (`loom compile`), or the file is corrupted',
  },
  'image-truncated': {
    code: 502,
    template: '{file}: {section} is truncated: it ends at byte {needed} but the file ends at byte {actual}',
    hint: 'the file is incomplete; write it again',
  },
  'image-crc': {
    code: 503,
    template: '{file}: {section}: CRC-32 mismatch over bytes [{begin}, {end}): stored {stored}, computed {computed}',
    hint: 'the file is corrupted; write it again',
  },
  'image-header': {
    code: 504,
    template: '{file}: {section}: field {field} = {value}: {detail}',
    hint: 'the file is corrupted or was not written by Loom; write it again',
  },
  'image-section-kind': {
    code: 505,
    template: '{file}: {section}: {detail}',
    hint: 'the section table is inconsistent; write the image again with this version of Loom',
  },
  'image-section-range': {
    code: 506,
    template: '{file}: {section} at bytes [{begin}, {end}): {detail}',
    hint: 'the section table is inconsistent; write the image again',
  },
  'image-overrun': {
    code: 507,
    template: '{file}: {section}: {what} needs {needed} bytes but only {available} remain in the section',
    hint: 'a count in the section points past its end; the file is corrupted',
  },
  'image-trailing': {
    code: 508,
    template: '{file}: {section}: {count} unused bytes after {what}',
    hint: 'the section is longer than its contents; the file is corrupted',
  },
  'image-field': {
    code: 509,
    template: '{file}: {section}: {field} = {value}: {detail}',
    hint: 'the value is outside what the format allows; fix the producer or write the image again',
  },
  'image-reference': {
    code: 510,
    template: '{file}: {section}: {what} refers to {target}, which does not exist ({detail})',
    hint: 'an index points at a missing core, neuron, program, port, channel or axon; fix the producer',
  },
  'image-structure': {
    code: 511,
    template: '{file}: {section}: {detail}',
    hint: 'the image is internally inconsistent; fix the producer or write the image again',
  },
  'image-limit': {
    code: 512,
    template: '{file}: {section}: {what} = {value} exceeds the format limit {limit}',
    hint: 'split the work over more cores or chips so each record fits the format',
  },
} as const satisfies DiagnosticTable;
