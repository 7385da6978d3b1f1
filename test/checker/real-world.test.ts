// Inputs found in real manifest folders written by others: what kubectl tolerates must not be
// an error, and the defects a cluster would only reveal at run time must be found.
import { check, checkDocuments, CheckReport, ManifestDocument } from '../../src/checker';
import { describeProblems, fixture, loadDocuments, withEdit } from './helpers';

/** [severity, rule, object, field] of every problem. */
function found(report: CheckReport): string[][] {
  return report.problems.map((p) => [p.severity, p.rule, p.object, p.field]);
}

describe('documents kubectl skips or splits', () => {
  it('skips empty documents and checks every item of a List, nested Lists too', () => {
    const report = check(fixture('empty-documents-and-lists'));
    expect(found(report)).toEqual([
      ['error', 'schema.unknown-field', 'Deployment/default/web', 'spec.template.spec.containers[0].restartPolcy'],
    ]);
  });

  it('treats `null` documents as empty, like kubectl, and a folder of nothing but empty documents as kubectl does: refused', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    expect(checkDocuments([{ file: 'a.yaml', content: null }, { file: 'b.yaml', content: cm }]).problems).toEqual([]);
    expect(found(checkDocuments([{ file: 'a.yaml', content: null }]))).toEqual([['error', 'yaml.no-objects', '-', '-']]);
  });
});

describe('removed APIs', () => {
  it('checks an object with a removed apiVersion against the last version that served it', () => {
    const report = check(fixture('removed-api-field-errors'));
    expect(found(report).filter(([, rule]) => rule !== 'ref.ingress-backend')).toEqual([
      ['error', 'api.removed', 'Ingress/default/poll', 'apiVersion'],
      ['error', 'schema.unknown-field', 'Ingress/default/poll', 'spec.rules[0].http.paths[0].backend.serviceport'],
      ['error', 'schema.enum', 'Ingress/default/poll', 'spec.rules[0].http.paths[0].pathType'],
    ]);
    expect(report.problems[1].message).toContain('(checked as extensions/v1beta1 on Kubernetes 1.21, the last version that served it)');
  });
});

describe('defects found in any folder', () => {
  it('reports a PersistentVolume without a volume source, or with two', () => {
    expect(found(check(fixture('pv-without-source')))).toEqual([['error', 'storage.pv-source', 'PersistentVolume/data-pv', 'spec']]);
    const two: ManifestDocument[] = withEdit(loadDocuments('pv-without-source'), 'data.volume.yaml', (pv) => {
      pv.spec.hostPath = { path: '/srv' };
      pv.spec.nfs = { server: 'nfs', path: '/srv' };
    }, 'PersistentVolume');
    expect(checkDocuments(two).problems.map((p) => p.message)).toEqual(['several volume sources (hostPath, nfs): the API server accepts exactly one']);
  });

  it('warns about topology keys no node carries, suggesting the well-known label, and lets custom keys pass', () => {
    const report = check(fixture('topology-key-typo'));
    expect(found(report)).toEqual([
      ['warning', 'ref.topology-key', 'Deployment/default/web', 'spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey'],
      ['warning', 'ref.topology-key', 'Deployment/default/web', 'spec.template.spec.topologySpreadConstraints[0].topologyKey'],
    ]);
    expect(report.problems.map((p) => p.message.split('did you mean ')[1])).toEqual(['kubernetes.io/hostname?', 'topology.kubernetes.io/zone?']);
  });
});

describe('Bernstein policy defects', () => {
  const good = loadDocuments('bernstein-good');
  const files = [...new Set(good.map((d) => d.file))];
  const policy = (docs: readonly ManifestDocument[], k8s = '1.27'): CheckReport => checkDocuments(docs, { policy: 'bernstein', k8s }, files);
  const rules = (report: CheckReport, rule: string): string[][] => found(report).filter(([, r]) => r === rule);

  it('refuses a cadvisor that tolerates only the pre-1.24 master taint (it is not on every node on any supported Kubernetes)', () => {
    const docs = withEdit(good, 'cadvisor.daemonset.yaml', (ds) => {
      ds.spec.template.spec.tolerations = [{ key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' }];
    });
    const report = policy(docs);
    expect(rules(report, 'bernstein.cadvisor')).toEqual([['error', 'bernstein.cadvisor', 'DaemonSet/kube-system/cadvisor', 'spec.template.spec.tolerations']]);
    expect(report.problems.find((p) => p.rule === 'bernstein.cadvisor')!.message).toMatch(/^tolerates node-role\.kubernetes\.io\/master only: since Kubernetes 1\.24 control-plane nodes carry the node-role\.kubernetes\.io\/control-plane taint/);
    // Before 1.24 control-plane nodes carry the master taint: nothing to say.
    expect(rules(policy(docs, '1.23'), 'bernstein.cadvisor')).toEqual([]);
    const both = withEdit(docs, 'cadvisor.daemonset.yaml', (ds) => {
      ds.spec.template.spec.tolerations.push({ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' });
    });
    expect(rules(policy(both), 'bernstein.cadvisor')).toEqual([]);
  });

  it("reports a traefik Service whose port 80 leads to Traefik's admin port 8080", () => {
    const docs = withEdit(good, 'traefik.service.yaml', (svc) => {
      const web = svc.spec.ports.find((p: { port: number }) => p.port === 80);
      web.targetPort = 8080;
    });
    const report = policy(docs);
    expect(rules(report, 'bernstein.ports')).toEqual([['error', 'bernstein.ports', 'Service/kube-public/traefik', expect.stringMatching(/^spec\.ports\[\d\]\.targetPort$/)]]);
    expect(describeProblems(report)).toContain("port 80 targets container port 8080, Traefik's API/dashboard port");
  });
});
