// validateImage on in-memory images: each structural rule is a LoomError naming the section, before anything is written.
import { describe, expect, it } from 'vitest';
import { validateImage } from '../../../isa/image/index.ts';
import type { ChipImage, CoreImage } from '../../../isa/image/types.ts';
import { expectImageError, smallImage } from './images.ts';

function withCore(c: number, patch: (core: CoreImage) => Partial<CoreImage>): ChipImage {
  const img = smallImage();
  return { ...img, cores: img.cores.map((core, i) => (i === c ? { ...core, ...patch(core) } : core)) };
}

function withImage(patch: (img: ChipImage) => Partial<ChipImage>): ChipImage {
  const img = smallImage();
  return { ...img, ...patch(img) };
}

const cases: [string, ChipImage, number, string[]][] = [
  ['format version', withImage((i) => ({ header: { ...i.header, formatVersion: 2 } })), 501, ['section meta', 'version 2']],
  ['empty chip spec', withImage((i) => ({ header: { ...i.header, chipSpec: '' } })), 509, ['section meta', 'chip spec name']],
  ['chip spec with a lone surrogate', withImage((i) => ({ header: { ...i.header, chipSpec: 'a\uD800b' } })), 509, ['section meta', 'lone UTF-16 surrogate']],
  ['chip spec over 255 bytes', withImage((i) => ({ header: { ...i.header, chipSpec: 'x'.repeat(256) } })), 512, ['section meta', 'limit 255']],
  ['fall-through with a pipeline depth', withImage((i) => ({ header: { ...i.header, mode: 'fall-through', pipelineDepth: 2 } })), 509, ['section meta', 'pipeline depth 0']],
  ['pipelined without depth', withImage((i) => ({ header: { ...i.header, pipelineDepth: 0 } })), 509, ['section meta', 'at least 1']],
  ['seed not u32', withImage((i) => ({ header: { ...i.header, seed: -1 } })), 509, ['section meta', 'seed']],
  ['no cores', withImage(() => ({ cores: [] })), 509, ['section cores', 'core count']],
  ['two cores at one address', withCore(1, () => ({ chip: 0, core: 0 })), 511, ['section cores', 'both claim chip 0 core 0']],
  ['chip beyond the chip count', withCore(1, () => ({ chip: 2 })), 510, ['section cores', 'chip 2']],
  ['groups leave a gap', withCore(0, (c) => ({ groups: [c.groups[0], { ...c.groups[1], firstNeuron: 4 }] })), 511, ['section cores', 'should start at 3']],
  ['groups miss neurons', withCore(0, () => ({ neuronCount: 5 })), 511, ['section cores', 'groups cover 4']],
  ['more neurons than the format holds', withCore(0, () => ({ neuronCount: 70000 })), 512, ['section cores', 'limit 65536']],
  ['group runs a missing program', withCore(0, (c) => ({ groups: [c.groups[0], { ...c.groups[1], program: 2 }] })), 510, ['section cores', 'program 2']],
  ['ports beyond u8', withCore(0, (c) => ({ groups: [c.groups[0], { ...c.groups[1], ports: 256 }] })), 512, ['section cores', 'ports']],
  ['params length', withCore(0, () => ({ params: new Int32Array(9) })), 511, ['section params', 'expected 10']],
  ['state length', withCore(1, () => ({ state: new Int32Array(3) })), 511, ['section state', 'expected 2']],
  ['synapse offsets out of order', withCore(1, (c) => ({ synapses: { ...c.synapses, offsets: Uint32Array.of(0, 3, 2) } })), 511, ['section synapses', 'decrease']],
  ['synapse offsets end wrong', withCore(1, (c) => ({ synapses: { ...c.synapses, offsets: Uint32Array.of(0, 2, 2) } })), 511, ['section synapses', 'end at 2']],
  ['synapse arrays disagree', withCore(1, (c) => ({ synapses: { ...c.synapses, weight: Int8Array.of(1) } })), 511, ['section synapses', 'weights']],
  ['synapse to a missing neuron', withCore(1, (c) => ({ synapses: { ...c.synapses, target: Uint16Array.of(0, 2, 1) } })), 510, ['section synapses', 'neuron 2']],
  ['synapse to a missing port', withCore(1, (c) => ({ synapses: { ...c.synapses, port: Uint8Array.of(0, 1, 0) } })), 510, ['section synapses', 'port 1']],
  ['axon slots', withCore(1, (c) => ({ axons: { ...c.axons, offsets: Uint32Array.of(0, 1) } })), 511, ['section axons', 'expected 3']],
  ['route to a missing core', withCore(1, (c) => ({ axons: { ...c.axons, destCore: Uint16Array.of(3) } })), 510, ['section axons', 'chip 0 core 3']],
  ['route to a missing axon', withCore(1, (c) => ({ axons: { ...c.axons, destAxon: Uint16Array.of(3) } })), 510, ['section axons', 'input axon 3']],
  ['input beyond the input count', withImage((i) => ({ io: { ...i.io, inputs: { ...i.io.inputs, count: 1 } } })), 510, ['section io', 'external input 1']],
  ['output produced twice', withImage((i) => ({ io: { ...i.io, outputs: { ...i.io.outputs, extIndex: Uint32Array.of(0, 0) } } })), 511, ['section io', 'more than one record']],
  ['output records ≠ output count', withImage((i) => ({ io: { ...i.io, outputs: { ...i.io.outputs, count: 3 } } })), 511, ['section io', 'one per external output']],
  ['output from a missing channel', withImage((i) => ({ io: { ...i.io, outputs: { ...i.io.outputs, channel: Uint8Array.of(0, 1) } } })), 510, ['section io', 'channel 1']],
  ['symbol for a missing core', withImage((i) => ({ symbols: { groups: [...i.symbols!.groups, { core: 2, group: 0, name: 'x', layer: 'l', neuronOffset: 0 }] } })), 510, ['section symbols', 'core 2']],
  ['symbol for a missing group', withImage(() => ({ symbols: { groups: [{ core: 1, group: 1, name: 'x', layer: 'l', neuronOffset: 0 }] } })), 510, ['section symbols', 'group 1 of core 1']],
  ['two symbols for one group', withImage((i) => ({ symbols: { groups: [...i.symbols!.groups, i.symbols!.groups[0]] } })), 511, ['section symbols', 'more than one symbol']],
];

describe('validateImage', () => {
  it('accepts the small image', () => {
    expect(() => validateImage(smallImage())).not.toThrow();
  });

  it.each(cases)('%s', (_, image, code, names) => {
    expectImageError(() => validateImage(image, 'model.limg'), code, 'model.limg', ...names);
  });
});
