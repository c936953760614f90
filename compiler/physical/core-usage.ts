// Incremental resource usage of one core while blocks are packed onto it (with mark/rollback for trial fits), counted with isa/resources.ts's word model.
import { axonListWords, type ResourceCounts, type SynapseWordModel } from '../../isa/resources.ts';
import { lowerBound, type Connectivity } from './connectivity.ts';

/** A point to roll back to. */
export interface UsageMark {
  readonly log: number;
  readonly touched: number;
  readonly blocks: number;
  readonly scalars: ResourceCounts;
}

/**
 * Usage of the blocks added so far. Synapse words are kept per input stream (entries, dense segments
 * and their span), because an axon's list is shared by every block on the core it reaches: its header is paid
 * once and its body is the smaller of sparse and dense over all of them.
 */
export class CoreAccumulator {
  private readonly entries: Int32Array;
  private readonly segments: Int32Array;
  private readonly span: Int32Array;
  private readonly programUse: Int32Array;
  private touched: number[] = [];
  /** Program of every block added, in order. */
  private blockPrograms: number[] = [];
  /** Undo log of (stream, entries, segments, span) quadruples. */
  private log: number[] = [];
  private scalars = { neurons: 0, synapseWords: 0, stateWords: 0, outputAxons: 0, microcodeSlots: 0 };

  constructor(
    private readonly conn: Connectivity,
    private readonly model: SynapseWordModel,
  ) {
    this.entries = new Int32Array(conn.streamCount);
    this.segments = new Int32Array(conn.streamCount);
    this.span = new Int32Array(conn.streamCount);
    this.programUse = new Int32Array(conn.programs.length);
  }

  get empty(): boolean {
    return this.scalars.neurons === 0;
  }

  usage(): ResourceCounts {
    const s = this.scalars;
    return { neurons: s.neurons, synapseWords: s.synapseWords, stateWords: s.stateWords, inputAxons: this.touched.length, outputAxons: s.outputAxons, microcodeSlots: s.microcodeSlots };
  }

  /** Streams with at least one synapse on the core (its input axons), in the order first reached. */
  streams(): readonly number[] {
    return this.touched;
  }

  mark(): UsageMark {
    return { log: this.log.length, touched: this.touched.length, blocks: this.blockPrograms.length, scalars: this.usage() };
  }

  rollback(mark: UsageMark): void {
    for (let i = this.log.length - 4; i >= mark.log; i -= 4) {
      const stream = this.log[i];
      (this.entries[stream] = this.log[i + 1], this.segments[stream] = this.log[i + 2], this.span[stream] = this.log[i + 3]);
    }
    this.log.length = mark.log;
    this.touched.length = mark.touched;
    const { inputAxons: _, ...scalars } = mark.scalars;
    this.scalars = scalars;
    for (let i = this.blockPrograms.length - 1; i >= mark.blocks; i--) this.programUse[this.blockPrograms[i]]--;
    this.blockPrograms.length = mark.blocks;
  }

  /** Forget the undo log (after a block is committed). */
  commit(): void {
    this.log = [];
  }

  /** Empty the core for reuse. */
  reset(): void {
    for (const s of this.touched) this.entries[s] = this.segments[s] = this.span[s] = 0;
    this.touched = [];
    this.log = [];
    this.blockPrograms = [];
    this.programUse.fill(0);
    this.scalars = { neurons: 0, synapseWords: 0, stateWords: 0, outputAxons: 0, microcodeSlots: 0 };
  }

  /** Add neurons lo .. hi − 1 of group g, whose (neuron, channel) slots reach `outputAxons` destination cores in all. */
  addBlock(g: number, lo: number, hi: number, outputAxons: number): void {
    const s = this.scalars;
    s.neurons += hi - lo;
    s.stateWords += (hi - lo) * this.conn.stateWordsPerNeuron[g];
    s.outputAxons += outputAxons;
    const p = this.conn.programOf[g];
    if (this.programUse[p]++ === 0) s.microcodeSlots += this.conn.programs[p].info.instructions;
    this.blockPrograms.push(p);
    for (const ref of this.conn.incoming[g]) this.addSegments(ref.synapse.weights, this.conn.streamBase[ref.sourceNode], this.conn.channels[ref.sourceNode], ref.channel, lo, hi);
  }

  /** One dense segment per (stream, block, port): the column's rows inside lo..hi − 1. */
  private addSegments(w: { colStart: Int32Array; rowIndex: Uint16Array; cols: number }, base: number, channels: number, channel: number, lo: number, hi: number): void {
    const { colStart, rowIndex, cols } = w;
    for (let c = 0; c < cols; c++) {
      const end = colStart[c + 1];
      const b = lowerBound(rowIndex, colStart[c], end, lo);
      if (b === end || rowIndex[b] >= hi) continue;
      const e = lowerBound(rowIndex, b, end, hi);
      this.addToStream(base + c * channels + channel, e - b, rowIndex[e - 1] - rowIndex[b] + 1);
    }
  }

  private addToStream(stream: number, entries: number, span: number): void {
    const before = axonListWords(this.model, this.entries[stream], this.segments[stream], this.span[stream]);
    this.log.push(stream, this.entries[stream], this.segments[stream], this.span[stream]);
    if (this.entries[stream] === 0) this.touched.push(stream);
    this.entries[stream] += entries;
    this.segments[stream]++;
    this.span[stream] += span;
    this.scalars.synapseWords += axonListWords(this.model, this.entries[stream], this.segments[stream], this.span[stream]) - before;
  }
}
