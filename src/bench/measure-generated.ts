import { App } from 'cdk8s';
import { performance } from 'perf_hooks';
import { layoutChart } from '../output/layout';
import { renderFiles } from '../output/render';
import { buildGeneratedChart } from './generated-chart';

/** One in-memory synth of a generated chart: phase timings and output size. */
export interface GeneratedSynthMeasurement {
  readonly size: number;
  readonly files: number;
  readonly documents: number;
  readonly bytes: number;
  /** Construct tree: `new App` + {@link buildGeneratedChart}. */
  readonly buildMs: number;
  /** {@link layoutChart}: resolving every object to JSON and grouping into files. */
  readonly layoutMs: number;
  /** {@link renderYaml} of every file. */
  readonly renderMs: number;
  /** build + layout + render. */
  readonly synthMs: number;
  /** Rendered files, name → YAML (kept only when asked, so the caller can check them). */
  readonly rendered?: ReadonlyMap<string, string>;
}

/** Builds, lays out and renders a generated chart of `size` services in memory, timing each phase. */
export function measureGeneratedSynth(size: number, keepOutput = false): GeneratedSynthMeasurement {
  const t0 = performance.now();
  const app = new App({ outdir: 'unused' });
  const chart = buildGeneratedChart(app, size);
  const t1 = performance.now();
  const files = layoutChart(chart);
  const t2 = performance.now();
  const rendered = renderFiles(files);
  const t3 = performance.now();
  let bytes = 0;
  for (const text of rendered.values()) bytes += Buffer.byteLength(text, 'utf-8');
  return {
    size,
    files: files.length,
    documents: files.reduce((n, f) => n + f.documents.length, 0),
    bytes,
    buildMs: t1 - t0,
    layoutMs: t2 - t1,
    renderMs: t3 - t2,
    synthMs: t3 - t0,
    rendered: keepOutput ? rendered : undefined,
  };
}
