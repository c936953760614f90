// The `loom` command end to end: model → export → reference, and one-line errors with no half-written output.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../../models/bundled/index.ts';
import { loadCheckpoint } from '../../models/s5/checkpoint.ts';
import { readQGraphFile } from '../../models/qgraph/format.ts';

const bin = new URL('../../bin/loom.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'loom-cli-'));

function loom(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('loom CLI', () => {
  it('model → export → reference works and writes valid files', () => {
    const ckpt = join(dir, 'm.safetensors');
    const qg = join(dir, 'm.qgraph.safetensors');
    const made = loom('model', '--width', '0.5', '--sparsity', '0.9', '--seed', '4', '-o', ckpt);
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain('90.0 %');
    expect(loadCheckpoint(ckpt).hyper.hidden).toBe(96);
    const exported = loom('export', ckpt, '-o', qg, '--fidelity-frames', '50');
    expect(exported.status, exported.stderr).toBe(0);
    const snr = Number(/SNR ([\d.]+) dB/.exec(exported.stdout)?.[1]);
    expect(snr).toBeGreaterThan(30);
    expect(readQGraphFile(qg).spec.ops).toHaveLength(12);
    const ran = loom('reference', qg, '--frames', '20');
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/blocks\.2\.glu\s+glu_residual/);
    expect(ran.stdout).toContain('frames 20');
  });

  it('a missing input is one line on stderr, exit 1, and no output file', () => {
    const out = join(dir, 'never.qgraph.safetensors');
    const r = loom('export', join(dir, 'missing.safetensors'), '-o', out);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('L100');
    expect(r.stderr).toContain('missing.safetensors');
    expect(existsSync(out)).toBe(false);
  });

  it('a truncated QGraph is a typed error naming the file, not a crash', () => {
    const broken = join(dir, 'broken.qgraph.safetensors');
    writeFileSync(broken, readFileSync(DEFAULT_MODEL.file).subarray(0, 1000));
    const r = loom('reference', broken, '--frames', '2');
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/L10[14].*broken\.qgraph\.safetensors/);
  });

  it('a bad option value exits 2 with a usage hint', () => {
    const r = loom('model', '--width', 'wide', '-o', join(dir, 'x.safetensors'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--width must be a number');
  });

  it('leaves no temporary files behind', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
