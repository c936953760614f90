// A Python user opens Loom's QGraph with the standard `safetensors` library and sees the same integers.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../../../models/bundled/index.ts';
import { readQGraphFile } from '../../../models/qgraph/format.ts';

/** Where safetensors can be imported from: already installed, or installed offline from the machine's wheel folder. */
function pythonPath(): string | null {
  const probe = (path: string) => spawnSync('python3', ['-c', 'import safetensors, numpy'], { env: { ...process.env, PYTHONPATH: path } }).status === 0;
  if (spawnSync('python3', ['--version']).status !== 0) return null;
  if (probe('')) return '';
  const target = new URL('../../../node_modules/.cache/loom-python', import.meta.url).pathname;
  if (probe(target)) return target;
  mkdirSync(target, { recursive: true });
  spawnSync('python3', ['-m', 'pip', 'install', '--quiet', '--no-index', '--find-links', '/opt/pypi/files', '--target', target, 'safetensors'], { stdio: 'ignore' });
  return probe(target) ? target : null;
}

const path = pythonPath();

describe('QGraph in Python', () => {
  it.skipIf(path === null)('safetensors.numpy.load_file reads every tensor with the same dtype, shape and sum', () => {
    const script = `
import json, sys
from safetensors import safe_open
from safetensors.numpy import load_file
f = sys.argv[1]
d = load_file(f)
with safe_open(f, "np") as h: meta = h.metadata()
print(json.dumps({"format": meta["format"], "ops": len(json.loads(meta["graph"])["ops"]),
  "tensors": {k: [str(v.dtype), list(v.shape), int(v.astype("int64").sum())] for k, v in d.items()}}))
`;
    const out = JSON.parse(execFileSync('python3', ['-c', script, DEFAULT_MODEL.file], { env: { ...process.env, PYTHONPATH: path! }, encoding: 'utf8' }));
    const graph = readQGraphFile(DEFAULT_MODEL.file);
    expect(out.format).toBe('loom.qgraph');
    expect(out.ops).toBe(graph.spec.ops.length);
    expect(Object.keys(out.tensors).sort()).toEqual([...graph.tensors.keys()].sort());
    for (const [name, t] of graph.tensors) {
      const dtype = t.data instanceof Int8Array ? 'int8' : t.data instanceof Int16Array ? 'int16' : 'int32';
      let sum = 0;
      for (const v of t.data) sum += v;
      expect(out.tensors[name]).toEqual([dtype, [...t.shape], sum]);
    }
  });
});
