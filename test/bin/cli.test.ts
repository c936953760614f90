// The `loom` command end to end: model → export → reference, and one-line errors with no half-written output.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledModel } from '../../models/bundled/index.ts';

const DEFAULT_MODEL = bundledModel('s5-w0.5-sparse90')!;
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

  it('compile --objective takes latency, throughput or cores; calibrate names an unreadable measurement file in one line', () => {
    const bad = loom('compile', 'default', '-o', join(dir, 'x.limg'), '--objective', 'fast');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--objective must be latency, throughput, cores');
    const missing = loom('calibrate', join(dir, 'none.yaml'), '-o', join(dir, 'fit.yaml'));
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('none.yaml');
    expect(existsSync(join(dir, 'fit.yaml'))).toBe(false);
  });

  it('help lists the commands, help <command> shows its options, and an unknown one is a usage error', () => {
    const all = loom('help');
    expect(all.status).toBe(0);
    expect(all.stdout).toMatch(/^\s+evaluate \[options\] <models\.\.\.>/m);
    const one = loom('help', 'evaluate');
    expect(one.status).toBe(0);
    expect(one.stdout).toContain('Usage: loom evaluate [options] <models...>');
    expect(one.stdout).toContain('--split <split>');
    const bad = loom('help', 'nope');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("unknown command 'nope'");
  });

  it('compile → inspect: writes an image and a JSON report, and inspect disassembles it', () => {
    const image = join(dir, 'm.limg');
    const report = join(dir, 'm.report.json');
    const c = loom('compile', DEFAULT_MODEL.file, '--chip', 'tiny', '-o', image, '--report', report, '--dump-after', 'balance-delays');
    expect(c.status, c.stderr).toBe(0);
    expect(c.stdout).toContain(';; IR after balance-delays');
    expect(c.stdout).toMatch(/group blocks\.0\.state \[64\] complexState/);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect(json.chipsUsed).toBeGreaterThan(1);
    expect(c.stdout).toContain(`cores used ${json.coresUsed} on ${json.chipsUsed} chip(s)`);
    const i = loom('inspect', image);
    expect(i.status, i.stderr).toBe(0);
    expect(i.stdout).toContain('sig r1, r0'); // the GLU program's sigmoid look-up, disassembled
  });

  it('a model that does not fit names the group, resource, need and limit, and writes no image', () => {
    const spec = join(dir, 'small.yaml');
    writeFileSync(spec, 'extends: tiny\nname: small\ncore:\n  synapseWords: 40\n');
    const image = join(dir, 'never.limg');
    const r = loom('compile', DEFAULT_MODEL.file, '--chip', spec, '-o', image);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/L30\d/);
    expect(r.stderr).toContain('40');
    expect(existsSync(image)).toBe(false);
  });

  it('an unknown pass for --dump-after is a usage error listing the passes', () => {
    const r = loom('compile', DEFAULT_MODEL.file, '-o', join(dir, 'x.limg'), '--dump-after', 'optimise');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('balance-delays');
  });

  it('export refuses a checkpoint trained with GELU activations (L940) and writes nothing', () => {
    const out = join(dir, 'gelu.qgraph.safetensors');
    const gelu = new URL('../../models/bundled/s5-trained-w1.5-dense.safetensors', import.meta.url).pathname;
    const r = loom('export', gelu, '-o', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('L940');
    expect(existsSync(out)).toBe(false);
  });

  it('evaluate scores a QGraph and a checkpoint on the same clips, prints the table and writes JSON; a bad split is a usage error', () => {
    const ckpt = join(dir, 'eval.safetensors');
    expect(loom('model', '--width', '0.0625', '--sparsity', '0.5', '-o', ckpt).status).toBe(0);
    const json = join(dir, 'eval.json');
    const r = loom('evaluate', DEFAULT_MODEL.file, ckpt, '--clips', '2', '--frames', '30', '--split', 'test', '--json', json);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('2 clips of the synthetic test stream (clips 16–17');
    expect(r.stdout).toMatch(/s5-w0\.5-sparse90\.qgraph\.safetensors\s+fixed point\s+0\.5/);
    expect(r.stdout).toMatch(/eval\.safetensors\s+float relu\s+0\.0625\s+50\.0 %/);
    const written = JSON.parse(readFileSync(json, 'utf8'));
    expect(written.models.map((m: { form: string }) => m.form)).toEqual(['fixed point', 'float relu']);
    const bad = loom('evaluate', ckpt, '--split', 'train');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--split must be validation or test');
  });

  it('leaves no temporary files behind', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
