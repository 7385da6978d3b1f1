import * as fs from 'fs';
import * as path from 'path';
import { shippedGatewayCrds } from '../../src/deploy/gateway-crds';
import { detectRuntime } from '../../src/deploy/node-runtime';
import { synthesize } from '../../src/synth';
import { runDeploy, useDeployProject, writeFiles } from './helpers';
const { fakeKubectl } = require('../fixtures/fake-kubectl/fake-kubectl.js') as {
  fakeKubectl: (argv: string[], env: NodeJS.ProcessEnv, cwd: string, input?: string) => { status: number; stdout: string; stderr: string };
};

const project = useDeployProject();
const CRDS = shippedGatewayCrds();
const CRD_NAMES = CRDS.map((c) => c.name);
const gateway = synthesize({ profile: 'modern', routing: 'gateway', env: {} });
const LIST_CRDS = ['get', 'crd', '-o', 'name'];
const APPLY_CRDS = ['apply', '--server-side', '--field-manager=bernstein-cdk8s', '-f', '-'];
const WAIT_CRDS = (names: readonly string[]) => ['wait', '--for=condition=Established', ...names.map((n) => `crd/${n}`), '--timeout=60s'];

/** Writes the committed gateway folder into the test project. */
function writeGatewayFolder(root: string): void {
  writeFiles(path.join(root, 'dist-modern-gateway'), Object.fromEntries(gateway.rendered));
}

/** Nodes as `kubectl get nodes -o json` lists them, each with its runtime and kubelet versions. */
function nodes(...list: Array<{ name: string; runtime: string; kubelet?: string; labels?: Record<string, string> }>): string {
  return JSON.stringify({
    kind: 'List',
    items: list.map((n) => ({
      metadata: { name: n.name, labels: { 'kubernetes.io/hostname': n.name, ...n.labels } },
      status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { containerRuntimeVersion: n.runtime, kubeletVersion: n.kubelet ?? 'v1.34.1' } },
    })),
  });
}

describe('deploy --routing gateway: the Gateway API CRDs first', () => {
  test('the shipped file holds the whole v1.6.1 standard channel: HTTPRoute, Gateway, GatewayClass, ReferenceGrant and what Traefik v3.7 also lists', () => {
    expect(CRD_NAMES.map((n) => n.split('.')[0]).sort()).toEqual([
      'backendtlspolicies', 'gatewayclasses', 'gateways', 'grpcroutes', 'httproutes', 'listenersets', 'referencegrants', 'tcproutes', 'tlsroutes', 'udproutes',
    ]);
  });

  test('--dry-run prints the CRD step (list, server-side apply, wait until Established) before the first component', async () => {
    const { root, log } = project;
    writeGatewayFolder(root);
    const r = await runDeploy(['--profile', 'modern', '--routing', 'gateway', '--dry-run'], { cwd: root, log });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const first = lines.findIndex((l) => l.startsWith('# [1/'));
    const crdStep = lines.slice(0, first);
    expect(crdStep[0]).toBe('# Gateway API CRDs (standard channel v1.6.1), installed only when the cluster lacks them:');
    expect(crdStep[1]).toMatch(/ get crd -o name$/);
    expect(crdStep[2]).toMatch(/^gunzip -c \S+schemas\/gateway-api\/v1\.6\.1-standard-crds\.yaml\.gz \| \S+ apply --server-side --field-manager=bernstein-cdk8s -f -/);
    expect(crdStep[3]).toContain(` ${WAIT_CRDS(CRD_NAMES).join(' ')}`);
    expect(r.stdout).toContain('dist-modern-gateway/poll.httproute.yaml');
    expect(r.stdout).not.toContain('ingress.yaml');
    expect(r.calls).toEqual([]);
  });

  test('a real run installs the missing CRDs, waits for them, then applies the HTTPRoutes the cluster now serves; a second run leaves them', async () => {
    const { root, log } = project;
    writeGatewayFolder(root);
    const r = await runDeploy(['--profile', 'modern', '--routing', 'gateway'], { cwd: root, log });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const firstApply = r.calls.findIndex((c) => c[0] === 'apply');
    expect(r.calls.slice(firstApply - 1, firstApply + 2)).toEqual([LIST_CRDS, APPLY_CRDS, WAIT_CRDS(CRD_NAMES)]);
    expect(r.stdout).toContain(`Gateway API CRDs: installed ${CRD_NAMES.length} (`);
    // The fake cluster refuses a kind no CRD serves: the routes applied because the CRDs came first.
    expect(r.calls.some((c) => c.includes('dist-modern-gateway/poll.httproute.yaml'))).toBe(true);
    const again = await runDeploy(['--profile', 'modern', '--routing', 'gateway'], { cwd: root, log });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Gateway API CRDs: all ${CRD_NAMES.length} present in the cluster, left as they are`);
    expect(again.calls.filter((c) => c.includes('--server-side'))).toEqual([APPLY_CRDS]);
  });

  test('CRDs the cluster already has are left alone; only the missing ones are applied', async () => {
    const { root, log } = project;
    writeGatewayFolder(root);
    const env = { FAKE_KUBECTL_STATE: path.join(path.dirname(log), 'kubectl-state.json') };
    const httproutes = CRDS.find((c) => c.name.startsWith('httproutes.'))!;
    expect(fakeKubectl(APPLY_CRDS, env, root, httproutes.text).status).toBe(0);
    const r = await runDeploy(['--profile', 'modern', '--routing', 'gateway'], { cwd: root, log });
    expect(r.code).toBe(0);
    const others = CRD_NAMES.filter((n) => n !== httproutes.name);
    expect(r.calls).toContainEqual(WAIT_CRDS(others));
    expect(r.stdout).toContain('; 1 already present, left as they are');
  });

  test('--routing gateway on a profile without Traefik v3 is a usage error naming the profiles that have it', async () => {
    const { root, log } = project;
    const r = await runDeploy(['--routing', 'gateway'], { cwd: root, log });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--routing: stack "bernstein" profile "spec" routes only through ingress, not "gateway"; allowed: ingress, or --routing gateway with --stack bernstein --profile modern');
    expect(r.calls).toEqual([]);
  });
});

describe('deploy picks the node runtime from the nodes', () => {
  test.each([
    ['containerd (kubeadm, kind, EKS, GKE)', nodes({ name: 'a', runtime: 'containerd://2.1.4' }), 'containerd'],
    ['k3s by its containerd build', nodes({ name: 'a', runtime: 'containerd://2.2.7-k3s1' }, { name: 'b', runtime: 'containerd://2.2.7-k3s1' }), 'k3s'],
    ['k3s by its kubelet version', nodes({ name: 'a', runtime: 'containerd://2.2.7', kubelet: 'v1.34.1+k3s1' }), 'k3s'],
    ['k3s by its instance-type label', nodes({ name: 'a', runtime: 'containerd://2.2.7', labels: { 'node.kubernetes.io/instance-type': 'k3s' } }), 'k3s'],
    ['CRI-O', nodes({ name: 'a', runtime: 'cri-o://1.34.0' }), 'crio'],
  ])('%s', (_, json, runtime) => {
    expect(detectRuntime(json)).toEqual(expect.objectContaining({ ok: true, runtime }));
  });

  test('mixed or unknown runtimes are not guessed', () => {
    expect(detectRuntime(nodes({ name: 'a', runtime: 'containerd://2.1.4' }, { name: 'b', runtime: 'cri-o://1.34.0' }))).toEqual({ ok: false, message: 'the nodes run different container runtimes (containerd: a; crio: b)' });
    expect(detectRuntime(nodes({ name: 'a', runtime: 'docker://27.0.1' }))).toEqual({ ok: false, message: 'no node runs a runtime cAdvisor is told about (unknown (docker://27.0.1): a)' });
  });

  test('on k3s nodes, modern is synthesized for k3s\'s socket into the variant folder and applied from there', async () => {
    const { root, log } = project;
    writeFiles(path.join(root, 'dist-modern'), Object.fromEntries(synthesize({ profile: 'modern', env: {} }).rendered));
    const r = await runDeploy(['--profile', 'modern'], { cwd: root, log, env: { FAKE_KUBECTL_NODES_JSON: nodes({ name: 'k3s-1', runtime: 'containerd://2.2.7-k3s1' }) } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('node runtime: k3s (every node runs k3s');
    expect(r.stdout).toContain('synthesized node-runtime (k3s) manifests into dist-modern-node-runtime/ (not committed)');
    expect(fs.readFileSync(path.join(root, 'dist-modern-node-runtime', 'cadvisor.daemonset.yaml'), 'utf-8')).toContain('--containerd=/run/k3s/containerd/containerd.sock');
    expect(r.calls).toContainEqual(['apply', '-f', 'dist-modern-node-runtime/cadvisor.daemonset.yaml']);
    expect(r.calls.some((c) => c.includes('dist-modern/cadvisor.daemonset.yaml'))).toBe(false);
    // A folder of Ingresses needs no Gateway API CRD: no CRD call at all.
    expect(r.calls.filter((c) => c[1] === 'crd' || c[0] === 'wait')).toEqual([]);
  });

  test('--node-runtime given is used as it is, and is refused with --dir', async () => {
    const { root, log } = project;
    const given = await runDeploy(['--profile', 'hardened', '--node-runtime', 'crio', '--dry-run'], { cwd: root, log });
    expect(given.code).toBe(0);
    expect(given.stdout).toContain('dist-hardened-node-runtime/cadvisor.daemonset.yaml');
    const withDir = await runDeploy(['--profile', 'modern', '--node-runtime', 'k3s', '--dir', 'dist'], { cwd: root, log });
    expect(withDir.code).toBe(2);
    expect(withDir.stderr).toContain('--node-runtime synthesizes the manifests it applies');
  });
});
