// Image diagnostics with their place: file, part of the image (file header, section table, section X) and byte offset.
import type { IMAGE_DIAGNOSTICS } from '../diagnostics/image.ts';
import { LoomError, type DiagnosticArgs } from '../diagnostics/index.ts';

export type ImageDiagnosticId = keyof typeof IMAGE_DIAGNOSTICS;

/**
 * Where a decoder or checker is. `section` is the label messages print (`section synapses`);
 * `base` is the absolute file offset of the bytes being decoded, or undefined when checking an
 * in-memory image (no byte offsets then).
 */
export interface Place {
  readonly file: string;
  readonly section: string;
  readonly base?: number;
}

/** A LoomError naming the file and section; `at` (relative to place.base) becomes `[at byte N]`. */
export function imageError(place: Place, id: ImageDiagnosticId, args: DiagnosticArgs, at?: number): LoomError {
  const location = place.base !== undefined && at !== undefined ? `byte ${place.base + at}` : undefined;
  return new LoomError(id, { file: place.file, section: place.section, ...args }, location);
}

/** Label of a section in messages. */
export function sectionLabel(name: string): string {
  return `section ${name}`;
}
