// Text dump of the IR (for --dump-after and golden fixtures): one line per node and per synapse group, stable across runs.
import type { CompilerIR, IrNode, NeuronFunction, SynapseGroup } from './types.ts';

function describeFn(fn: NeuronFunction): string {
  const args = Object.entries(fn)
    .filter(([k]) => k !== 'kind')
    .map(([k, v]) => `${k}=${String(v)}`);
  return `${fn.kind}(${args.join(', ')})`;
}

function printNode(node: IrNode, stage: number | undefined): string {
  const at = stage === undefined ? '' : ` @stage ${stage}`;
  if (node.kind === 'input') return `input ${node.name} [${node.size}] exp ${node.exp} offset ${node.offset}${at}`;
  const program = node.program ? ` program ${node.program.name} (${node.program.info.instructions} instr)` : '';
  return `group ${node.name} [${node.size}] ${describeFn(node.fn)} ch ${node.channels} exp ${node.outExp} params ${node.paramWords}${program}${at}`;
}

function printSynapses(s: SynapseGroup): string {
  const nnz = s.weights.colStart[s.weights.cols];
  const density = nnz / Math.max(1, s.weights.rows * s.weights.cols);
  const shape = `${s.weights.rows}×${s.weights.cols}`;
  const kind = s.identity ? 'identity' : `nnz ${nnz} (${(density * 100).toFixed(1)} %) exp ${s.weightExp}`;
  return `synapses ${s.name}: ${s.source.node}.ch${s.source.channel} → ${s.target.group}.p${s.target.port} ${shape} ${kind}`;
}

export function printIr(ir: CompilerIR): string {
  const lines = [`; mode ${ir.mode}${ir.pipelineDepth === undefined ? '' : `, pipeline depth ${ir.pipelineDepth}`}, output ${ir.output.group}.ch${ir.output.channel}`];
  for (const n of ir.nodes) lines.push(printNode(n, ir.stages?.get(n.name)));
  for (const s of ir.synapses) lines.push(printSynapses(s));
  return lines.join('\n');
}
