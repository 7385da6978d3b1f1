import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeDeepFolder, writeLargeFolder } from '../bench/checker-folders';
import { MAX_GENERATED_SIZE } from '../bench/generated-chart';
import type { ScaleRunnerReport } from '../bench/scale-runner';
import { STACKS } from '../charts/stacks';
import { Flags, parseFlags, runCli, UsageError } from './args';

/** `npm run synth` may cost at most this many times `node -e "require('cdk8s')"`. */
export const TARGET_RATIO = 4;
/** `check` of the 19-file dist/ may take at most this long (issue 23), wall time. */
export const CHECK_TARGET_MS = 250;
/** A generated folder of this many MB, and a document nested this deep, must each be answered within CHECK_LARGE_TARGET_MS. */
export const CHECK_LARGE_MB = 20;
export const CHECK_DEEP_LEVELS = 100_000;
export const CHECK_LARGE_TARGET_MS = 5000;
const DEFAULT_RUNS = 7;
const DEFAULT_SIZES = [10, 100, 1000];
const MAX_RUNS = 1000;
/** The cdk8s CLI (≈3 s a run) and the scaling run (one process per size) are run at most this often. */
const SLOW_RUNS = 3;

const USAGE = `usage: npm run bench -- [--runs N] [--sizes 10,100,1000] [--skip-cdk8s-cli] [--json]
  --runs            timed runs of each command; the table shows median, min and max (default: ${DEFAULT_RUNS};
                    \`npx cdk8s synth\` and each scaling size run min(N, ${SLOW_RUNS}) times)
  --sizes           services in the generated charts of the scaling run (default: ${DEFAULT_SIZES.join(',')})
  --skip-cdk8s-cli  do not time \`npx cdk8s synth\`
  --json            print the results as JSON instead of tables
Every synth writes to a temporary folder; dist/ is never touched. Progress goes to stderr.
Exit code: 0 when every command ran (read the verdict in the output), 1 when one failed, 2 for bad arguments.`;

/** Parsed command line. */
export interface BenchOptions {
  readonly runs: number;
  readonly sizes: readonly number[];
  readonly skipCdk8sCli: boolean;
  readonly json: boolean;
}

export const OPTIONS = {
  runs: { type: 'string', value: 'N' },
  sizes: { type: 'string', value: 'N,N,…' },
  'skip-cdk8s-cli': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Flags;

/** `--runs`, `--sizes`, … as {@link BenchOptions}, or a UsageError; undefined for `--help`. */
export function parseBenchArgs(args: string[]): BenchOptions | undefined {
  const { values } = parseFlags(args, OPTIONS);
  if (values.help) return undefined;
  return {
    runs: values.runs === undefined ? DEFAULT_RUNS : positiveInteger('--runs', values.runs, MAX_RUNS),
    sizes: values.sizes === undefined ? DEFAULT_SIZES : parseSizes(values.sizes),
    skipCdk8sCli: values['skip-cdk8s-cli'] ?? false,
    json: values.json ?? false,
  };
}

function positiveInteger(flag: string, text: string, max: number): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || Number(text) > max) {
    throw new UsageError(`${flag}: "${text}" is not a whole number from 1 to ${max}`);
  }
  return Number(text);
}

function parseSizes(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => p === '')) throw new UsageError(`--sizes: "${text}" must be a comma-separated list of whole numbers, e.g. 10,100,1000`);
  const sizes = parts.map((p) => positiveInteger('--sizes', p, MAX_GENERATED_SIZE));
  return [...new Set(sizes)].sort((a, b) => a - b);
}

/** Timings of one command, in milliseconds. */
export interface CommandResult {
  readonly label: string;
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/** `npm run synth` of one stack and profile against the floor. */
export interface TargetResult {
  readonly stack: string;
  readonly profile: string;
  readonly npmSynthMs: number;
  readonly directSynthMs: number;
  readonly floorMs: number;
  /** npm run synth / require('cdk8s'). */
  readonly ratio: number;
  readonly pass: boolean;
  /** npm run synth − node bin/run.js synth. */
  readonly npmOverheadMs: number;
}

/** `check` against its targets: dist/ within CHECK_TARGET_MS, large inputs within CHECK_LARGE_TARGET_MS. */
export interface CheckTargetResult {
  readonly label: string;
  readonly medianMs: number;
  readonly targetMs: number;
  readonly pass: boolean;
  /** median ÷ node -e "require('cdk8s')". */
  readonly ratioToFloor: number;
}

/** One size of the scaling run (medians over its runs; peak RSS is the largest seen). */
export interface ScaleResult {
  readonly size: number;
  readonly runs: number;
  readonly files: number;
  readonly bytes: number;
  readonly wallMs: number;
  readonly startupMs: number;
  readonly synthMs: number;
  readonly perServiceMs: number;
  /** (synth − synth of the previous size) / (size − previous size); undefined for the first size. */
  readonly marginalPerServiceMs: number | undefined;
  readonly peakRssKb: number;
  /** Where the peak RSS comes from. */
  readonly rssSource: '/usr/bin/time' | 'process.resourceUsage';
}

/** Everything `npm run bench` measured. */
export interface BenchReport {
  readonly machine: { readonly node: string; readonly cpus: number; readonly cpuModel: string; readonly platform: string };
  readonly runs: number;
  readonly commands: readonly CommandResult[];
  readonly targetRatio: number;
  readonly targets: readonly TargetResult[];
  readonly checks: readonly CheckTargetResult[];
  readonly scaling: readonly ScaleResult[];
  /** Per-service synth cost of the largest size / of the smallest. */
  readonly perServiceRatio: number | undefined;
  /** Marginal per-service cost between the two largest sizes / between the two smallest. */
  readonly marginalRatio: number | undefined;
}

/** A command to time: what to run and how the table names it. */
interface Timed {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly runs: number;
  readonly samples: number[];
  /** Exit codes that count as success (a check that finds errors exits 1). @default [0] */
  readonly okStatus?: readonly number[];
}

/** The project folder: the nearest parent of this file holding package.json. */
function projectRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
  delete env.CDK8S_OUTDIR;
  return env;
}

/** Runs `command` once and returns its wall time in ms; throws with its stderr tail when it fails. */
function runTimed(label: string, command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, okStatus: readonly number[] = [0]): { ms: number; stdout: string; stderr: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw new Error(`${label}: ${r.error.message}`);
  if (r.status === null || !okStatus.includes(r.status)) {
    const tail = `${r.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n  ');
    throw new Error(`${label} exited with ${r.status ?? r.signal}:\n  ${tail}`);
  }
  return { ms, stdout: r.stdout, stderr: r.stderr };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summarize(t: Timed): CommandResult {
  return { label: t.label, runs: t.samples.length, medianMs: median(t.samples), minMs: Math.min(...t.samples), maxMs: Math.max(...t.samples) };
}

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/** Times every command: one untimed warm-up each, then `runs` rounds, interleaved so drift hits all alike. */
function timeCommands(commands: readonly Timed[], cwd: string, env: NodeJS.ProcessEnv): void {
  progress(`warm-up (${commands.length} commands, not timed)`);
  for (const c of commands) runTimed(c.label, c.command, c.args, cwd, env, c.okStatus);
  const rounds = Math.max(...commands.map((c) => c.runs));
  for (let round = 1; round <= rounds; round++) {
    progress(`round ${round}/${rounds}`);
    for (const c of commands) {
      if (c.samples.length < c.runs) c.samples.push(runTimed(c.label, c.command, c.args, cwd, env, c.okStatus).ms);
    }
  }
}

const TIME_BINARY = '/usr/bin/time';
const RSS_MARKER = 'BENCH_MAXRSS_KB=';

function timeBinaryWorks(): boolean {
  if (!fs.existsSync(TIME_BINARY)) return false;
  const r = spawnSync(TIME_BINARY, ['-f', `${RSS_MARKER}%M`, process.execPath, '-e', '0'], { encoding: 'utf-8' });
  return r.status === 0 && new RegExp(`${RSS_MARKER}\\d+`).test(r.stderr);
}

/** The scaling run: one child process per size and run, synthesizing a generated chart in memory. */
function measureScaling(sizes: readonly number[], runs: number, root: string, env: NodeJS.ProcessEnv): ScaleResult[] {
  const runner = path.join(root, 'lib', 'scale-runner.js');
  if (!fs.existsSync(runner)) throw new Error(`${path.relative(root, runner)} is missing: run the benchmark with \`npm run bench\`, which builds it`);
  const useTime = timeBinaryWorks();
  const results: ScaleResult[] = [];
  for (const size of sizes) {
    progress(`scaling: ${size} services × ${runs} runs`);
    const reports: ScaleRunnerReport[] = [];
    const walls: number[] = [];
    const rss: number[] = [];
    for (let i = 0; i < runs; i++) {
      const nodeArgs = [runner, String(size)];
      const { ms, stdout, stderr } = useTime
        ? runTimed(`scale-runner ${size}`, TIME_BINARY, ['-f', `${RSS_MARKER}%M`, process.execPath, ...nodeArgs], root, env)
        : runTimed(`scale-runner ${size}`, process.execPath, nodeArgs, root, env);
      const report = JSON.parse(stdout.trim().split('\n').pop() ?? '') as ScaleRunnerReport;
      const fromTime = new RegExp(`${RSS_MARKER}(\\d+)`).exec(stderr);
      reports.push(report);
      walls.push(ms);
      rss.push(fromTime ? Number(fromTime[1]) : report.maxRssKb);
    }
    const synthMs = median(reports.map((r) => r.synthMs));
    const previous = results[results.length - 1];
    results.push({
      size,
      runs,
      files: reports[0].files,
      bytes: reports[0].bytes,
      wallMs: median(walls),
      startupMs: median(reports.map((r) => r.startupMs)),
      synthMs,
      perServiceMs: synthMs / size,
      marginalPerServiceMs: previous ? (synthMs - previous.synthMs) / (size - previous.size) : undefined,
      peakRssKb: Math.max(...rss),
      rssSource: useTime ? '/usr/bin/time' : 'process.resourceUsage',
    });
  }
  return results;
}

/** Runs the whole benchmark. */
export function runBench(options: BenchOptions): BenchReport {
  const root = projectRoot();
  const env = childEnv();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bernstein-bench-'));
  const node = process.execPath;
  const timed = (label: string, command: string, args: readonly string[], runs = options.runs): Timed => ({ label, command, args, runs, samples: [] });
  try {
    const bare = timed('node -e 0', node, ['-e', '0']);
    const floor = timed(`node -e "require('cdk8s')"`, node, ['-e', "require('cdk8s')"]);
    const pairs = STACKS.flatMap((stack) => stack.profiles.map((profile) => {
      const flags = ['--stack', stack.name, '--profile', profile];
      return {
        stack: stack.name,
        profile,
        npm: timed(`npm run synth -- ${flags.join(' ')}`, 'npm', ['run', '--silent', 'synth', '--', ...flags, '--outdir', path.join(tmp, `${stack.name}-${profile}-npm`)]),
        direct: timed(`node bin/run.js synth ${flags.join(' ')}`, node, ['bin/run.js', 'synth', ...flags, '--outdir', path.join(tmp, `${stack.name}-${profile}-direct`)]),
      };
    }));
    // The checker: our dist/, a generated 20 MB folder and a document nested 100 000 levels deep.
    progress(`writing a ${CHECK_LARGE_MB} MB folder and a deeply nested document for the checker`);
    const large = writeLargeFolder(path.join(tmp, 'check-large'), CHECK_LARGE_MB);
    writeDeepFolder(path.join(tmp, 'check-deep'), CHECK_DEEP_LEVELS);
    const checkDist = timed('node bin/run.js check dist', node, ['bin/run.js', 'check', 'dist']);
    const checkLarge = timed(`node bin/run.js check <${(large.bytes / 1e6).toFixed(0)} MB, ${large.files} files>`, node, ['bin/run.js', 'check', path.join(tmp, 'check-large')], Math.min(options.runs, SLOW_RUNS));
    const checkDeep = { ...timed(`node bin/run.js check <1 document ${CHECK_DEEP_LEVELS} levels deep>`, node, ['bin/run.js', 'check', path.join(tmp, 'check-deep')], Math.min(options.runs, SLOW_RUNS)), okStatus: [1] };
    const commands: Timed[] = [bare, floor, ...pairs.flatMap((p) => [p.npm, p.direct]), checkDist, checkLarge, checkDeep];
    if (!options.skipCdk8sCli) {
      // cdk8s.yaml runs `node bin/run.js synth` (default stack and profile); --output becomes CDK8S_OUTDIR.
      commands.push(timed(`npx cdk8s synth --output <tmp>  (${STACKS[0].name}/${STACKS[0].profiles[0]})`, 'npx', ['--no', 'cdk8s', 'synth', '--output', path.join(tmp, 'cdk8s-cli')], Math.min(options.runs, SLOW_RUNS)));
    }
    timeCommands(commands, root, env);

    const floorMs = median(floor.samples);
    const targets = pairs.map((p): TargetResult => {
      const npmSynthMs = median(p.npm.samples);
      const directSynthMs = median(p.direct.samples);
      const ratio = npmSynthMs / floorMs;
      return { stack: p.stack, profile: p.profile, npmSynthMs, directSynthMs, floorMs, ratio, pass: ratio <= TARGET_RATIO, npmOverheadMs: npmSynthMs - directSynthMs };
    });

    const checks = ([[checkDist, CHECK_TARGET_MS], [checkLarge, CHECK_LARGE_TARGET_MS], [checkDeep, CHECK_LARGE_TARGET_MS]] as const).map(([c, targetMs]): CheckTargetResult => {
      const medianMs = median(c.samples);
      return { label: c.label, medianMs, targetMs, pass: medianMs <= targetMs, ratioToFloor: medianMs / floorMs };
    });

    const scaling = measureScaling(options.sizes, Math.min(options.runs, SLOW_RUNS), root, env);
    const first = scaling[0];
    const last = scaling[scaling.length - 1];
    const marginals = scaling.map((s) => s.marginalPerServiceMs).filter((m): m is number => m !== undefined);
    return {
      machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', platform: `${os.platform()} ${os.arch()}` },
      runs: options.runs,
      commands: commands.map(summarize),
      targetRatio: TARGET_RATIO,
      targets,
      checks,
      scaling,
      perServiceRatio: scaling.length > 1 ? last.perServiceMs / first.perServiceMs : undefined,
      marginalRatio: marginals.length > 1 ? marginals[marginals.length - 1] / marginals[0] : undefined,
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Left-aligned first column, right-aligned others. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const fmtMs = (v: number) => v.toFixed(0);
const fmtMs1 = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const fmtTimes = (v: number) => `${v.toFixed(2)}×`;

/** The report as the tables `npm run bench` prints. */
export function formatReport(r: BenchReport): string {
  const out: string[] = [];
  out.push(`bernstein-cdk8s bench — node ${r.machine.node}, ${r.machine.cpus} CPUs (${r.machine.cpuModel}), ${r.machine.platform}`);
  out.push(`wall time in ms of whole processes, ${r.runs} runs each after one warm-up (slow commands: fewer, see "runs")`);
  out.push('');
  out.push(table(['command', 'runs', 'median', 'min', 'max'], r.commands.map((c) => [c.label, String(c.runs), fmtMs(c.medianMs), fmtMs(c.minMs), fmtMs(c.maxMs)])));
  out.push('');
  out.push(`target: npm run synth ≤ ${r.targetRatio}× node -e "require('cdk8s')" (floor ${fmtMs(r.targets[0]?.floorMs ?? 0)} ms)`);
  out.push(table(
    ['stack/profile', 'npm run synth', 'ratio', 'verdict', 'npm overhead', 'bin/run.js synth', 'ratio'],
    r.targets.map((t) => [
      `${t.stack}/${t.profile}`, `${fmtMs(t.npmSynthMs)} ms`, fmtTimes(t.ratio), t.pass ? 'PASS' : 'FAIL',
      `${fmtMs(t.npmOverheadMs)} ms`, `${fmtMs(t.directSynthMs)} ms`, fmtTimes(t.directSynthMs / t.floorMs),
    ]),
  ));
  out.push('');
  out.push(`checker targets (wall time, median; ratio to node -e "require('cdk8s')", which check does not load)`);
  out.push(table(['check', 'median', 'target', 'verdict', 'ratio'], r.checks.map((c) => [c.label, `${fmtMs(c.medianMs)} ms`, `≤ ${c.targetMs} ms`, c.pass ? 'PASS' : 'FAIL', fmtTimes(c.ratioToFloor)])));
  if (r.scaling.length > 0) {
    out.push('');
    out.push(`scaling: generated chart of N StatelessApps (Deployment ×2 replicas + Service, 2 ConfigMap refs each), rendered in memory;`);
    out.push(`one process per run, ${r.scaling[0].runs} runs per size (medians; peak RSS from ${r.scaling[0].rssSource}, largest run)`);
    out.push(table(
      ['services', 'files', 'YAML KiB', 'process', 'startup', 'synth', 'per service', 'marginal/svc', 'peak RSS'],
      r.scaling.map((s) => [
        String(s.size), String(s.files), (s.bytes / 1024).toFixed(0), `${fmtMs(s.wallMs)} ms`, `${fmtMs(s.startupMs)} ms`, `${fmtMs(s.synthMs)} ms`,
        `${fmtMs1(s.perServiceMs)} ms`, s.marginalPerServiceMs === undefined ? '-' : `${fmtMs1(s.marginalPerServiceMs)} ms`, `${(s.peakRssKb / 1024).toFixed(0)} MiB`,
      ]),
    ));
    const first = r.scaling[0];
    const last = r.scaling[r.scaling.length - 1];
    if (r.perServiceRatio !== undefined) {
      out.push(`per-service synth cost, ${last.size} vs ${first.size} services: ${fmtTimes(r.perServiceRatio)} (≤ 1 means fixed costs amortize; > 1 growth faster than linear)`);
    }
    if (r.marginalRatio !== undefined) {
      out.push(`marginal cost per added service, last step vs first step: ${fmtTimes(r.marginalRatio)} (≈ 1 linear; clearly > 1 superlinear)`);
    }
  }
  return out.join('\n');
}

/** `npm run bench`: times synth against the cost of loading cdk8s, synth against chart size, and the checker against its targets. */
export async function main(args: string[]): Promise<number> {
  return runCli(() => {
    const options = parseBenchArgs(args);
    if (!options) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const report = runBench(options);
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
    return 0;
  });
}
