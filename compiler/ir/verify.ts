// IR verifier: run between passes (always in tests, with --verify on the command line); messages quote both ends of a broken edge.
import type { CompilerIR, IrNode } from './types.ts';

/** Problems found, empty when the IR is consistent. */
export function verifyIr(ir: CompilerIR): string[] {
  const problems: string[] = [];
  const position = new Map<string, number>();
  ir.nodes.forEach((n, i) => {
    if (position.has(n.name)) problems.push(`node ${n.name} is defined twice`);
    position.set(n.name, i);
    if (n.kind === 'neuronGroup') {
      if (n.params.length !== n.size * n.paramWords) problems.push(`group ${n.name}: ${n.params.length} parameter words ≠ size ${n.size} × ${n.paramWords}`);
      if (n.program && n.program.info.params !== n.paramWords) problems.push(`group ${n.name}: program ${n.program.name} reads ${n.program.info.params} params, group stores ${n.paramWords}`);
      for (let i = 0; i < n.params.length; i++) {
        if (n.params[i] < -32768 || n.params[i] > 32767) {
          problems.push(`group ${n.name}: parameter word ${i} = ${n.params[i]} does not fit 16 bits`);
          break;
        }
      }
    }
  });
  const byName = new Map<string, IrNode>(ir.nodes.map((n) => [n.name, n]));
  for (const s of ir.synapses) {
    const src = byName.get(s.source.node);
    const dst = byName.get(s.target.group);
    const edge = `synapse group ${s.name} (${s.source.node}.ch${s.source.channel} → ${s.target.group}.p${s.target.port})`;
    if (!src || !dst) {
      problems.push(`${edge}: ${!src ? `source ${s.source.node}` : `target ${s.target.group}`} does not exist`);
      continue;
    }
    if (dst.kind !== 'neuronGroup') {
      problems.push(`${edge}: target is the host input`);
      continue;
    }
    const srcChannels = src.kind === 'input' ? 1 : src.channels;
    if (s.source.channel >= srcChannels) problems.push(`${edge}: source has ${srcChannels} channel(s)`);
    if (s.weights.cols !== src.size) problems.push(`${edge}: source width ${src.size} ≠ weight columns ${s.weights.cols}`);
    if (s.weights.rows !== dst.size) problems.push(`${edge}: target width ${dst.size} ≠ weight rows ${s.weights.rows}`);
    if (dst.program && s.target.port >= dst.program.info.ports) problems.push(`${edge}: program ${dst.program.name} has ${dst.program.info.ports} port(s)`);
    if (position.get(src.name)! >= position.get(dst.name)!) problems.push(`${edge}: source comes after target (not topological)`);
  }
  const out = byName.get(ir.output.group);
  if (!out || out.kind !== 'neuronGroup') problems.push(`output group ${ir.output.group} does not exist`);
  return problems;
}

/** Throw when the IR is inconsistent: a compiler bug, not a user error. */
export function assertValidIr(ir: CompilerIR, after: string): void {
  const problems = verifyIr(ir);
  if (problems.length > 0) throw new Error(`IR invalid after pass ${after}:\n  ${problems.join('\n  ')}`);
}
