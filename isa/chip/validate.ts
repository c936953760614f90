// Turns a parsed (and `extends`-merged) chip-spec document into a validated, deeply frozen ChipSpec, or a LoomError naming the YAML path.
import { LoomError } from '../diagnostics/index.ts';
import { CORE_SHAPE, ENERGY_SHAPE, expectMapping, MESH_SHAPE, readLeaf, readShape, readText, required, TIMING_SHAPE } from './fields.ts';
import type { ChipSpec, MeshShape } from './schema.ts';
import { readChips, readLinks } from './topology.ts';

/** Every top-level key a chip-spec document may hold (`extends` is consumed by the loader before validation). */
export const TOP_LEVEL_KEYS = [
  'extends',
  'name',
  'description',
  'chips',
  'mesh',
  'coresPerChip',
  'core',
  'messagePayloadBits',
  'links',
  'timing',
  'energy',
] as const;

/** Check every field of `doc`; `source` names the file or preset in messages. */
export function validateChipSpec(doc: unknown, source: string): ChipSpec {
  const obj = expectMapping(doc, '', source, TOP_LEVEL_KEYS);
  const name = readText(required(obj, 'name', '', source), 'name', source);
  const description = obj.description === undefined ? '' : readText(obj.description, 'description', source);
  const chips = readChips(required(obj, 'chips', '', source), source);
  const mesh = readShape(required(obj, 'mesh', '', source), MESH_SHAPE, 'mesh', source);
  const coresPerChip = readLeaf(required(obj, 'coresPerChip', '', source), 'count', 'coresPerChip', source) as number;
  checkCoresFitMesh(coresPerChip, mesh, source);
  const spec: ChipSpec = {
    name,
    description,
    chips,
    mesh,
    coresPerChip,
    core: readShape(required(obj, 'core', '', source), CORE_SHAPE, 'core', source),
    messagePayloadBits: readLeaf(required(obj, 'messagePayloadBits', '', source), 'bits', 'messagePayloadBits', source) as number,
    links: readLinks(required(obj, 'links', '', source), chips, source),
    timing: readShape(required(obj, 'timing', '', source), TIMING_SHAPE, 'timing', source),
    energy: readShape(required(obj, 'energy', '', source), ENERGY_SHAPE, 'energy', source),
  };
  return deepFreeze(spec);
}

function checkCoresFitMesh(cores: number, mesh: MeshShape, source: string): void {
  const capacity = mesh.cols * mesh.rows;
  if (cores > capacity) {
    throw new LoomError('chip-spec-mesh', { source, cores, cols: mesh.cols, rows: mesh.rows, capacity }, 'coresPerChip');
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
