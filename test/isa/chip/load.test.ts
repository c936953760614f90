// Loading and validation: each user error is a LoomError with its 6xx code and the YAML path; user files and `extends` load.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadChipSpec, parseChipSpec, presetPath } from '../../../isa/chip/load.ts';
import { CHIP_SPEC_DIAGNOSTICS } from '../../../isa/diagnostics/chip-spec.ts';
import { DIAGNOSTICS } from '../../../isa/diagnostics/index.ts';
import { loihi2With, loomErrorOf, presetText, scratchDir } from './helpers.ts';

const parse = (text: string) => () => parseChipSpec(text, 'user.yaml');

describe('diagnostic catalogue', () => {
  it('chip-spec codes are 600–699, unique, and in the global catalogue', () => {
    const codes = Object.values(CHIP_SPEC_DIAGNOSTICS).map((d) => d.code);
    expect(codes.every((c) => c >= 600 && c <= 699)).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    for (const id of Object.keys(CHIP_SPEC_DIAGNOSTICS)) expect(DIAGNOSTICS).toHaveProperty(id);
  });
});

describe('field errors name the YAML path', () => {
  it('missing field → 602 at core.synapseWords', () => {
    const e = loomErrorOf(parse(loihi2With('synapseWords')));
    expect(e.code).toBe(602);
    expect(e.location).toBe('core.synapseWords');
    expect(e.message).toContain('user.yaml: required field core.synapseWords is missing');
  });

  it('negative, zero and fractional counts → 604 at the field', () => {
    for (const bad of ['-5', '0', '8192.5']) {
      const e = loomErrorOf(parse(loihi2With('neurons', bad)));
      expect(e.code).toBe(604);
      expect(e.location).toBe('core.neurons');
      expect(e.message).toContain(`core.neurons = ${bad}; it must be a positive integer`);
    }
  });

  it('negative cost → 604 at timing.synOpNs; zero cost is allowed', () => {
    const e = loomErrorOf(parse(loihi2With('synOpNs', '-1')));
    expect([e.code, e.location]).toEqual([604, 'timing.synOpNs']);
    expect(e.message).toContain('a finite number ≥ 0');
    expect(parseChipSpec(loihi2With('synOpNs', '0'), 'user.yaml').timing.synOpNs).toBe(0);
  });

  it('wrong type → 603 naming what was found and what was expected', () => {
    const e = loomErrorOf(parse(loihi2With('neurons', '"lots"')));
    expect([e.code, e.location]).toEqual([603, 'core.neurons']);
    expect(e.message).toContain('field core.neurons is a string ("lots"); expected a positive integer');
    const m = loomErrorOf(parse('extends: loihi2\nmesh: 5\n'));
    expect([m.code, m.location]).toEqual([603, 'mesh']);
    expect(m.message).toContain('expected a mapping');
  });

  it('unknown enum value → 604 listing the allowed values', () => {
    const e = loomErrorOf(parse(loihi2With('scaling', 'cubic')));
    expect([e.code, e.location]).toEqual([604, 'timing.barrier.onChip.scaling']);
    expect(e.message).toContain('one of "log2", "linear"');
  });

  it('payload bits above 64 → 604 at messagePayloadBits', () => {
    const e = loomErrorOf(parse(loihi2With('messagePayloadBits', '65')));
    expect([e.code, e.location]).toEqual([604, 'messagePayloadBits']);
  });

  it('coresPerChip larger than the mesh → 606 at coresPerChip', () => {
    const e = loomErrorOf(parse('extends: loihi2\ncoresPerChip: 129\n'));
    expect([e.code, e.location]).toEqual([606, 'coresPerChip']);
    expect(e.message).toContain('coresPerChip = 129 does not fit the 16×8 mesh (128 positions)');
  });

  it('unknown top-level key → 605 with a did-you-mean', () => {
    const e = loomErrorOf(parse('extends: loihi2\nmessagePayloadBit: 16\n'));
    expect([e.code, e.location]).toEqual([605, 'messagePayloadBit']);
    expect(e.message).toContain('unknown field messagePayloadBit (did you mean messagePayloadBits?)');
  });

  it('unknown nested key → 605 at its path; a far-off name gets no suggestion', () => {
    const e = loomErrorOf(parse('extends: loihi2\nenergy: { colour: 3 }\n'));
    expect([e.code, e.location]).toEqual([605, 'energy.colour']);
    expect(e.message).not.toContain('did you mean');
    expect(e.message).toContain('fields allowed here: synOpPj, neuronUpdatePj');
  });

  it('an empty document → 603 (not a mapping)', () => {
    expect(loomErrorOf(parse('')).code).toBe(603);
  });
});

describe('YAML syntax and presets', () => {
  it('bad YAML → 600 with its line and column', () => {
    const e = loomErrorOf(parse('name: x\ncore: [1, 2\nmesh: 3\n'));
    expect(e.code).toBe(600);
    expect(e.message).toMatch(/user\.yaml: YAML syntax error at line \d+, column \d+/);
    expect(e.location).toMatch(/^user\.yaml:\d+:\d+$/);
  });

  it('a duplicate key → 600 at its line', () => {
    const e = loomErrorOf(parse('name: a\nname: b\n'));
    expect(e.code).toBe(600);
    expect(e.message).toContain('at line 2, column 1');
  });

  it('unknown preset → 601 listing the known ones', () => {
    const e = loomErrorOf(() => loadChipSpec('loihi3'));
    expect(e.code).toBe(601);
    expect(e.message).toContain('unknown chip preset "loihi3"; known presets: loihi2, kapoho-point, hala-point, tiny');
    const x = loomErrorOf(parse('extends: loihi3\n'));
    expect([x.code, x.location]).toEqual([601, 'extends']);
  });

  it('a path that does not exist → 100 (file unreadable)', () => {
    expect(loomErrorOf(() => loadChipSpec('/nonexistent/chip.yaml')).code).toBe(100);
  });

  it('preset files are found next to the module, whatever the working directory', () => {
    const here = fileURLToPath(new URL('.', import.meta.url));
    expect(presetPath('tiny')).toBe(resolve(here, '../../../isa/chip/presets/tiny.yaml'));
  });
});

describe('chips and links', () => {
  const withChips = (chips: string, links = '') => parse(`extends: tiny\nchips: ${chips}\n${links}`);

  it('grid and positions together → 607', () => {
    const e = loomErrorOf(withChips('{ grid: { x: 1, y: 1, z: 1 }, positions: [{ x: 0, y: 0, z: 0 }] }'));
    expect([e.code, e.location]).toEqual([607, 'chips']);
  });

  it('two chips at one position → 607 at the second', () => {
    const e = loomErrorOf(withChips('{ positions: [{ x: 0, y: 0, z: 0 }, { x: 0, y: 0, z: 0 }] }'));
    expect([e.code, e.location]).toEqual([607, 'chips.positions[1]']);
  });

  it('count disagreeing with the grid → 607 at chips.count', () => {
    const e = loomErrorOf(withChips('{ count: 5, grid: { x: 2, y: 2, z: 1 } }'));
    expect([e.code, e.location]).toEqual([607, 'chips.count']);
    expect(e.message).toContain('count is 5 but the placement has 4 chips');
  });

  it('a negative position coordinate → 604 at its path', () => {
    const e = loomErrorOf(withChips('{ positions: [{ x: 0, y: 0, z: 0 }, { x: -1, y: 0, z: 0 }] }'));
    expect([e.code, e.location]).toEqual([604, 'chips.positions[1].x']);
  });

  it('chips that are not adjacent to any other → 608 (unreachable)', () => {
    const e = loomErrorOf(withChips('{ positions: [{ x: 0, y: 0, z: 0 }, { x: 2, y: 0, z: 0 }] }'));
    expect([e.code, e.location]).toEqual([608, 'links']);
    expect(e.message).toContain('chip(s) 1 cannot be reached from chip 0');
  });

  it('explicit pairs: out of range, duplicate, and pairs with adjacent topology → 608', () => {
    const two = '{ positions: [{ x: 0, y: 0, z: 0 }, { x: 5, y: 0, z: 0 }] }';
    const range = loomErrorOf(withChips(two, 'links: { topology: explicit, messageNs: 10, pairs: [[0, 2]] }\n'));
    expect([range.code, range.location]).toEqual([608, 'links.pairs[0]']);
    const twice = loomErrorOf(withChips(two, 'links: { topology: explicit, messageNs: 10, pairs: [[0, 1], [1, 0]] }\n'));
    expect([twice.code, twice.location]).toEqual([608, 'links.pairs[1]']);
    const adjacent = loomErrorOf(withChips(two, 'links: { pairs: [[0, 1]] }\n'));
    expect([adjacent.code, adjacent.location]).toEqual([608, 'links.pairs']);
  });
});

describe('user files and extends', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  it('a complete user YAML file on disk loads with its own values', () => {
    dir = scratchDir();
    const text = presetText('loihi2')
      .replace('name: loihi2', 'name: my-board')
      .replace('grid: { x: 1, y: 1, z: 1 }', 'positions: [{ x: 0, y: 0, z: 0 }, { x: 0, y: 0, z: 3 }]')
      .replace('topology: adjacent', 'topology: explicit\n  pairs: [[0, 1], { a: 1, b: 0, messageNs: 25 }]')
      .replace(/neurons: 8192/, 'neurons: 4096');
    const twice = loomErrorOf(() => parseChipSpec(text, 'x.yaml'));
    expect(twice.code).toBe(608);
    const file = join(dir, 'my-board.yaml');
    writeFileSync(file, text.replace('pairs: [[0, 1], { a: 1, b: 0, messageNs: 25 }]', 'pairs: [{ a: 1, b: 0, messageNs: 25 }]'));
    const spec = loadChipSpec(file);
    expect(spec.name).toBe('my-board');
    expect(spec.chips.positions).toEqual([{ x: 0, y: 0, z: 0 }, { x: 0, y: 0, z: 3 }]);
    expect(spec.links).toEqual({ topology: 'explicit', messageNs: loadChipSpec('loihi2').links.messageNs, pairs: [{ a: 0, b: 1, messageNs: 25 }] });
    expect(spec.core.neurons).toBe(4096);
    expect(spec.energy.staticWattsPerChip).toBe(0.282);
  });

  it('extends a preset and deep-merges a few overrides, keeping every sibling field', () => {
    const spec = parseChipSpec('extends: loihi2\nname: fast-hops\ntiming:\n  hopNs: { eastWest: 2 }\n', 'user.yaml');
    expect(spec.name).toBe('fast-hops');
    expect(spec.timing.hopNs).toEqual({ eastWest: 2, northSouth: 6.5 });
    expect(spec.timing.synOpNs).toBe(loadChipSpec('loihi2').timing.synOpNs);
    expect(spec.core.neurons).toBe(8192);
  });

  it('extends a file by a path relative to the extending file, through a chain of files', () => {
    dir = scratchDir();
    mkdirSync(join(dir, 'base'));
    writeFileSync(join(dir, 'base', 'board.yaml'), 'extends: kapoho-point\nname: board\nlinks: { messageNs: 40 }\n');
    writeFileSync(join(dir, 'mine.yaml'), 'extends: ./base/board.yaml\nname: mine\ncore: { microcodeSlots: 64 }\n');
    const spec = loadChipSpec(join(dir, 'mine.yaml'));
    expect(spec.name).toBe('mine');
    expect(spec.chips.count).toBe(8);
    expect(spec.links.pairs[0]).toEqual({ a: 0, b: 1, messageNs: 40 });
    expect(spec.core.microcodeSlots).toBe(64);
    expect(spec.core.neurons).toBe(8192);
  });

  it('replaces chips whole, so positions may override a preset grid', () => {
    const spec = parseChipSpec('extends: tiny\nchips: { positions: [{ x: 0, y: 0, z: 0 }, { x: 1, y: 0, z: 0 }] }\n', 'u.yaml');
    expect(spec.chips.count).toBe(2);
    expect(spec.links.pairs).toEqual([{ a: 0, b: 1, messageNs: loadChipSpec('loihi2').links.messageNs }]);
  });

  it('an extends cycle → 609', () => {
    dir = scratchDir();
    writeFileSync(join(dir, 'a.yaml'), 'extends: ./b.yaml\nname: a\n');
    writeFileSync(join(dir, 'b.yaml'), 'extends: ./a.yaml\nname: b\n');
    const e = loomErrorOf(() => loadChipSpec(join(dir, 'a.yaml')));
    expect([e.code, e.location]).toEqual([609, 'extends']);
    expect(e.message).toContain('cycle through');
  });

  it('a non-string extends → 603 at extends', () => {
    const e = loomErrorOf(parse('extends: [loihi2]\n'));
    expect([e.code, e.location]).toEqual([603, 'extends']);
  });
});
