// Warnings where data can silently go missing: an unpinned host volume in a multi-node folder,
// a claim nothing can bind, a single-replica database that rolls its updates.
import { check, checkDocuments, CheckReport, ManifestDocument } from '../../src/checker';
import { fixture, loadDocuments, withEdit } from './helpers';

/** [rule, object, field] of every warning. */
function warned(report: CheckReport): string[][] {
  return report.problems.filter((p) => p.severity === 'warning').map((p) => [p.rule, p.object, p.field]);
}

describe('data.unpinned-host-volume', () => {
  const docs = loadDocuments('data-unpinned-hostpath');

  it('warns about a hostPath volume without nodeAffinity used by a workload in a folder built for several nodes, naming both', () => {
    const report = check(fixture('data-unpinned-hostpath'));
    expect(report.summary.errors).toBe(0);
    expect(warned(report)).toEqual([['data.unpinned-host-volume', 'PersistentVolume/db-pv', 'spec.nodeAffinity']]);
    expect(report.problems[0].message).toMatch(/^hostPath volume \/srv\/db has no nodeAffinity, and this folder expects several nodes \(Deployment\/default\/web \(2 replicas, required pod anti-affinity\)\): when Deployment\/default\/db is rescheduled to another node, it starts there on an empty directory/);
  });

  it('is quiet once the volume is pinned to a node', () => {
    const pinned = withEdit(docs, 'db.yaml', (pv) => {
      pv.spec.nodeAffinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['worker-2'] }] }] } };
    }, 'PersistentVolume');
    expect(warned(checkDocuments(pinned))).toEqual([]);
  });

  it('is quiet in a folder that expects one node (no replicas, anti-affinity or DaemonSet)', () => {
    const single: ManifestDocument[] = docs.filter((d) => d.file !== 'web.yaml');
    expect(warned(checkDocuments(single))).toEqual([]);
  });

  it('is quiet when no workload uses the volume', () => {
    const unused = withEdit(docs, 'db.yaml', (d) => {
      d.spec.template.spec.volumes = [{ name: 'data', emptyDir: {} }];
    }, 'Deployment');
    expect(warned(checkDocuments(unused))).toEqual([]);
  });

  it('counts a DaemonSet as several nodes, and a local volume as host data too', () => {
    const daemon = withEdit(docs, 'web.yaml', (w) => {
      w.kind = 'DaemonSet';
      delete w.spec.replicas;
      delete w.spec.template.spec.affinity;
    });
    const local = withEdit(daemon, 'db.yaml', (pv) => {
      pv.spec.local = { path: '/mnt/disk' };
      delete pv.spec.hostPath;
    }, 'PersistentVolume');
    const report = checkDocuments(local);
    expect(warned(report)).toEqual([['data.unpinned-host-volume', 'PersistentVolume/db-pv', 'spec.nodeAffinity']]);
    expect(report.problems[0].message).toMatch(/^local volume \/mnt\/disk has no nodeAffinity \(the API server also requires nodeAffinity on a local volume\).*DaemonSet\/default\/web \(a DaemonSet runs on every node\)/);
  });
});

describe('data.unbindable-class', () => {
  it('warns about claims of a class nothing in the folder or in common clusters serves, and of class ""', () => {
    expect(warned(check(fixture('data-unbindable-class')))).toEqual([
      ['data.unbindable-class', 'PersistentVolumeClaim/default/manual-claim', 'spec.storageClassName'],
      ['data.unbindable-class', 'PersistentVolumeClaim/default/no-class-claim', 'spec.storageClassName'],
    ]);
  });

  it('looks at StatefulSet claim templates too', () => {
    const set = {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'kafka' },
      spec: {
        serviceName: 'kafka', selector: { matchLabels: { app: 'kafka' } },
        template: { metadata: { labels: { app: 'kafka' } }, spec: { containers: [{ name: 'kafka', image: 'kafka:3', volumeMounts: [{ name: 'data', mountPath: '/d' }] }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName: 'manual', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    };
    const report = checkDocuments([{ file: 'kafka.yaml', content: set }]);
    expect(report.problems.filter((p) => p.rule === 'data.unbindable-class').map((p) => [p.field, p.message.split(':')[1].trim()])).toEqual([
      ['spec.volumeClaimTemplates[0].spec.storageClassName', 'claim template "data" stays Pending unless the cluster has that class; add the PersistentVolume or StorageClass, or leave storageClassName unset for the default class'],
    ]);
  });
});

describe('data.rolling-database', () => {
  it('warns about a single replica on a ReadWriteOnce claim that rolls updates, not about a shared ReadWriteMany one', () => {
    expect(warned(check(fixture('data-rolling-database')))).toEqual([['data.rolling-database', 'Deployment/default/db', 'spec.strategy.type']]);
  });

  it('is quiet with strategy Recreate', () => {
    const recreate = withEdit(loadDocuments('data-rolling-database'), 'db.yaml', (d) => {
      d.spec.strategy = { type: 'Recreate' };
    }, 'Deployment');
    expect(warned(checkDocuments(recreate))).toEqual([]);
  });
});
