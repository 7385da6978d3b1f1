import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/deploy';

export const FAKE_KUBECTL_DIR = path.resolve(__dirname, '../fixtures/fake-kubectl');
export const FAKE_KUBECTL = path.join(FAKE_KUBECTL_DIR, 'kubectl');

function meta(name: string, namespace?: string): string {
  return `metadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}`;
}

function workload(kind: string, name: string, namespace?: string): string {
  return (
    `apiVersion: apps/v1\nkind: ${kind}\n${meta(name, namespace)}` +
    `spec:\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n` +
    `    spec:\n      containers:\n        - name: ${name}\n          image: ${name}:latest\n`
  );
}

function simple(apiVersion: string, kind: string, name: string, namespace?: string, body = ''): string {
  return `apiVersion: ${apiVersion}\nkind: ${kind}\n${meta(name, namespace)}${body}`;
}

/** Minimal manifests under the names `npm run synth` writes. */
export function manifestFiles(opts: { votesInit?: boolean } = {}): Record<string, string> {
  const init = opts.votesInit === false
    ? ''
    : 'data:\n  init.sql: |\n    CREATE TABLE IF NOT EXISTS votes (id text PRIMARY KEY, vote text NOT NULL);\n';
  return {
    'cadvisor.daemonset.yaml': workload('DaemonSet', 'cadvisor', 'kube-system'),
    'postgres.secret.yaml': simple('v1', 'Secret', 'postgres-secret', 'default'),
    'postgres.configmap.yaml': simple('v1', 'ConfigMap', 'postgres-config', 'default', init),
    'postgres.volume.yaml':
      simple('v1', 'PersistentVolume', 'postgres-pv') + '---\n' +
      simple('v1', 'PersistentVolumeClaim', 'postgres-pvc', 'default'),
    'postgres.deployment.yaml': workload('Deployment', 'postgres', 'default'),
    'postgres.service.yaml': simple('v1', 'Service', 'postgres', 'default'),
    'redis.configmap.yaml': simple('v1', 'ConfigMap', 'redis-config', 'default'),
    'redis.deployment.yaml': workload('Deployment', 'redis', 'default'),
    'redis.service.yaml': simple('v1', 'Service', 'redis', 'default'),
    'poll.deployment.yaml': workload('Deployment', 'poll', 'default'),
    'worker.deployment.yaml': workload('Deployment', 'worker', 'default'),
    'result.deployment.yaml': workload('Deployment', 'result', 'default'),
    'poll.service.yaml': simple('v1', 'Service', 'poll', 'default'),
    'result.service.yaml': simple('v1', 'Service', 'result', 'default'),
    'poll.ingress.yaml': simple('networking.k8s.io/v1', 'Ingress', 'poll', 'default'),
    'result.ingress.yaml': simple('networking.k8s.io/v1', 'Ingress', 'result', 'default'),
    'traefik.rbac.yaml':
      simple('v1', 'ServiceAccount', 'traefik', 'kube-public') + '---\n' +
      simple('rbac.authorization.k8s.io/v1', 'ClusterRole', 'traefik') + '---\n' +
      simple('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'traefik'),
    'traefik.deployment.yaml': workload('Deployment', 'traefik', 'kube-public'),
    'traefik.service.yaml': simple('v1', 'Service', 'traefik', 'kube-public'),
  };
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

/** Call the CLI in-process with the fake kubectl; `env` is merged over a minimal environment. */
export async function runDeploy(
  args: string[],
  opts: { cwd: string; log: string; env?: Record<string, string | undefined> },
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    KUBECTL: FAKE_KUBECTL,
    FAKE_KUBECTL_LOG: opts.log,
    ...opts.env,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const code = await main(args, {
    env,
    cwd: opts.cwd,
    io: { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
  });
  return { code, stdout, stderr, calls: readCalls(opts.log) };
}

export function readCalls(log: string): string[][] {
  if (!fs.existsSync(log)) return [];
  return fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as string[]);
}
