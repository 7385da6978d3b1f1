// What deploy asks the cluster before it applies anything, each answer read by the function that
// reads it, through a scripted kubectl (in-process): the context and its API server, the nodes (the
// data node, the container runtime, the addresses), the Gateway API CRDs; and the runner itself.
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { parse } from 'yaml';
import { chooseDataNode, parseNodes, resolveDataNode } from '../../src/deploy/data-node';
import {
  applyCrdsArgs,
  gatewayCrdCommands,
  installGatewayCrds,
  listCrdsArgs,
  shippedGatewayCrds,
  usesGatewayApi,
  waitEstablishedArgs,
} from '../../src/deploy/gateway-crds';
import { failureText, resolveKubectl, shellCommand, spawnKubectl, succeeded, withContext } from '../../src/deploy/kubectl';
import { detectNodeRuntime, detectRuntime, runtimeOfNode } from '../../src/deploy/node-runtime';
import { hostsLine, lookupNodeAddresses, nodeAddressArgs, urlHost } from '../../src/deploy/nodes';
import { preflight } from '../../src/deploy/preflight';
import { tempFolders } from '../helpers/temp';
import { failure, scriptedKubectl } from './scripted-kubectl';

const HOW_TO_CHOOSE = [
  '  list the contexts of your kubeconfig: kubectl config get-contexts',
  '  choose one: kubectl config use-context NAME, or pass --context NAME to npm run deploy',
  '  no kubeconfig yet? k3s writes /etc/rancher/k3s/k3s.yaml (export KUBECONFIG=… or copy it to ~/.kube/config);',
  '  managed clusters: aws eks update-kubeconfig, gcloud container clusters get-credentials, az aks get-credentials',
].join('\n');
const VERSION = 'get --raw /version --request-timeout=10s';

describe('preflight: a context, and an API server that answers', () => {
  test('the current context, trimmed, and its API server asked without --context', () => {
    const k = scriptedKubectl({ 'config current-context': { stdout: ' prod \n' }, [VERSION]: {} });
    expect(preflight(k.run, undefined, undefined)).toEqual({ ok: true, context: 'prod' });
    expect(k.calls.map((c) => c.args)).toEqual([['config', 'current-context'], VERSION.split(' ')]);
  });

  test('no current context (kubectl fails, or prints nothing): which kubeconfig, kubectl\'s words, how to choose one; the server is not asked', () => {
    const failing = scriptedKubectl({ 'config current-context': failure('error: current-context is not set') });
    expect(preflight(failing.run, undefined, undefined)).toEqual({ ok: false, message: `kubectl has no current context (kubeconfig ~/.kube/config): error: current-context is not set (exit code 1)\n${HOW_TO_CHOOSE}` });
    expect(failing.calls).toHaveLength(1);
    const empty = scriptedKubectl({ 'config current-context': { stdout: '\n' } });
    expect(preflight(empty.run, undefined, '/etc/k3s.yaml')).toEqual({ ok: false, message: `kubectl has no current context (kubeconfig /etc/k3s.yaml): exit code 0\n${HOW_TO_CHOOSE}` });
  });

  test('--context must be one of the kubeconfig\'s contexts; then its server is asked with --context', () => {
    const k = scriptedKubectl({ 'config get-contexts -o name': { stdout: ' dev\n\nprod \n' }, [`--context prod ${VERSION}`]: {} });
    expect(preflight(k.run, 'prod', undefined)).toEqual({ ok: true, context: 'prod' });
    expect(k.calls.map((c) => c.args)).toEqual([['config', 'get-contexts', '-o', 'name'], ['--context', 'prod', ...VERSION.split(' ')]]);
    expect(preflight(k.run, 'staging', '/k')).toEqual({ ok: false, message: `--context "staging" is not in the kubeconfig /k; contexts there: dev, prod\n${HOW_TO_CHOOSE}` });
    const none = scriptedKubectl({ 'config get-contexts -o name': { stdout: '' } });
    expect(preflight(none.run, 'prod', undefined)).toEqual({ ok: false, message: `--context "prod" is not in the kubeconfig ~/.kube/config; contexts there: none\n${HOW_TO_CHOOSE}` });
    // A listing kubectl reports as failed is no proof that the context exists.
    const failed = scriptedKubectl({ 'config get-contexts -o name': { status: 1, stdout: 'prod\n' } });
    expect(preflight(failed.run, 'prod', undefined)).toMatchObject({ ok: false });
    expect(failed.calls).toHaveLength(1);
  });

  test('an API server that does not answer: the context named, kubectl\'s words, what to try', () => {
    const k = scriptedKubectl({ 'config current-context': { stdout: 'prod' }, [VERSION]: failure('dial tcp 10.0.0.1:6443: connect: connection refused') });
    expect(preflight(k.run, undefined, undefined)).toEqual({
      ok: false,
      message: 'the API server of context "prod" does not answer: dial tcp 10.0.0.1:6443: connect: connection refused (exit code 1)\n  is the cluster running and reachable from here? kubectl cluster-info --context prod tells more.',
    });
  });
});

describe('kubectl results and commands', () => {
  const result = (r: Partial<Parameters<typeof succeeded>[0]>) => ({ status: 0, signal: null, stdout: '', stderr: '', ...r });

  test('success is exit 0 from a binary that started', () => {
    expect(succeeded(result({}))).toBe(true);
    expect(succeeded(result({ status: 1 }))).toBe(false);
    expect(succeeded(result({ status: null, signal: 'SIGKILL' }))).toBe(false);
    expect(succeeded(result({ spawnError: 'kubectl binary "k" not found' }))).toBe(false);
  });

  test('a failure in words: why it could not start, else stderr, else stdout, with the exit status or the signal', () => {
    expect(failureText(result({ status: null, spawnError: 'cannot run "k": EACCES', stderr: 'ignored' }))).toBe('cannot run "k": EACCES');
    expect(failureText(result({ status: 1, stderr: '  error: forbidden\n', stdout: 'ignored' }))).toBe('error: forbidden (exit code 1)');
    expect(failureText(result({ status: 1, stderr: ' \n', stdout: ' said on stdout\n' }))).toBe('said on stdout (exit code 1)');
    expect(failureText(result({ status: null, signal: 'SIGTERM' }))).toBe('killed by SIGTERM');
    expect(failureText(result({ status: 2 }))).toBe('exit code 2');
  });

  test('$KUBECTL names the binary unless empty or blank', () => {
    expect(resolveKubectl({ KUBECTL: '/opt/bin/kubectl' })).toBe('/opt/bin/kubectl');
    expect(resolveKubectl({ KUBECTL: ' ' })).toBe('kubectl');
    expect(resolveKubectl({ KUBECTL: '' })).toBe('kubectl');
    expect(resolveKubectl({})).toBe('kubectl');
  });

  test('--context goes first; commands are printed shell-quoted', () => {
    expect(withContext(undefined, ['get', 'pods'])).toEqual(['get', 'pods']);
    expect(withContext('a b', ['get', 'pods'])).toEqual(['--context', 'a b', 'get', 'pods']);
    expect(shellCommand('/usr/local/bin/kubectl', ['--context', 'a b', 'apply', '-f', 'dist/x.yaml'])).toBe("/usr/local/bin/kubectl --context 'a b' apply -f dist/x.yaml");
    expect(shellCommand('my kubectl', [])).toBe("'my kubectl'");
  });
});

describe('the spawned runner (a tiny shell stands in for kubectl)', () => {
  const temp = tempFolders('bernstein-runner-');

  test('runs in the given folder with the given environment, captures stdout (beyond a small buffer), stderr and the exit code', () => {
    const cwd = fs.realpathSync(temp());
    const run = spawnKubectl('/bin/sh', { PATH: process.env.PATH, MARK: 'from env' }, cwd);
    const r = run(['-c', 'pwd; printf "%s\\n" "$MARK"; i=0; while [ $i -lt 40 ]; do echo line-$i; i=$((i+1)); done; echo oops >&2; exit 3']);
    expect(r).toEqual({
      status: 3,
      signal: null,
      stdout: `${cwd}\nfrom env\n${Array.from({ length: 40 }, (_, i) => `line-${i}\n`).join('')}`,
      stderr: 'oops\n',
    });
  });

  test('standard input is given when asked (apply -f -), and is empty otherwise', () => {
    const run = spawnKubectl('/bin/sh', { PATH: process.env.PATH }, temp());
    expect(run(['-c', 'cat'], 'kind: List\n')).toMatchObject({ status: 0, stdout: 'kind: List\n' });
    expect(run(['-c', 'cat'])).toMatchObject({ status: 0, stdout: '' });
  });

  test('a signal is reported as such', () => {
    const r = spawnKubectl('/bin/sh', {}, temp())(['-c', 'kill -TERM $$']);
    expect(r).toMatchObject({ status: null, signal: 'SIGTERM' });
    expect(failureText(r)).toBe('killed by SIGTERM');
  });

  test('a binary that is missing, or not executable, is named in the failure', () => {
    const dir = temp();
    const missing = spawnKubectl(path.join(dir, 'kubectl'), {}, dir)(['version']);
    expect(missing.spawnError).toBe(`kubectl binary "${path.join(dir, 'kubectl')}" not found (install kubectl or set KUBECTL=/path/to/kubectl)`);
    expect(missing).toMatchObject({ stdout: '', stderr: '' });
    expect(succeeded(missing)).toBe(false);
    const plain = path.join(dir, 'plain');
    fs.writeFileSync(plain, 'not a program', { mode: 0o644 });
    const refused = spawnKubectl(plain, {}, dir)(['version']);
    expect(refused.spawnError).toMatch(new RegExp(`^cannot run "${plain}": .*EACCES`));
  });
});

describe('node addresses', () => {
  const EXTERNAL = nodeAddressArgs('ExternalIP').join(' ');
  const INTERNAL = nodeAddressArgs('InternalIP').join(' ');

  test('the spec\'s jsonpath, with --context first', () => {
    expect(nodeAddressArgs('InternalIP', 'prod')).toEqual(['--context', 'prod', 'get', 'nodes', '-o', 'jsonpath={.items[*].status.addresses[?(@.type=="InternalIP")].address}']);
  });

  test('ExternalIP first; InternalIP only when no node has one; none at all is no error', () => {
    const external = scriptedKubectl({ [EXTERNAL]: { stdout: ' 203.0.113.1  203.0.113.2\n' } });
    expect(lookupNodeAddresses(external.run)).toEqual({ ok: true, result: { type: 'ExternalIP', addresses: ['203.0.113.1', '203.0.113.2'] } });
    expect(external.calls).toHaveLength(1);
    const internal = scriptedKubectl({ [EXTERNAL]: { stdout: '\n' }, [INTERNAL]: { stdout: '10.0.0.1' } });
    expect(lookupNodeAddresses(internal.run)).toEqual({ ok: true, result: { type: 'InternalIP', addresses: ['10.0.0.1'] } });
    const none = scriptedKubectl({ [EXTERNAL]: {}, [INTERNAL]: {} });
    expect(lookupNodeAddresses(none.run)).toEqual({ ok: true, result: undefined });
    expect(none.calls).toHaveLength(2);
  });

  test('a failed lookup stops at once with kubectl\'s words', () => {
    const k = scriptedKubectl({ [EXTERNAL]: failure('forbidden') });
    expect(lookupNodeAddresses(k.run)).toEqual({ ok: false, error: 'forbidden (exit code 1)' });
    expect(k.calls).toHaveLength(1);
  });

  test('IPv6 addresses are bracketed in URLs; the hosts line is the address then the names', () => {
    expect(urlHost('fd00::1')).toBe('[fd00::1]');
    expect(urlHost('10.0.0.1')).toBe('10.0.0.1');
    expect(hostsLine('10.0.0.1', ['a.example', 'b.example'])).toBe('10.0.0.1 a.example b.example');
  });
});

describe('the data node', () => {
  const ready = { conditions: [{ type: 'Ready', status: 'True' }] };
  const NODES = JSON.stringify({
    kind: 'List',
    items: [
      { metadata: { name: 'b-server', labels: { 'node-role.kubernetes.io/master': 'true', 'kubernetes.io/hostname': 'b-server' } }, status: ready },
      {
        metadata: { name: 'a-worker', labels: { 'kubernetes.io/hostname': 'a' } },
        spec: { unschedulable: true, taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }, { key: 'spot', effect: 'PreferNoSchedule' }, { key: 'drain', effect: 'NoExecute' }] },
        status: { conditions: [{ type: 'MemoryPressure', status: 'True' }, { type: 'Ready', status: 'Unknown' }] },
      },
      { metadata: { name: 'c-worker' }, status: { conditions: [{ type: 'DiskPressure', status: 'True' }] } },
    ],
  });

  test('each node: its hostname label (its name without one), control plane by either role label, every reason it cannot take the database; by name', () => {
    expect(parseNodes(NODES)).toEqual([
      { name: 'a-worker', hostname: 'a', controlPlane: false, problems: ['cordoned', 'not Ready', 'tainted gpu=yes:NoSchedule', 'tainted drain:NoExecute'] },
      { name: 'b-server', hostname: 'b-server', controlPlane: true, problems: [] },
      { name: 'c-worker', hostname: 'c-worker', controlPlane: false, problems: ['not Ready'] },
    ]);
    expect(parseNodes('{}')).toEqual([]);
    expect(parseNodes(JSON.stringify({ items: [{}] }))).toEqual([{ name: '', hostname: '', controlPlane: false, problems: ['not Ready'] }]);
  });

  const LISTING = '  a-worker: cordoned, not Ready, tainted gpu=yes:NoSchedule, tainted drain:NoExecute\n  b-server (control plane): schedulable\n  c-worker: not Ready';

  test('a node asked by its hostname label that cannot run the database: why, and every node with its state', () => {
    expect(chooseDataNode(parseNodes(NODES), 'a')).toEqual({
      ok: false,
      badFlag: false,
      message: `--data-node: node "a" cannot run the database now (cordoned, not Ready, tainted gpu=yes:NoSchedule, tainted drain:NoExecute); its nodes:\n${LISTING}\n  allowed: a schedulable node, or --data-node auto`,
    });
    expect(chooseDataNode(parseNodes(NODES), 'b-server')).toMatchObject({ ok: true, node: { name: 'b-server' }, why: 'as asked' });
    expect(chooseDataNode([], 'a')).toEqual({ ok: false, badFlag: true, message: '--data-node: the cluster has no node "a"; its nodes:\n  the cluster lists no nodes\n  allowed: one of them, or --data-node auto' });
  });

  test('a node asked by its name, when its hostname label differs, is found too', () => {
    expect(parseNodes(NODES)[0]).toMatchObject({ name: 'a-worker', hostname: 'a' });
    expect(chooseDataNode(parseNodes(NODES), 'a-worker')).toMatchObject({ ok: false, badFlag: false, message: expect.stringMatching(/^--data-node: node "a-worker" cannot run the database now \(cordoned, /) });
  });

  test('auto with no schedulable node: it says so, with every node and why', () => {
    const unschedulable = parseNodes(NODES).filter((n) => n.problems.length > 0);
    expect(chooseDataNode(unschedulable, 'auto')).toEqual({
      ok: false,
      badFlag: false,
      message: "--data-node auto: no node can run the database; the cluster's nodes:\n  a-worker: cordoned, not Ready, tainted gpu=yes:NoSchedule, tainted drain:NoExecute\n  c-worker: not Ready",
    });
  });

  test('auto: a control-plane node only when no worker can, and it says so', () => {
    expect(chooseDataNode(parseNodes(NODES), 'auto')).toEqual({ ok: true, node: expect.objectContaining({ name: 'b-server' }), why: 'the only schedulable nodes are control-plane nodes; the first of them' });
    const withWorker = parseNodes(JSON.stringify({ items: [{ metadata: { name: 'a', labels: { 'node-role.kubernetes.io/control-plane': '' } }, status: ready }, { metadata: { name: 'z' }, status: ready }] }));
    expect(chooseDataNode(withWorker, 'auto')).toEqual({ ok: true, node: expect.objectContaining({ name: 'z' }), why: 'the first schedulable worker' });
  });

  test('read from the cluster: get nodes with --context; a failed or unreadable answer says so', () => {
    const k = scriptedKubectl({ '--context prod get nodes -o json': { stdout: NODES } });
    expect(resolveDataNode(k.run, 'auto', 'prod')).toMatchObject({ ok: true, node: { name: 'b-server' } });
    const failed = scriptedKubectl({ 'get nodes -o json': failure('forbidden') });
    expect(resolveDataNode(failed.run, 'auto')).toEqual({ ok: false, badFlag: false, message: "--data-node: cannot list the cluster's nodes: forbidden (exit code 1)" });
    const garbled = scriptedKubectl({ 'get nodes -o json': { stdout: 'No resources found' } });
    expect(resolveDataNode(garbled.run, 'auto')).toEqual({ ok: false, badFlag: false, message: expect.stringMatching(/^--data-node: kubectl get nodes -o json did not answer JSON: \S/) });
  });
});

describe('the nodes\' container runtime', () => {
  const node = (name: string | undefined, runtime?: string) => ({ ...(name ? { metadata: { name } } : {}), status: { nodeInfo: runtime === undefined ? {} : { containerRuntimeVersion: runtime } } });
  const list = (...items: object[]) => JSON.stringify({ items });

  test('one runtime on every node, with how many nodes said it', () => {
    expect(detectRuntime(list(node('a', 'containerd://2.1.4')))).toEqual({ ok: true, runtime: 'containerd', why: 'every node runs containerd (1 node, from status.nodeInfo.containerRuntimeVersion)' });
    expect(detectRuntime(list(node('a', 'cri-o://1.34.0'), node('b', 'cri-o://1.34.1')))).toEqual({ ok: true, runtime: 'crio', why: 'every node runs crio (2 nodes, from status.nodeInfo.containerRuntimeVersion)' });
  });

  test('k3s by its containerd build, its kubelet version or its instance-type label; mixed runtimes are not guessed', () => {
    const k3s = (name: string, runtime: string, kubelet: string, labels: Record<string, string> = {}) => ({ metadata: { name, labels }, status: { nodeInfo: { containerRuntimeVersion: runtime, kubeletVersion: kubelet } } });
    expect(runtimeOfNode(k3s('a', 'containerd://2.2.7-k3s1', 'v1.34.1'))).toBe('k3s');
    expect(runtimeOfNode(k3s('a', 'containerd://2.2.7', 'v1.34.1+k3s1'))).toBe('k3s');
    expect(runtimeOfNode(k3s('a', 'containerd://2.2.7', 'v1.34.1', { 'node.kubernetes.io/instance-type': 'k3s' }))).toBe('k3s');
    expect(runtimeOfNode(k3s('a', 'containerd://2.2.7', 'v1.34.1-k3s1'))).toBe('containerd');
    expect(detectRuntime(list(node('a', 'containerd://2.1.4'), node('b', 'cri-o://1.34.0'), node('c', 'containerd://2.1.4')))).toEqual({ ok: false, message: 'the nodes run different container runtimes (containerd: a, c; crio: b)' });
  });

  test('no node, or a node that names no runtime we know, is not guessed', () => {
    expect(detectRuntime('{}')).toEqual({ ok: false, message: 'the cluster lists no nodes' });
    expect(detectRuntime(list(node(undefined)))).toEqual({ ok: false, message: 'no node runs a runtime cAdvisor is told about (unknown (no containerRuntimeVersion): ?)' });
    expect(runtimeOfNode({})).toBeUndefined();
    expect(runtimeOfNode({ metadata: { labels: { 'node.kubernetes.io/instance-type': 'k3s' } }, status: { nodeInfo: { containerRuntimeVersion: 'docker://27.0.1' } } })).toBeUndefined();
    expect(runtimeOfNode({ metadata: { labels: { 'node.kubernetes.io/instance-type': 'm5.large' } }, status: { nodeInfo: { containerRuntimeVersion: 'containerd://2.1.4', kubeletVersion: 'v1.34.1-eks' } } })).toBe('containerd');
  });

  test('asked of the cluster with --context; a failed or unreadable answer says so', () => {
    const k = scriptedKubectl({ '--context prod get nodes -o json': { stdout: list(node('a', 'containerd://2.2.7-k3s1')) } });
    expect(detectNodeRuntime(k.run, 'prod')).toMatchObject({ ok: true, runtime: 'k3s' });
    const failed = scriptedKubectl({ 'get nodes -o json': failure('forbidden') });
    expect(detectNodeRuntime(failed.run)).toEqual({ ok: false, message: 'cannot list the nodes: forbidden (exit code 1)' });
    const garbled = scriptedKubectl({ 'get nodes -o json': { stdout: '<html>' } });
    expect(detectNodeRuntime(garbled.run)).toEqual({ ok: false, message: expect.stringMatching(/^cannot read the node list: \S/) });
  });
});

describe('the Gateway API CRDs', () => {
  const CRDS = [
    { name: 'a.gateway.networking.k8s.io', text: 'A\n' },
    { name: 'b.gateway.networking.k8s.io', text: 'B\n' },
    { name: 'c.gateway.networking.k8s.io', text: 'C\n' },
  ];
  const LIST = 'get crd -o name';
  const APPLY = 'apply --server-side --field-manager=bernstein-cdk8s -f -';
  const waitFor = (...names: string[]) => ['wait', '--for=condition=Established', ...names.map((n) => `crd/${n}`), '--timeout=60s'].join(' ');

  test('the shipped file: each CRD\'s own document, whole, from its comment on; read once', () => {
    const crds = shippedGatewayCrds();
    expect(crds).toHaveLength(10);
    for (const crd of crds) {
      // Parsing 650 kB of YAML again would cost seconds: the head and the schema are enough.
      const plural = crd.name.split('.')[0];
      expect(crd.text.startsWith(`#\n# config/crd/standard/gateway.networking.k8s.io_${plural}.yaml\n#\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n`)).toBe(true);
      expect(parse(crd.text.slice(0, crd.text.search(/^spec:/m)))).toMatchObject({ kind: 'CustomResourceDefinition', metadata: { name: crd.name } });
      expect(crd.text).toContain(`\n    plural: ${plural}\n`);
      expect(crd.text).toMatch(/\n {6}openAPIV3Schema:\n/);
      expect(crd.text).not.toContain('\n---');
    }
    expect(shippedGatewayCrds()).toBe(crds);
  });

  const crdFolder = tempFolders('bernstein-crds-');
  test('any CRD file: split at --- lines only (trailing blanks allowed), blank lines before a document dropped, other documents skipped', () => {
    const crd = (name: string, extra = '') => `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ${name}\n${extra}spec:\n  group: example.com\n`;
    // No --- before the first document; a value ending in ---; a separator with trailing blanks, then blank lines.
    const text = `${crd('a.example.com', '  annotations:\n    note: ends with ---\n')}--- \t\n\n  \n${crd('b.example.com')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n`;
    const file = path.join(crdFolder(), 'crds.yaml.gz');
    fs.writeFileSync(file, zlib.gzipSync(text));
    expect(shippedGatewayCrds(file)).toEqual([
      { name: 'a.example.com', text: crd('a.example.com', '  annotations:\n    note: ends with ---\n') },
      { name: 'b.example.com', text: crd('b.example.com') },
    ]);
  });

  test('a folder needs them when an object is of the Gateway API group', () => {
    expect(usesGatewayApi([{ apiVersion: 'v1' }, { apiVersion: 'gateway.networking.k8s.io/v1' }])).toBe(true);
    expect(usesGatewayApi([{ apiVersion: 'gateway.networking.k8s.io.example.com/v1' }, {}])).toBe(false);
  });

  test('the commands, with --context', () => {
    expect(listCrdsArgs('p')).toEqual(['--context', 'p', 'get', 'crd', '-o', 'name']);
    expect(applyCrdsArgs('p')).toEqual(['--context', 'p', ...APPLY.split(' ')]);
    expect(waitEstablishedArgs(['x', 'y'], 'p')).toEqual(['--context', 'p', ...waitFor('x', 'y').split(' ')]);
    const lines = gatewayCrdCommands('kubectl', 'p', CRDS);
    expect(lines[0]).toBe('# Gateway API CRDs (standard channel v1.6.1), installed only when the cluster lacks them:');
    expect(lines[1]).toBe('kubectl --context p get crd -o name');
    expect(lines[2]).toMatch(/^gunzip -c \/\S+\/schemas\/gateway-api\/v1\.6\.1-standard-crds\.yaml\.gz \| kubectl --context p apply --server-side --field-manager=bernstein-cdk8s -f -   # the CRDs missing from that list$/);
    expect(lines[3]).toBe(`kubectl --context p ${waitFor(...CRDS.map((c) => c.name))}`);
    expect(lines).toHaveLength(4);
  });

  test('only the missing ones are applied (server-side, from standard input) and waited for', () => {
    const k = scriptedKubectl({
      [LIST]: { stdout: 'customresourcedefinition.apiextensions.k8s.io/a.gateway.networking.k8s.io\n  customresourcedefinition/c.gateway.networking.k8s.io \n\n' },
      [APPLY]: {},
      [waitFor('b.gateway.networking.k8s.io')]: {},
    });
    expect(installGatewayCrds(k.run, undefined, CRDS)).toEqual({ ok: true, installed: ['b.gateway.networking.k8s.io'], present: ['a.gateway.networking.k8s.io', 'c.gateway.networking.k8s.io'] });
    expect(k.calls).toEqual([{ args: LIST.split(' ') }, { args: APPLY.split(' '), input: '---\nB\n' }, { args: waitFor('b.gateway.networking.k8s.io').split(' ') }]);
  });

  test('all present: nothing applied; none present: all of them, each its own document', () => {
    const present = scriptedKubectl({ [LIST]: { stdout: CRDS.map((c) => `customresourcedefinition.apiextensions.k8s.io/${c.name}`).join('\n') } });
    expect(installGatewayCrds(present.run, undefined, CRDS)).toEqual({ ok: true, installed: [], present: CRDS.map((c) => c.name) });
    expect(present.calls).toHaveLength(1);
    const none = scriptedKubectl({ [LIST]: {}, [APPLY]: {}, [waitFor(...CRDS.map((c) => c.name))]: {} });
    expect(installGatewayCrds(none.run, undefined, CRDS)).toEqual({ ok: true, installed: CRDS.map((c) => c.name), present: [] });
    expect(none.calls[1].input).toBe('---\nA\n---\nB\n---\nC\n');
  });

  test('each step that fails stops the install, saying which', () => {
    expect(installGatewayCrds(scriptedKubectl({ [LIST]: failure('forbidden') }).run, undefined, CRDS)).toEqual({ ok: false, message: "cannot list the cluster's CustomResourceDefinitions: forbidden (exit code 1)" });
    const applyFails = scriptedKubectl({ [LIST]: { stdout: `customresourcedefinition.apiextensions.k8s.io/${CRDS[1].name}\n` }, [APPLY]: failure('conflict') });
    expect(installGatewayCrds(applyFails.run, undefined, CRDS)).toEqual({ ok: false, message: 'installing the Gateway API CRDs (a.gateway.networking.k8s.io, c.gateway.networking.k8s.io) failed: conflict (exit code 1)' });
    expect(applyFails.calls).toHaveLength(2);
    const waitFails = scriptedKubectl({ [LIST]: {}, [APPLY]: {}, [waitFor(...CRDS.map((c) => c.name))]: failure('timed out') });
    expect(installGatewayCrds(waitFails.run, undefined, CRDS)).toEqual({ ok: false, message: 'the Gateway API CRDs did not become Established within 60s: timed out (exit code 1)' });
  });
});
