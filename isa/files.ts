// File conventions every Loom command shares: read with a typed error, write atomically (temp file, then rename).
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { LoomError } from './diagnostics/index.ts';

/** Read a whole file; a missing or unreadable file is a LoomError naming it. */
export function readFileBytes(path: string): Uint8Array {
  try {
    const buf = readFileSync(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    throw new LoomError('file-unreadable', { file: path, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
  }
}

/** Write bytes or text so the path holds either the old file or the whole new one, never half of it. */
export function writeFileAtomic(path: string, contents: Uint8Array | string): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, contents);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw new LoomError('cli-output', { file: path, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
  }
}
