// The one manifest model: what the checker, the diagram and the tests read manifests with.
import { folderContents, podReferences, podTemplates, readManifestFolder, readManifestTexts } from '../../src/manifests';

const TEXT = `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: data, namespace: shop}
spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /srv}}
---
apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web, namespace: shop}
    spec:
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          serviceAccountName: web
          containers:
            - name: web
              image: web:1
              env: [{name: A, valueFrom: {configMapKeyRef: {name: settings, key: A}}}]
              envFrom: [{secretRef: {name: creds}}]
          volumes:
            - {name: data, persistentVolumeClaim: {claimName: data}}
            - {name: conf, projected: {sources: [{configMap: {name: files}}]}}
  - apiVersion: v1
    kind: List
    items:
      - apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly}
        spec: {schedule: '@daily', jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: job, image: job:1}]}}}}}
---
# only a comment
---
`;

describe('manifest model', () => {
  const set = readManifestTexts([{ file: 'all.yaml', text: TEXT }]);

  test('splits Lists (nested too), skips empty documents, and knows scopes and effective namespaces', () => {
    expect(set.issues).toEqual([]);
    expect(set.inventory.objects.map((o) => [o.ref, o.clusterScoped, o.declaredNamespace ?? null])).toEqual([
      ['Namespace/shop', true, null],
      ['PersistentVolume/data', true, 'shop'],
      ['Deployment/shop/web', false, 'shop'],
      ['CronJob/default/nightly', false, null],
    ]);
  });

  test('finds the pod template of every workload kind and the references its pods make', () => {
    const templates = podTemplates(set.inventory);
    expect(templates.map((t) => [t.owner.kind, t.specPath])).toEqual([
      ['Deployment', 'spec.template.spec'],
      ['CronJob', 'spec.jobTemplate.spec.template.spec'],
    ]);
    const refs = podReferences(templates[0]);
    expect(refs.payloads.map((r) => [r.kind, r.name, r.nameField])).toEqual([
      ['ConfigMap', 'settings', 'spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name'],
      ['Secret', 'creds', 'spec.template.spec.containers[0].envFrom[0].secretRef.name'],
      ['ConfigMap', 'files', 'spec.template.spec.volumes[1].projected.sources[0].configMap.name'],
    ]);
    expect(refs.claims).toEqual([{ claimName: 'data', volume: 'data', field: 'spec.template.spec.volumes[0].persistentVolumeClaim.claimName' }]);
    expect(refs.serviceAccount).toEqual({ name: 'web', field: 'spec.template.spec.serviceAccountName' });
  });

  test('tells a deploy plan the workloads, Namespaces and cluster-scoped objects with their files', () => {
    expect(folderContents(set.inventory)).toEqual({
      workloads: [
        { kind: 'Deployment', name: 'web', namespace: 'shop', effectiveNamespace: 'shop', file: 'all.yaml', rollout: true },
        { kind: 'CronJob', name: 'nightly', namespace: undefined, effectiveNamespace: 'default', file: 'all.yaml', rollout: false },
      ],
      namespaces: [{ kind: 'Namespace', name: 'shop', file: 'all.yaml' }],
      clusterScoped: [{ kind: 'Namespace', name: 'shop', file: 'all.yaml' }, { kind: 'PersistentVolume', name: 'data', file: 'all.yaml' }],
    });
  });

  test('reads the committed Bernstein folder: 19 files, every workload with its file', () => {
    const dist = readManifestFolder('dist');
    expect(dist.issues).toEqual([]);
    expect(dist.files).toHaveLength(19);
    const workloads = folderContents(dist.inventory).workloads;
    expect(workloads.map((w) => w.file)).toEqual(workloads.map((w) => `${w.name}.${w.kind.toLowerCase()}.yaml`));
  });
});
