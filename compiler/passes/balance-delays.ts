// Pass `balance-delays`: give every node its pipeline stage and insert relay stages on short paths so pipelined execution stays aligned.
//
// In pipelined mode each hop between neuron groups costs one timestep, so a group whose inputs come
// from different stages (the S5 block's skip paths: u into the output neuron's D port and into the
// GLU neuron's residual port) needs the shorter paths delayed. A relay neuron passes its input on
// unchanged, so a chain of k relays delays by k steps when pipelined and by nothing in fall-through:
// one image runs in both modes. Fall-through-only compiles skip the relays.
import type { CompilerIR, IrNode, NeuronGroup, SynapseGroup } from '../ir/types.ts';
import { programFor } from './fuse.ts';
import { diagonal } from './lower.ts';

/** Stage of every node: the host input is −1 (its messages arrive before step 0), a group is 1 + its latest input. */
export function pipelineStages(nodes: readonly IrNode[], synapses: readonly SynapseGroup[]): Map<string, number> {
  const stages = new Map<string, number>();
  for (const node of nodes) {
    if (node.kind === 'input') {
      stages.set(node.name, -1);
      continue;
    }
    let stage = 0;
    for (const s of synapses) if (s.target.group === node.name) stage = Math.max(stage, stages.get(s.source.node)! + 1);
    stages.set(node.name, stage);
  }
  return stages;
}

function relayGroup(source: IrNode, channel: number, index: number): NeuronGroup {
  const outExp = source.kind === 'input' ? source.exp : source.outExp;
  const layer = source.kind === 'input' ? 'input' : source.layer;
  return {
    kind: 'neuronGroup',
    name: `${source.name}.delay${channel > 0 ? `.ch${channel}` : ''}.${index}`,
    layer,
    size: source.size,
    fn: { kind: 'relay' },
    fused: ['pipeline delay (relay)'],
    channels: 1,
    outExp,
    params: new Int32Array(0),
    paramWords: 0,
    program: programFor({ kind: 'relay' }),
  };
}

export function balanceDelays(ir: CompilerIR): CompilerIR {
  const stages = pipelineStages(ir.nodes, ir.synapses);
  const outputStage = stages.get(ir.output.group)!;
  if (ir.mode === 'fall-through') return { ...ir, stages, pipelineDepth: 0 };
  // Deepest delay each (source, channel) needs.
  const needed = new Map<string, number>();
  for (const s of ir.synapses) {
    const lag = stages.get(s.target.group)! - stages.get(s.source.node)! - 1;
    const key = `${s.source.node}#${s.source.channel}`;
    if (lag > 0) needed.set(key, Math.max(needed.get(key) ?? 0, lag));
  }
  const nodes: IrNode[] = [];
  const synapses: SynapseGroup[] = [];
  const chains = new Map<string, NeuronGroup[]>();
  for (const node of ir.nodes) {
    nodes.push(node);
    const channels = node.kind === 'input' ? 1 : node.channels;
    for (let ch = 0; ch < channels; ch++) {
      const depth = needed.get(`${node.name}#${ch}`) ?? 0;
      if (depth === 0) continue;
      const chain = Array.from({ length: depth }, (_, i) => relayGroup(node, ch, i + 1));
      chain.forEach((relay, i) => {
        nodes.push(relay);
        const from = i === 0 ? { node: node.name, channel: ch } : { node: chain[i - 1].name, channel: 0 };
        synapses.push({ kind: 'synapseGroup', name: `${relay.name}.in`, source: from, target: { group: relay.name, port: 0 }, weights: diagonal(node.size), weightExp: 0, identity: true });
      });
      chains.set(`${node.name}#${ch}`, chain);
    }
  }
  for (const s of ir.synapses) {
    const lag = stages.get(s.target.group)! - stages.get(s.source.node)! - 1;
    const chain = chains.get(`${s.source.node}#${s.source.channel}`);
    synapses.push(lag > 0 && chain ? { ...s, source: { node: chain[lag - 1].name, channel: 0 } } : s);
  }
  // Synapse groups listed in the order of their targets, so dumps read top to bottom.
  const order = new Map(nodes.map((n, i) => [n.name, i]));
  synapses.sort((a, b) => order.get(a.target.group)! - order.get(b.target.group)!);
  const balanced = { ...ir, nodes, synapses };
  return { ...balanced, stages: pipelineStages(nodes, synapses), pipelineDepth: outputStage };
}
