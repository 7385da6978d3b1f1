// References between objects resolve: what a cluster would otherwise only tell at run time.
import { at, containers, FiledObject, K8sObject, namespaceOf, podSpec, selects, synthObjects, WORKLOAD_KINDS } from '../helpers/manifests';
import { PROFILES, profileStorage } from '../../src/charts/bernstein-chart';

function lookup(objects: readonly FiledObject[], kind: string, namespace: string, name: string): K8sObject | undefined {
  return objects.map((o) => o.object).find((o) => o.kind === kind && o.metadata.name === name && namespaceOf(o) === namespace);
}

describe.each(PROFILES)('profile %s', (profile) => {
  const objects = synthObjects({ profile });
  const workloads = objects.map((o) => o.object).filter((o) => WORKLOAD_KINDS.includes(o.kind));

  // Every loop below is over a non-empty list: a check that ran on nothing would pass.
  test('the output has the workloads the spec lists', () => {
    expect(workloads.map((w) => w.metadata.name).sort()).toEqual(['cadvisor', 'poll', 'postgres', 'redis', 'result', 'traefik', 'worker']);
  });

  test('every Service selects the pods of exactly one workload, on a port those pods expose', () => {
    const services = objects.map((o) => o.object).filter((o) => o.kind === 'Service');
    expect(services.map((x) => x.metadata.name).sort()).toEqual(['poll', 'postgres', 'redis', 'result', 'traefik']);
    for (const service of services) {
      const selector = at<Record<string, string>>(service, 'spec', 'selector');
      const targets = workloads.filter((w) => namespaceOf(w) === namespaceOf(service) && selects(selector, at(w, 'spec', 'template', 'metadata', 'labels')));
      expect({ service: service.metadata.name, targets: targets.length }).toEqual({ service: service.metadata.name, targets: 1 });
      const exposed = containers(targets[0]).flatMap((c) => (c.ports ?? []).map((p) => p.containerPort));
      expect(at<unknown[]>(service, 'spec', 'ports').length).toBeGreaterThan(0);
      for (const port of at<{ targetPort: number }[]>(service, 'spec', 'ports')) expect(exposed).toContain(port.targetPort);
    }
  });

  test('every workload selector matches its own template labels', () => {
    for (const w of workloads) expect(selects(at(w, 'spec', 'selector', 'matchLabels'), at(w, 'spec', 'template', 'metadata', 'labels'))).toBe(true);
  });

  test('every ConfigMap and Secret key reference resolves', () => {
    let refs = 0;
    let volumeItems = 0;
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
        expect(source).toBeDefined();
        for (const item of v.configMap.items ?? []) {
          volumeItems++;
          expect(Object.keys(at(source, 'data') ?? {})).toContain(item.key);
        }
      }
    }
    // postgres 5 + poll 1 + worker 6 + result 5
    expect(refs).toBe(17);
    // postgres's init script
    expect(volumeItems).toBe(1);
  });

  test('every claim exists and binds to its PersistentVolume, or is provisioned from the default StorageClass', () => {
    const claimed: string[] = [];
    for (const w of workloads) {
      for (const v of at<{ persistentVolumeClaim?: { claimName: string } }[]>(podSpec(w), 'volumes') ?? []) {
        if (!v.persistentVolumeClaim) continue;
        claimed.push(`${w.metadata.name}: ${v.persistentVolumeClaim.claimName}`);
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
    expect(claimed).toEqual(['postgres: postgres-pvc']);
  });

  test('every Ingress backend names an existing Service port in its namespace', () => {
    const backends: string[] = [];
    for (const ingress of objects.map((o) => o.object).filter((o) => o.kind === 'Ingress')) {
      for (const rule of at<{ http: { paths: { backend: { service: { name: string; port: { number: number } } } }[] } }[]>(ingress, 'spec', 'rules')) {
        for (const p of rule.http.paths) {
          backends.push(p.backend.service.name);
          const service = lookup(objects, 'Service', namespaceOf(ingress), p.backend.service.name);
          expect(at<{ port: number }[]>(service, 'spec', 'ports').map((x) => x.port)).toContain(p.backend.service.port.number);
        }
      }
    }
    expect(backends.sort()).toEqual(['poll', 'result']);
  });

  test('every RBAC binding names an existing role and ServiceAccount, and pods use existing accounts', () => {
    const bindings = objects.map((o) => o.object).filter((o) => o.kind === 'ClusterRoleBinding');
    expect(bindings.length).toBeGreaterThan(0);
    for (const binding of bindings) {
      expect(lookup(objects, 'ClusterRole', 'default', at(binding, 'roleRef', 'name'))).toBeDefined();
      for (const s of at<{ name: string; namespace: string }[]>(binding, 'subjects')) expect(lookup(objects, 'ServiceAccount', s.namespace, s.name)).toBeDefined();
    }
    const accounts = workloads.flatMap((w) => (podSpec(w).serviceAccountName === undefined ? [] : [[w, podSpec(w).serviceAccountName as string] as const]));
    expect(accounts.map(([w]) => w.metadata.name)).toContain('traefik');
    for (const [w, account] of accounts) expect(lookup(objects, 'ServiceAccount', namespaceOf(w), account)).toBeDefined();
  });

  test('anti-affinity selects the workload\'s own pods and no other workload\'s', () => {
    let termsChecked = 0;
    for (const w of workloads) {
      const terms = at<{ labelSelector: { matchLabels: Record<string, string> } }[]>(podSpec(w), 'affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution') ?? [];
      for (const term of terms) {
        termsChecked++;
        const selected = workloads.filter((x) => selects(term.labelSelector.matchLabels, at(x, 'spec', 'template', 'metadata', 'labels')));
        expect(selected.map((x) => x.metadata.name)).toEqual([w.metadata.name]);
      }
    }
    // The replicated apps (poll, result, traefik) keep their replicas on distinct nodes.
    expect(termsChecked).toBeGreaterThanOrEqual(3);
  });

  test('Secret data is valid base64 without a trailing newline', () => {
    const secrets = objects.map((o) => o.object).filter((o) => o.kind === 'Secret');
    expect(secrets.map((x) => x.metadata.name)).toEqual(['postgres-secret']);
    for (const secret of secrets) {
      expect(Object.keys(at<Record<string, string>>(secret, 'data')).length).toBeGreaterThan(0);
      for (const value of Object.values(at<Record<string, string>>(secret, 'data'))) {
        expect(value).toMatch(/^[A-Za-z0-9+/]*={0,2}$/);
        const decoded = Buffer.from(value, 'base64').toString('utf-8');
        expect(Buffer.from(decoded, 'utf-8').toString('base64')).toBe(value);
        expect(decoded.endsWith('\n')).toBe(false);
      }
    }
  });
});
