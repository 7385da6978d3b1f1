// Child process of `npm run bench`'s scaling run: `node lib/scale-runner.js SIZE`.
// Synthesizes a generated chart of SIZE services in memory and prints one JSON line:
// the phase timings, how long the process took to get there (node start + module loading),
// and its peak RSS. One process per size, so each size's memory peak is its own.
import { performance } from 'perf_hooks';
import { measureGeneratedSynth } from './measure-generated';

/** What the runner prints (one JSON line on stdout). */
export interface ScaleRunnerReport {
  readonly size: number;
  readonly files: number;
  readonly documents: number;
  readonly bytes: number;
  /** Process start → synth start: node boot and loading cdk8s, constructs and the k8s imports. */
  readonly startupMs: number;
  readonly buildMs: number;
  readonly layoutMs: number;
  readonly renderMs: number;
  readonly synthMs: number;
  /** `process.resourceUsage().maxRSS`, in KiB. */
  readonly maxRssKb: number;
}

/** Runs one measurement and returns the report; exported for tests. */
export function runScale(size: number): ScaleRunnerReport {
  const startupMs = performance.now();
  const m = measureGeneratedSynth(size);
  return {
    size: m.size,
    files: m.files,
    documents: m.documents,
    bytes: m.bytes,
    startupMs,
    buildMs: m.buildMs,
    layoutMs: m.layoutMs,
    renderMs: m.renderMs,
    synthMs: m.synthMs,
    maxRssKb: process.resourceUsage().maxRSS,
  };
}

if (require.main === module) {
  const size = Number(process.argv[2]);
  try {
    process.stdout.write(`${JSON.stringify(runScale(size))}\n`);
  } catch (err) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
