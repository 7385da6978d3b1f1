// The fake kubectl keeps a cluster's state and refuses what an API server would: the deploy tests
// rely on it to catch an apply order that would fail on a real cluster.
import * as fs from 'fs';
import * as path from 'path';
import { tempDir, writeFiles } from './helpers';
const { fakeKubectl } = require('../fixtures/fake-kubectl/fake-kubectl.js') as {
  fakeKubectl: (argv: string[], env: NodeJS.ProcessEnv, cwd: string) => { status: number; stdout: string; stderr: string };
};

let root: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  root = tempDir();
  env = { FAKE_KUBECTL_STATE: path.join(root, 'state.json') };
  writeFiles(root, {
    'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n',
    'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  A: "1"\n',
    'cm2.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  A: "2"\n',
    'deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: r.io/web:1\n',
    'broken.yaml': 'kind: ConfigMap\nmetadata: [\n',
    'nokind.yaml': 'metadata:\n  name: x\n',
    'route.yaml': 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: web\n  namespace: shop\n',
    'crd.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: httproutes.gateway.networking.k8s.io\nspec:\n  group: gateway.networking.k8s.io\n  scope: Namespaced\n  names:\n    kind: HTTPRoute\n  versions:\n    - name: v1\n',
  });
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const kubectl = (...argv: string[]) => fakeKubectl(argv, env, root);

test('a namespaced object in a Namespace that does not exist is refused; once it exists, it is created, then unchanged or configured', () => {
  expect(kubectl('apply', '-f', 'cm.yaml')).toMatchObject({ status: 1, stdout: '', stderr: 'Error from server (NotFound): error when creating "cm.yaml": namespaces "shop" not found\n' });
  expect(kubectl('apply', '-f', 'ns.yaml', '-f', 'cm.yaml')).toMatchObject({ status: 0, stdout: 'namespace/shop created\nconfigmap/settings created\n' });
  expect(kubectl('apply', '-f', 'cm.yaml').stdout).toBe('configmap/settings unchanged\n');
  expect(kubectl('apply', '-f', 'cm2.yaml').stdout).toBe('configmap/settings configured\n');
});

test('a file that is not manifests is refused with kubectl\'s words, and nothing of it is applied', () => {
  const broken = kubectl('apply', '-f', 'ns.yaml', '-f', 'broken.yaml');
  expect(broken.status).toBe(1);
  expect(broken.stdout).toBe('namespace/shop created\n');
  expect(broken.stderr).toMatch(/^error: error parsing broken\.yaml: /);
  expect(kubectl('apply', '-f', 'nokind.yaml')).toMatchObject({ status: 1, stderr: expect.stringContaining('error validating data: [apiVersion not set, kind not set]') });
  expect(kubectl('apply', '-f', 'missing.yaml')).toMatchObject({ status: 1, stderr: 'error: the path "missing.yaml" does not exist\n' });
});

test('a kind the cluster does not serve is refused until its CustomResourceDefinition is applied', () => {
  kubectl('apply', '-f', 'ns.yaml');
  expect(kubectl('apply', '-f', 'route.yaml')).toMatchObject({ status: 1, stderr: expect.stringContaining('no matches for kind "HTTPRoute" in version "gateway.networking.k8s.io/v1"') });
  expect(kubectl('apply', '-f', 'crd.yaml', '-f', 'route.yaml')).toMatchObject({ status: 0, stdout: 'customresourcedefinition.apiextensions.k8s.io/httproutes.gateway.networking.k8s.io created\nhttproute.gateway.networking.k8s.io/web created\n' });
});

test('rollout status of a workload never applied is NotFound; applied, it rolls out or times out as its pods say', () => {
  expect(kubectl('rollout', 'status', 'deployment/web', '-n', 'shop', '--timeout=5s')).toMatchObject({ status: 1, stderr: 'Error from server (NotFound): deployments.apps "web" not found\n' });
  kubectl('apply', '-f', 'ns.yaml', '-f', 'deploy.yaml');
  expect(kubectl('rollout', 'status', 'deployment/web', '-n', 'default', '--timeout=5s').status).toBe(1);
  expect(kubectl('rollout', 'status', 'deployment/web', '-n', 'shop', '--timeout=5s')).toMatchObject({ status: 0, stdout: 'deployment "web" successfully rolled out\n' });
  env.FAKE_KUBECTL_PODS = 'deployment/web=ImagePullBackOff';
  expect(kubectl('rollout', 'status', 'deployment/web', '-n', 'shop', '--timeout=5s')).toMatchObject({ status: 1, stderr: 'error: timed out waiting for the condition\n' });
  const listed = JSON.parse(kubectl('get', 'pods', '-n', 'shop', '-l', 'app=web', '-o', 'json').stdout) as { items: { metadata: { name: string }; status: { containerStatuses: { image: string; state: { waiting: { reason: string } } }[] } }[] };
  expect(listed.items.map((p) => [p.metadata.name, p.status.containerStatuses[0].image, p.status.containerStatuses[0].state.waiting.reason])).toEqual([
    ['web-7c9d8f6b5-akx0z', 'r.io/web:1', 'ImagePullBackOff'],
    ['web-7c9d8f6b5-blx1z', 'r.io/web:1', 'ImagePullBackOff'],
  ]);
  expect(JSON.parse(kubectl('get', 'pods', '-n', 'shop', '-l', 'app=other', '-o', 'json').stdout).items).toEqual([]);
});
