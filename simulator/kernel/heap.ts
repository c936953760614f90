// A binary min-heap of events ordered by (time, priority, seq), kept in parallel typed arrays so pushing and popping allocate nothing.
//
// `seq` is a counter stamped on every push: two events with the same time and priority leave in the
// order they were scheduled, so a run repeats bit for bit. An event carries two small integers, its
// `kind` (which handler) and `arg` (an index the handler understands); the heap knows nothing else.

const INITIAL_CAPACITY = 256;

/** (t1, p1, s1) < (t2, p2, s2) lexicographically. */
function less(t1: number, p1: number, s1: number, t2: number, p2: number, s2: number): boolean {
  if (t1 !== t2) return t1 < t2;
  if (p1 !== p2) return p1 < p2;
  return s1 < s2;
}

export class EventHeap {
  private time = new Float64Array(INITIAL_CAPACITY);
  private priority = new Int32Array(INITIAL_CAPACITY);
  private seq = new Float64Array(INITIAL_CAPACITY);
  private kind = new Int32Array(INITIAL_CAPACITY);
  private arg = new Int32Array(INITIAL_CAPACITY);
  private nextSeq = 0;
  size = 0;

  /** Fields of the event the last successful `pop` removed. */
  topTime = 0;
  topPriority = 0;
  topKind = 0;
  topArg = 0;

  push(time: number, priority: number, kind: number, arg: number): void {
    if (this.size === this.time.length) this.grow();
    const seq = this.nextSeq++;
    let i = this.size++;
    // Sift up: move parents down until the new event's slot is found, then write it once.
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(time, priority, seq, p)) break;
      this.move(p, i);
      i = p;
    }
    this.write(i, time, priority, seq, kind, arg);
  }

  /** Remove the earliest event into the `top…` fields; false when the heap is empty. */
  pop(): boolean {
    if (this.size === 0) return false;
    this.topTime = this.time[0];
    this.topPriority = this.priority[0];
    this.topKind = this.kind[0];
    this.topArg = this.arg[0];
    const last = --this.size;
    if (last > 0) this.siftDownLast(last);
    return true;
  }

  /** Forget every event (the seq counter keeps counting: order stays total across clears). */
  clear(): void {
    this.size = 0;
  }

  /** Whether (time, priority, seq) orders strictly before the event in slot j. */
  private before(time: number, priority: number, seq: number, j: number): boolean {
    return less(time, priority, seq, this.time[j], this.priority[j], this.seq[j]);
  }

  /** Put the event in slot `last` at the root's place and sift it down. */
  private siftDownLast(last: number): void {
    const time = this.time[last];
    const priority = this.priority[last];
    const seq = this.seq[last];
    const kind = this.kind[last];
    const arg = this.arg[last];
    const n = last;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.slotBefore(c + 1, c)) c++;
      if (!less(this.time[c], this.priority[c], this.seq[c], time, priority, seq)) break;
      this.move(c, i);
      i = c;
    }
    this.write(i, time, priority, seq, kind, arg);
  }

  private slotBefore(a: number, b: number): boolean {
    return this.before(this.time[a], this.priority[a], this.seq[a], b);
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.priority[to] = this.priority[from];
    this.seq[to] = this.seq[from];
    this.kind[to] = this.kind[from];
    this.arg[to] = this.arg[from];
  }

  private write(i: number, time: number, priority: number, seq: number, kind: number, arg: number): void {
    this.time[i] = time;
    this.priority[i] = priority;
    this.seq[i] = seq;
    this.kind[i] = kind;
    this.arg[i] = arg;
  }

  private grow(): void {
    const n = this.time.length * 2;
    const widen = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.time = widen(this.time, (k) => new Float64Array(k));
    this.priority = widen(this.priority, (k) => new Int32Array(k));
    this.seq = widen(this.seq, (k) => new Float64Array(k));
    this.kind = widen(this.kind, (k) => new Int32Array(k));
    this.arg = widen(this.arg, (k) => new Int32Array(k));
  }
}
