// deploy --dir DIR on a folder of manifests this project never wrote: the order and the ways in
// come from the manifests themselves.
import * as fs from 'fs';
import * as path from 'path';
import { tempFolders } from '../helpers/temp';
import { deploymentYaml, FAKE_KUBECTL, runDeploy, writeFiles } from './helpers';

const tempDir = tempFolders('bernstein-deploy-folder-');


const service = (name: string, namespace: string, port: number, nodePort?: number) => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  ${nodePort ? 'type: NodePort\n  ' : ''}selector: {app: ${name}}
  ports: [{name: http, port: ${port}${nodePort ? `, nodePort: ${nodePort}` : ''}}]
`;

/** A shop as someone might write it by hand: one file per piece, names of their own choosing. */
const SHOP = {
  // Sorted by name, the API would come first and the store it dials last.
  'api.yaml': `${deploymentYaml('api', 'shop', { DATABASE_URL: 'postgres://db:5432/shop' })}---\n${service('api', 'shop', 8080, 30080)}`,
  'db.yaml': `${deploymentYaml('db', 'shop', {}, '          envFrom: [{secretRef: {name: db-credentials}}]\n')}---\n${service('db', 'shop', 5432)}---\napiVersion: v1\nkind: Secret\nmetadata: {name: db-credentials, namespace: shop}\nstringData: {POSTGRES_PASSWORD: dev}\n`,
  'jobs.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: nightly, namespace: shop}\nspec: {}\n',
  'widgets-crd.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\nspec:\n  group: example.com\n  names: {kind: Widget, plural: widgets}\n  scope: Namespaced\n  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]\n',
  'zz-namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
};

test('a hand-written folder: Namespace and CRD first, the store before the API that dials it, reached on its node port', async () => {
  const root = tempDir();
  writeFiles(path.join(root, 'k8s'), SHOP);
  const r = await runDeploy(['--dir', 'k8s', '--dry-run'], { cwd: root, log: path.join(root, 'kubectl.log') });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const lines = r.stdout.split('\n').map((l) => l.replace(FAKE_KUBECTL, 'kubectl'));
  expect(lines.filter((l) => /^# \[|^kubectl apply /.test(l))).toEqual([
    '# [1/5] widgets-crd',
    'kubectl apply -f k8s/widgets-crd.yaml',
    '# [2/5] zz-namespace',
    'kubectl apply -f k8s/zz-namespace.yaml',
    '# [3/5] db',
    'kubectl apply -f k8s/db.yaml',
    '# [4/5] api',
    'kubectl apply -f k8s/api.yaml',
    '# [5/5] jobs',
    'kubectl apply -f k8s/jobs.yaml',
  ]);
  expect(r.stdout).toContain('rollout status deployment/db -n shop --timeout=180s');
  // The API's node port is a way in, so the node addresses are looked up after the last rollout.
  expect(r.stdout).toContain(' get nodes -o ');
  expect(r.calls).toEqual([]);
});

test('a hand-written folder deployed: each way in named by its file\'s component (without a Namespace file\'s 00-)', async () => {
  const root = tempDir();
  const { ['api.yaml']: api, ...rest } = SHOP;
  writeFiles(path.join(root, 'k8s'), { ...rest, '00-api.yaml': api });
  const r = await runDeploy(['--dir', 'k8s'], { cwd: root, log: path.join(root, 'kubectl.log') });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout.split('\n').filter((l) => l.includes(':30080'))).toEqual([expect.stringMatching(/^ {2}api http {2}http:\/\/\S+:30080$/)]);
});

test('a folder without manifests, or that does not exist: exit 1, the check command to run, nothing applied', async () => {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'empty'));
  fs.writeFileSync(path.join(root, 'empty', 'README.md'), 'notes');
  const r = await runDeploy(['--dir', 'empty'], { cwd: root, log: path.join(root, 'kubectl.log') });
  expect(r.code).toBe(1);
  expect(r.stderr).toBe('error: no Kubernetes objects in empty (*.yaml / *.yml files)\n  check them with: bernstein-cdk8s check empty\n  nothing was applied.\n');
  expect(r.calls).toEqual([]);
});

test('inside the repository (npm run deploy) the hints name the npm script', async () => {
  const root = tempDir();
  writeFiles(path.join(root, 'k8s'), { 'broken.yaml': 'kind: [\n' });
  const r = await runDeploy(['--dir', 'k8s'], { cwd: root, log: path.join(root, 'kubectl.log'), env: { npm_lifecycle_event: 'deploy' } });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('  check them with: npm run check -- k8s\n');
});
