// Structural validity of a ChipImage (limits, lengths, references): run by the writer before encoding and by the reader after decoding.
import { sectionLabel } from './errors.ts';
import { SECTION_LIST } from './layout.ts';
import type { CheckContext } from './section.ts';
import type { ChipImage } from './types.ts';

function checkContext(image: ChipImage, file: string): CheckContext {
  let cores: Map<number, number> | undefined;
  const groups = new Map<number, Uint16Array>();
  return {
    file,
    place: (section) => ({ file, section: sectionLabel(section) }),
    coreIndex(chip, core) {
      cores ??= new Map(image.cores.map((c, i) => [c.chip * 0x10000 + c.core, i]));
      return cores.get(chip * 0x10000 + core) ?? -1;
    },
    neuronGroups(c) {
      let table = groups.get(c);
      if (!table) {
        const core = image.cores[c];
        table = new Uint16Array(core.neuronCount);
        core.groups.forEach((g, i) => table!.fill(i, g.firstNeuron, g.firstNeuron + g.neuronCount));
        groups.set(c, table);
      }
      return table;
    },
  };
}

/**
 * Throw the first structural problem of `image` as a LoomError (codes 509–512) naming the section;
 * sections are checked in registry order, so later checks may rely on earlier ones (core table first).
 * `file` names the image in messages (a path, or `image` for one still in memory).
 */
export function validateImage(image: ChipImage, file = 'image'): void {
  const ctx = checkContext(image, file);
  for (const codec of SECTION_LIST) codec.check(image, ctx);
}
