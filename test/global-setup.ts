// One scratch folder for the whole test run: every test's temporary files (os.tmpdir() reads TMPDIR, which the
// workers and the CLI processes they start inherit) land in it, and it is removed when the run ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'loom-tests-'));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
