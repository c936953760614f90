// Several Chrome traces in one file: each run's processes renumbered apart and their names prefixed by the run's label (e.g. both execution modes side by side in Perfetto).
import type { TraceEvent, TraceJson } from './trace.ts';

/** Merge labelled traces; process ids of run i are shifted past those of runs before it, process names become `label · name`. */
export function mergeTraces(runs: readonly { readonly label: string; readonly trace: TraceJson }[]): TraceJson {
  const events: TraceEvent[] = [];
  const otherData: Record<string, string | number> = { generator: 'loom demo', runs: runs.map((r) => r.label).join(', ') };
  let offset = 0;
  for (const { label, trace } of runs) {
    let maxPid = -1;
    for (const e of trace.traceEvents) {
      maxPid = Math.max(maxPid, e.pid);
      const renamed = e.ph === 'M' && e.name === 'process_name' ? { ...e.args, name: `${label} · ${String(e.args?.name ?? e.pid)}` } : e.args;
      events.push({ ...e, pid: e.pid + offset, ...(renamed ? { args: renamed } : {}) });
    }
    for (let pid = 0; pid <= maxPid; pid++) events.push({ name: 'process_sort_index', ph: 'M', pid: pid + offset, tid: 0, args: { sort_index: pid + offset } });
    for (const [k, v] of Object.entries(trace.otherData)) otherData[`${label}.${k}`] = v;
    offset += maxPid + 1;
  }
  return { traceEvents: events, displayTimeUnit: 'ns', otherData };
}
