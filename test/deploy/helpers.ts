import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/deploy';
// One fake for both ways of running it (plain CommonJS, so the `kubectl` executable can load it too).
const { fakeKubectl } = require('../fixtures/fake-kubectl/fake-kubectl.js') as {
  fakeKubectl: (argv: string[], env: NodeJS.ProcessEnv, cwd: string, input?: string) => { status: number; signal: null; stdout: string; stderr: string };
};
import { synthesize, SynthRequest, SynthResult } from '../../src/synth';

export const FAKE_KUBECTL_DIR = path.resolve(__dirname, '../fixtures/fake-kubectl');
export const FAKE_KUBECTL = path.join(FAKE_KUBECTL_DIR, 'kubectl');

const rendered = new Map<string, ReadonlyMap<string, string>>();

/**
 * Writes the real output of `stack`/`profile` (development credentials) into `dir`, as `npm run
 * synth` would. Each output is synthesized once per test file: most tests only need the files.
 */
export function synthFolder(dir: string, stack = 'bernstein', profile?: string): void {
  const key = `${stack}/${profile ?? ''}`;
  let files = rendered.get(key);
  if (!files) {
    files = synthesize({ stack, profile, env: {} }).rendered;
    rendered.set(key, files);
  }
  writeFiles(dir, Object.fromEntries(files));
}

/**
 * A fresh project folder for each test of the calling file: Bernstein's spec output in `dist/` and
 * the path of the fake kubectl's call log; every folder is removed after the file.
 */
export function useDeployProject(): { readonly root: string; readonly log: string } {
  const made: string[] = [];
  const current = { root: '', log: '' };
  beforeEach(() => {
    current.root = tempDir();
    made.push(current.root);
    current.log = path.join(current.root, 'kubectl.log');
    synthFolder(path.join(current.root, 'dist'));
  });
  afterAll(() => {
    for (const d of made) fs.rmSync(d, { recursive: true, force: true });
  });
  return current;
}

/**
 * A Deployment as someone might write it by hand (flow-style metadata and selectors), running
 * `example/<name>:1`, with literal env values and any `extra` lines under its container.
 */
export function deploymentYaml(name: string, namespace: string, env: Record<string, string> = {}, extra = ''): string {
  const envLines = Object.entries(env).map(([k, v]) => `            - {name: ${k}, value: "${v}"}`);
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: ${name}
          image: example/${name}:1
${envLines.length > 0 ? `          env:\n${envLines.join('\n')}\n` : ''}${extra}`;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'bernstein-deploy-'));
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** argv of every kubectl call, in order. */
  calls: string[][];
}

/**
 * Call the CLI in-process with the fake kubectl (test/fixtures/fake-kubectl): in-process by
 * default, or spawned as the `kubectl` executable with `spawn: true` (the real runner's path).
 * `env` is merged over a minimal environment.
 */
export async function runDeploy(
  args: string[],
  opts: { cwd: string; log: string; env?: Record<string, string | undefined>; spawn?: boolean },
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    KUBECTL: FAKE_KUBECTL,
    FAKE_KUBECTL_LOG: opts.log,
    // The fake cluster's state lives next to the call log: runs in one project share one cluster.
    FAKE_KUBECTL_STATE: path.join(path.dirname(opts.log), 'kubectl-state.json'),
    ...opts.env,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const code = await main(args, {
    env,
    cwd: opts.cwd,
    ...(opts.spawn ? {} : { kubectl: (argv: readonly string[], input?: string) => fakeKubectl([...argv], env, opts.cwd, input) }),
    synthesize: rememberedSynthesize,
    io: { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
  });
  return { code, stdout, stderr, calls: readCalls(opts.log) };
}

/**
 * `synthesize`, remembered per request for the test file: a deploy synthesizes its stack for the
 * construct tree's order on every run. Requests with an environment (credentials) are not
 * remembered: what they read of it is known only afterwards.
 */
const synthesized = new Map<string, SynthResult>();
function rememberedSynthesize(request: SynthRequest): SynthResult {
  if (request.env !== undefined && Object.keys(request.env).length > 0) return synthesize(request);
  const key = JSON.stringify(request);
  let result = synthesized.get(key);
  if (result === undefined) {
    result = synthesize(request);
    synthesized.set(key, result);
  }
  return result;
}

export function readCalls(log: string): string[][] {
  if (!fs.existsSync(log)) return [];
  return fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as string[]);
}
