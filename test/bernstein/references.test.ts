// References between objects resolve: what a cluster would otherwise only tell at run time.
import { at, containers, FiledObject, K8sObject, namespaceOf, podSpec, selects, synthObjects, WORKLOAD_KINDS } from '../helpers/manifests';
import { PROFILES, profileStorage } from '../../src/charts/bernstein-chart';

function lookup(objects: readonly FiledObject[], kind: string, namespace: string, name: string): K8sObject | undefined {
  return objects.map((o) => o.object).find((o) => o.kind === kind && o.metadata.name === name && namespaceOf(o) === namespace);
}

describe.each(PROFILES)('profile %s', (profile) => {
  const objects = synthObjects({ profile });
  const workloads = objects.map((o) => o.object).filter((o) => WORKLOAD_KINDS.includes(o.kind));

  test('every Service selects the pods of exactly one workload, on a port those pods expose', () => {
    for (const service of objects.map((o) => o.object).filter((o) => o.kind === 'Service')) {
      const selector = at<Record<string, string>>(service, 'spec', 'selector');
      const targets = workloads.filter((w) => namespaceOf(w) === namespaceOf(service) && selects(selector, at(w, 'spec', 'template', 'metadata', 'labels')));
      expect({ service: service.metadata.name, targets: targets.length }).toEqual({ service: service.metadata.name, targets: 1 });
      const exposed = containers(targets[0]).flatMap((c) => (c.ports ?? []).map((p) => p.containerPort));
      for (const port of at<{ targetPort: number }[]>(service, 'spec', 'ports')) expect(exposed).toContain(port.targetPort);
    }
  });

  test('every workload selector matches its own template labels', () => {
    for (const w of workloads) expect(selects(at(w, 'spec', 'selector', 'matchLabels'), at(w, 'spec', 'template', 'metadata', 'labels'))).toBe(true);
  });

  test('every ConfigMap and Secret key reference resolves', () => {
    let refs = 0;
    for (const w of workloads) {
      for (const c of containers(w)) {
        for (const e of c.env ?? []) {
          const cm = e.valueFrom?.configMapKeyRef;
          const sec = e.valueFrom?.secretKeyRef;
          const ref = cm ?? sec;
          if (!ref) continue;
          refs++;
          const source = lookup(objects, cm ? 'ConfigMap' : 'Secret', namespaceOf(w), ref.name);
          expect({ variable: e.name, source: source?.metadata.name }).toEqual({ variable: e.name, source: ref.name });
          expect(Object.keys(at(source, 'data') ?? {})).toContain(ref.key);
        }
      }
      for (const v of at<{ configMap?: { name: string; items?: { key: string }[] } }[]>(podSpec(w), 'volumes') ?? []) {
        if (!v.configMap) continue;
        const source = lookup(objects, 'ConfigMap', namespaceOf(w), v.configMap.name);
        for (const item of v.configMap.items ?? []) expect(Object.keys(at(source, 'data') ?? {})).toContain(item.key);
      }
    }
    // postgres 5 + poll 1 + worker 6 + result 5
    expect(refs).toBe(17);
  });

  test('every claim exists and binds to its PersistentVolume, or is provisioned from the default StorageClass', () => {
    for (const w of workloads) {
      for (const v of at<{ persistentVolumeClaim?: { claimName: string } }[]>(podSpec(w), 'volumes') ?? []) {
        if (!v.persistentVolumeClaim) continue;
        const claim = lookup(objects, 'PersistentVolumeClaim', namespaceOf(w), v.persistentVolumeClaim.claimName);
        expect(claim).toBeDefined();
        if (profileStorage(profile) === 'provisioned') {
          // No volume named and no class: the cluster's default StorageClass provisions it.
          expect(at(claim, 'spec', 'volumeName')).toBeUndefined();
          expect(at(claim, 'spec', 'storageClassName')).toBeUndefined();
          continue;
        }
        const volume = objects.map((o) => o.object).find((o) => o.kind === 'PersistentVolume' && o.metadata.name === at(claim, 'spec', 'volumeName'));
        expect(at(volume, 'spec', 'storageClassName')).toBe(at(claim, 'spec', 'storageClassName'));
        expect(at(volume, 'spec', 'capacity', 'storage')).toBe(at(claim, 'spec', 'resources', 'requests', 'storage'));
        expect(at(volume, 'spec', 'accessModes')).toEqual(at(claim, 'spec', 'accessModes'));
      }
    }
  });

  test('every Ingress backend names an existing Service port in its namespace', () => {
    for (const ingress of objects.map((o) => o.object).filter((o) => o.kind === 'Ingress')) {
      for (const rule of at<{ http: { paths: { backend: { service: { name: string; port: { number: number } } } }[] } }[]>(ingress, 'spec', 'rules')) {
        for (const p of rule.http.paths) {
          const service = lookup(objects, 'Service', namespaceOf(ingress), p.backend.service.name);
          expect(at<{ port: number }[]>(service, 'spec', 'ports').map((x) => x.port)).toContain(p.backend.service.port.number);
        }
      }
    }
  });

  test('every RBAC binding names an existing role and ServiceAccount, and pods use existing accounts', () => {
    for (const binding of objects.map((o) => o.object).filter((o) => o.kind === 'ClusterRoleBinding')) {
      expect(lookup(objects, 'ClusterRole', 'default', at(binding, 'roleRef', 'name'))).toBeDefined();
      for (const s of at<{ name: string; namespace: string }[]>(binding, 'subjects')) expect(lookup(objects, 'ServiceAccount', s.namespace, s.name)).toBeDefined();
    }
    for (const w of workloads) {
      const account = podSpec(w).serviceAccountName as string | undefined;
      if (account) expect(lookup(objects, 'ServiceAccount', namespaceOf(w), account)).toBeDefined();
    }
  });

  test('anti-affinity selects the workload\'s own pods and no other workload\'s', () => {
    for (const w of workloads) {
      const terms = at<{ labelSelector: { matchLabels: Record<string, string> } }[]>(podSpec(w), 'affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution') ?? [];
      for (const term of terms) {
        const selected = workloads.filter((x) => selects(term.labelSelector.matchLabels, at(x, 'spec', 'template', 'metadata', 'labels')));
        expect(selected.map((x) => x.metadata.name)).toEqual([w.metadata.name]);
      }
    }
  });

  test('Secret data is valid base64 without a trailing newline', () => {
    for (const secret of objects.map((o) => o.object).filter((o) => o.kind === 'Secret')) {
      for (const value of Object.values(at<Record<string, string>>(secret, 'data'))) {
        expect(value).toMatch(/^[A-Za-z0-9+/]*={0,2}$/);
        const decoded = Buffer.from(value, 'base64').toString('utf-8');
        expect(Buffer.from(decoded, 'utf-8').toString('base64')).toBe(value);
        expect(decoded.endsWith('\n')).toBe(false);
      }
    }
  });
});
