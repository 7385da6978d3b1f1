import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CheckReport } from '../../src/checker';

const ROOT = path.resolve(__dirname, '..', '..');
const DEPLOYMENTS = 1100;

/** A folder whose check report is over 1 MB: every Deployment reads a ConfigMap and a Secret that do not exist. */
function brokenFolder(dir: string): void {
  const long = 'x'.repeat(230);
  // Block style, as manifest writers produce it (the checker reads that without yaml's full parser).
  const docs = Array.from({ length: DEPLOYMENTS }, (_, i) => [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: app-${i}`,
    'spec:',
    '  selector:',
    '    matchLabels:',
    `      app: app-${i}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: app-${i}`,
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: nginx:1.27',
    '          envFrom:',
    '            - configMapRef:',
    `                name: ${long}-${i}`,
    '            - secretRef:',
    `                name: ${long}-${i}`,
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'apps.deployment.yaml'), `${docs.join('\n---\n')}\n`);
}

test('a report over 1 MB arrives whole through a pipe and parses (no exit before stdout drains)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bernstein-pipe-'));
  try {
    brokenFolder(dir);
    // spawnSync reads the child's stdout through a pipe of 64 KiB, as `| jq` or `| less` does.
    const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'run.js'), 'check', '--format', 'json', dir], {
      cwd: ROOT,
      encoding: 'utf-8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, npm_lifecycle_event: undefined },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(Buffer.byteLength(result.stdout)).toBeGreaterThan(1024 * 1024);
    const report = JSON.parse(result.stdout) as CheckReport;
    expect(report.summary.errors).toBe(2 * DEPLOYMENTS);
    expect(report.problems.map((p) => p.object).slice(-1)).toEqual([`Deployment/default/app-${DEPLOYMENTS - 1}`]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
