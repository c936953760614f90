// 6xx diagnostics: chip-spec YAML files and presets (syntax, fields, ranges, topology, `extends`).
import type { DiagnosticTable } from './types.ts';

export const CHIP_SPEC_DIAGNOSTICS = {
  'chip-spec-yaml': {
    code: 600,
    template: '{source}: YAML syntax error at line {line}, column {column}: {detail}',
    hint: 'fix the YAML at that line (indentation, a missing colon or an unclosed bracket are the usual causes)',
  },
  'chip-spec-unknown-preset': {
    code: 601,
    template: 'unknown chip preset "{name}"; known presets: {known}',
    hint: 'name one of the presets, or pass the path of a chip-spec .yaml file',
  },
  'chip-spec-missing': {
    code: 602,
    template: '{source}: required field {path} is missing',
    hint: 'add the field (isa/chip/README.md lists every field), or start from a preset with `extends: loihi2`',
  },
  'chip-spec-type': {
    code: 603,
    template: '{source}: field {path} is {actual}; expected {expected}',
    hint: 'write the value as the README describes it (numbers without units; the unit is in the field name)',
  },
  'chip-spec-range': {
    code: 604,
    template: '{source}: field {path} = {value}; it must be {constraint}',
    hint: 'choose a value in the allowed range',
  },
  'chip-spec-unknown-key': {
    code: 605,
    template: '{source}: unknown field {path}{suggestion}; fields allowed here: {known}',
    hint: 'fix the spelling or remove the field',
  },
  'chip-spec-mesh': {
    code: 606,
    template: '{source}: coresPerChip = {cores} does not fit the {cols}×{rows} mesh ({capacity} positions)',
    hint: 'lower coresPerChip or enlarge mesh.cols / mesh.rows',
  },
  'chip-spec-chips': {
    code: 607,
    template: '{source}: chips: {detail}',
    hint: 'give either chips.grid {x, y, z} or chips.positions (a list of {x, y, z}), with distinct positions',
  },
  'chip-spec-links': {
    code: 608,
    template: '{source}: links: {detail}',
    hint: 'with topology "explicit" list pairs of distinct chip indices, each pair once, connecting every chip',
  },
  'chip-spec-extends': {
    code: 609,
    template: '{source}: extends {target}: {detail}',
    hint: 'extend a preset name or an existing chip-spec file, without cycles',
  },
} as const satisfies DiagnosticTable;
