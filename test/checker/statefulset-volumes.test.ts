import { checkDocuments } from '../../src/checker';

function statefulSet(mountName: string) {
  return {
    file: 'db.statefulset.yaml',
    content: {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: {
          metadata: { labels: { app: 'db' } },
          spec: { containers: [{ name: 'db', image: 'db:1', volumeMounts: [{ name: mountName, mountPath: '/data' }] }] },
        },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    },
  };
}

describe('volume mounts of a StatefulSet', () => {
  test('a mount may name a volumeClaimTemplate', () => {
    const problems = checkDocuments([statefulSet('data')]).problems.filter((p) => p.rule === 'ref.volume-mount');
    expect(problems).toEqual([]);
  });

  test('a mount naming neither a volume nor a claim template is still an error', () => {
    const problems = checkDocuments([statefulSet('cache')]).problems.filter((p) => p.rule === 'ref.volume-mount');
    expect(problems.map((p) => p.message)).toEqual(['no volume named "cache" in the pod (volumes: data)']);
  });
});
