// Issue 23, "false alarms and noise": each input below was reported although kubectl applies it
// fine or the finding repeated another one. Folders are written here (in memory), modelled on
// the real-world folders of the survey in docs/checker.md.
import { checkDocuments, CheckOptions, CheckReport, ManifestDocument, parseManifestText } from '../../src/checker';
import { loadTexts } from '../../src/manifests';
import { describeProblems, loadDocuments, withEdit, withRule } from './helpers';

// Tests poke at arbitrary manifest structure; typing every path would only add noise.
type Obj = Record<string, any>;

function run(files: Record<string, Obj[]>, options: CheckOptions = {}): CheckReport {
  const docs: ManifestDocument[] = Object.entries(files).flatMap(([file, objects]) => objects.map((content, index) => ({ file, index, content })));
  return checkDocuments(docs, options);
}
const rules = (report: CheckReport): string[] => report.problems.map((p) => `${p.severity} ${p.rule} ${p.object}`);

const deployment = (name: string, podSpec: Obj, replicas = 1): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: { replicas, strategy: { type: 'Recreate' }, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: podSpec } },
});

describe('.json manifests are read as kubectl reads them', () => {
  it('parses a JSON file, a kind: List included, so references to its objects resolve', () => {
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { MODE: 'fast' } }] }, null, 2);
    const parsed = parseManifestText('settings.json', list);
    expect(parsed.issues).toEqual([]);
    const pod = deployment('web', { containers: [{ name: 'web', image: 'nginx:1.27', envFrom: [{ configMapRef: { name: 'settings' } }] }] });
    const report = checkDocuments([...parsed.documents, { file: 'web.yaml', content: pod }]);
    expect(describeProblems(report)).toBe('');
  });
});

describe('data.unpinned-host-volume judges the pods too', () => {
  const pv: Obj = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'data' }, spec: { storageClassName: 'manual', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } } };
  const pvc: Obj = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { storageClassName: 'manual', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
  const db = (extra: Obj): Obj => deployment('db', { containers: [{ name: 'db', image: 'postgres:16', volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }] }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }], ...extra });
  const web = deployment('web', { containers: [{ name: 'web', image: 'nginx:1.27' }] }, 3);

  it('warns when nothing pins the data, and not when the pod that mounts it has a required node affinity on one host', () => {
    expect(withRule(run({ 'a.yaml': [pv, pvc, db({}), web] }), 'data.unpinned-host-volume')).toHaveLength(1);
    const pinned = db({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] }] }] } } } });
    expect(withRule(run({ 'a.yaml': [pv, pvc, pinned, web] }), 'data.unpinned-host-volume')).toEqual([]);
    expect(withRule(run({ 'a.yaml': [pv, pvc, db({ nodeSelector: { 'kubernetes.io/hostname': 'node-1' } }), web] }), 'data.unpinned-host-volume')).toEqual([]);
    const twoHosts = db({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1', 'node-2'] }] }] } } } });
    expect(withRule(run({ 'a.yaml': [pv, pvc, twoHosts, web] }), 'data.unpinned-host-volume')).toHaveLength(1);
  });

  it('data.rolling-database only when the claim is mounted', () => {
    const rolling = (mounted: boolean): Obj => {
      const d = db({});
      d.spec.strategy = { type: 'RollingUpdate' };
      if (!mounted) d.spec.template.spec.containers[0].volumeMounts = [];
      return d;
    };
    expect(withRule(run({ 'a.yaml': [pvc, rolling(true)] }), 'data.rolling-database')).toHaveLength(1);
    expect(withRule(run({ 'a.yaml': [pvc, rolling(false)] }), 'data.rolling-database')).toEqual([]);
  });
});

describe('templates, kustomizations, empty folders, deep nesting: one clear finding each', () => {
  it('answers a Helm template with one finding for the file', () => {
    const helm = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ include "app.fullname" . }}',
      'spec:',
      '  replicas: {{ .Values.replicaCount }}',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          {{- with .Values.resources }}',
      '          resources: {{- toYaml . | nindent 12 }}',
      '          {{- end }}',
    ].join('\n');
    const { documents, issues } = loadTexts([{ file: 'deployment.yaml', text: helm }]);
    expect(documents).toEqual([]);
    expect(issues.map((i) => `${i.rule} ${i.file}`)).toEqual(['yaml.template deployment.yaml']);
    expect(issues[0].message).toContain('render it first (helm template');
  });

  it('keeps {{ }} inside a valid manifest (an Alertmanager template in a ConfigMap) as data', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alerts\ndata:\n  slack.tmpl: |\n    {{ define "slack.text" }}{{ .CommonAnnotations.summary }}{{ end }}\n';
    const { documents, issues } = loadTexts([{ file: 'alerts.yaml', text: cm }]);
    expect(issues).toEqual([]);
    expect(documents).toHaveLength(1);
  });

  it('answers a kustomization.yaml with one warning instead of a missing name and an unknown API', () => {
    const report = run({ 'kustomization.yaml': [{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['daemonset.yaml'] }] });
    expect(rules(report)).toEqual(['warning yaml.kustomization Kustomization/default/<unnamed document 1>']);
  });

  it('answers a kind cluster configuration among the manifests with one warning, and the Bernstein policy does not add its own', () => {
    const kind = { apiVersion: 'kind.x-k8s.io/v1alpha4', kind: 'Cluster', nodes: [{ role: 'control-plane' }, { role: 'worker' }] };
    expect(rules(run({ 'kind-config.yaml': [kind] }))).toEqual(['warning yaml.tool-config Cluster/default/<unnamed document 1>']);
    const withPolicy = run({ 'kind-config.yaml': [kind] }, { policy: 'bernstein', k8s: '1.21' });
    expect(withPolicy.problems.filter((p) => p.file === 'kind-config.yaml').map((p) => p.rule)).toEqual(['yaml.tool-config']);
  });

  it('answers nesting deeper than any object with one finding, not a stack overflow', () => {
    const deep = `a: ${'['.repeat(50000)}${']'.repeat(50000)}\n`;
    const { issues } = loadTexts([{ file: 'deep.yaml', text: deep }]);
    expect(issues.map((i) => i.rule)).toEqual(['yaml.too-deep']);
    const indented = Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    expect(loadTexts([{ file: 'deep.yaml', text: indented }]).issues.map((i) => i.rule)).toEqual(['yaml.too-deep']);
  });
});

describe('one defect, one finding', () => {
  it('the Bernstein port rule looks at every Service of a component (traefik: web and dashboard apart)', () => {
    const traefik = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'traefik', namespace: 'kube-public' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'traefik' } }, template: { metadata: { labels: { app: 'traefik' } }, spec: { containers: [{ name: 'traefik', image: 'traefik:1.7', args: ['--api', '--kubernetes'], ports: [{ containerPort: 80 }, { containerPort: 8080 }] }] } } },
    };
    const svc = (name: string, port: number, nodePort: number): Obj => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'kube-public' }, spec: { type: 'NodePort', selector: { app: 'traefik' }, ports: [{ port, targetPort: port, nodePort }] } });
    const report = run({ 'traefik.deployment.yaml': [traefik], 'traefik.service.yaml': [svc('traefik-web', 80, 30021), svc('traefik-admin', 8080, 30042)] }, { policy: 'bernstein', k8s: '1.21' });
    expect(withRule(report, 'bernstein.ports')).toEqual([]);
    expect(withRule(report, 'bernstein.service')).toEqual([]);
  });
});

describe('one defect, one finding under the Bernstein policy', () => {
  it('a missing ConfigMap, a mislabelled pod: each reported once, not again by the policy', () => {
    const docs = loadDocuments('bernstein-good').filter((d) => d.file !== 'redis.configmap.yaml');
    const relabelled = withEdit(docs, 'poll.deployment.yaml', (d) => {
      d.spec.selector.matchLabels.app = 'pol';
      d.spec.template.metadata.labels.app = 'pol';
    }, 'Deployment');
    const report = checkDocuments(relabelled, { policy: 'bernstein', k8s: '1.21' }, [...new Set(docs.map((d) => d.file))]);
    expect(report.problems.map((p) => `${p.rule} ${p.object}`)).toEqual([
      'ref.configmap Deployment/default/poll-deployment',
      'bernstein.anti-affinity Deployment/default/poll-deployment',
      'bernstein.service Service/default/poll',
      'ref.configmap Deployment/default/worker',
      'bernstein.files -',
    ]);
  });
});
