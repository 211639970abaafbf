import type { Task } from './task';

/** A recorded trace: voltages sampled every `dt` ms from t = 0. */
export interface RecordedTrace {
  readonly dt: number;
  /** [T] voltages (mV) */
  readonly voltage: Float64Array;
}

/**
 * Parses a recorded trace from CSV: a header line, then rows `time,voltage` (ms, mV) with time
 * starting at 0 and evenly spaced (to 10⁻⁶ relative). Anything else is an Error naming the
 * line, what was expected and what arrived.
 */
export function parseTraceCsv(text: string, source = 'trace'): RecordedTrace {
  // A binary file (an image, a spreadsheet) is named as such, never echoed byte by byte.
  const controls = text.slice(0, 4096).match(/[\u0000-\u0008\u000e-\u001f\ufffd]/g)?.length ?? 0;
  if (controls > 0) throw new Error(`${source}: expected a CSV text file of time,voltage rows, got binary data (${controls} control or undecodable characters in its first 4 096)`);
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length < 3) throw new Error(`${source}: expected a header and at least 2 rows of time,voltage, got ${lines.length} lines`);
  const header = lines[0]!.split(',');
  if (header.length !== 2 || header.some((name) => name.trim() === '' || Number.isFinite(Number(name)))) {
    throw new Error(`${source} line 1: expected a header of two column names (time,voltage), got "${lines[0]!.slice(0, 60)}"`);
  }
  const time = new Float64Array(lines.length - 1);
  const voltage = new Float64Array(lines.length - 1);
  lines.slice(1).forEach((line, i) => {
    const parts = line.split(',');
    const t = Number(parts[0]);
    const v = Number(parts[1]);
    if (parts.length !== 2 || parts.some((part) => part.trim() === '') || !Number.isFinite(t) || !Number.isFinite(v)) {
      throw new Error(`${source} line ${i + 2}: expected two finite numbers (time in ms, voltage in mV), got "${line.slice(0, 60)}"`);
    }
    time[i] = t;
    voltage[i] = v;
  });
  if (time[0] !== 0) throw new Error(`${source} line 2: expected the first time to be 0 ms (the stimulus starts at 10 ms), got ${time[0]}`);
  const dt = time[1]! - time[0]!;
  if (!(dt > 0)) throw new Error(`${source} line 3: expected increasing times, got ${time[1]} after ${time[0]}`);
  for (let k = 1; k < time.length; k++) {
    if (Math.abs(time[k]! - k * dt) > 1e-6 * Math.max(1, k * dt)) {
      throw new Error(`${source} line ${k + 2}: expected evenly spaced times (${k * dt} ms at dt = ${dt} ms), got ${time[k]}`);
    }
  }
  return { dt, voltage };
}

/**
 * A recorded trace (CSV text, see `parseTraceCsv`) as an observation of `task`: x is its summary
 * statistics computed by the simulator's own code. The CLI's `--trace` and the page's upload
 * both come here. Anything else is an Error naming what was expected and what arrived.
 * @returns x [xDim] and the parsed trace
 */
export function recordedObservation(task: Task, text: string, source: string): { x: Float64Array; trace: RecordedTrace } {
  if (!task.traces) throw new Error(`${source}: expected a task whose data are traces (hodgkin_huxley), got ${task.id}`);
  const trace = parseTraceCsv(text, source);
  try {
    return { x: task.traces.statistics(trace.voltage, trace.dt), trace };
  } catch (error) {
    throw new Error(`${source}: ${(error as Error).message}`);
  }
}

/**
 * Every k-th sample of a trace, k chosen so at most `maxPoints` remain (for drawing; statistics
 * always use the full trace). @returns voltages [≤ maxPoints] and their spacing (ms)
 */
export function traceForDrawing(trace: RecordedTrace, maxPoints = 3001): RecordedTrace {
  const stride = Math.max(1, Math.ceil(trace.voltage.length / maxPoints));
  const voltage = new Float64Array(Math.ceil(trace.voltage.length / stride));
  for (let k = 0; k < voltage.length; k++) voltage[k] = trace.voltage[k * stride]!;
  return { dt: trace.dt * stride, voltage };
}

/**
 * Traces as CSV columns: a header `time,v_1,…,v_n`, then one row every `stride` samples
 * (time in ms to 4 decimals, voltages in mV to 3).
 * @param traces [n, length] row-major, `dt` ms apart from t = 0
 */
export function formatTracesCsv(traces: { data: ArrayLike<number>; numRows: number; numCols: number }, dt: number, stride: number): string {
  const { numRows: n, numCols: length } = traces;
  const rows = [`time,${Array.from({ length: n }, (_, i) => `v_${i + 1}`).join(',')}`];
  for (let k = 0; k < length; k += stride) {
    const row = [(k * dt).toFixed(4)];
    for (let i = 0; i < n; i++) row.push((traces.data[i * length + k] as number).toFixed(3));
    rows.push(row.join(','));
  }
  return `${rows.join('\n')}\n`;
}
