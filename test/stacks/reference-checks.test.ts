// The reference helper must find what it claims to find, or a green stack test means nothing.
import { PROFILES } from '../../src/charts/bernstein-chart';
import { K8sObject, synthObjects } from '../helpers/manifests';
import { memberNameProblems, referenceProblems } from '../helpers/references';

function deployment(name: string, spec: Record<string, unknown>, namespace = 'default', labels: Record<string, string> = { app: name }): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec } },
  };
}

const configMap = (name: string, data: Record<string, string>, namespace = 'default'): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data });
const service = (name: string, spec: Record<string, unknown>, namespace = 'default'): K8sObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec });

describe('referenceProblems', () => {
  test.each(PROFILES)('finds nothing in the Bernstein output (profile %s)', (profile) => {
    expect(referenceProblems(synthObjects({ profile }).map((o) => o.object))).toEqual([]);
  });

  test('finds services that select nothing, wrong target ports and misplaced node ports', () => {
    const objects = [
      deployment('web', { containers: [{ name: 'web', ports: [{ containerPort: 80, name: 'http' }] }] }),
      service('web', { type: 'ClusterIP', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, nodePort: 30001 }] }),
      service('ghost', { selector: { app: 'nothing' }, ports: [{ port: 80 }] }),
    ];
    expect(referenceProblems(objects)).toEqual([
      'Service default/web: targetPort 8080 is not a container port of Deployment default/web',
      'Service default/web: nodePort 30001 on a Service of type ClusterIP',
      'Service default/ghost: selector {"app":"nothing"} selects no pods',
    ]);
  });

  test('finds missing ConfigMaps, keys, claims, mounts and undefined $(VAR) expansions', () => {
    const objects = [
      configMap('settings', { A: '1' }),
      deployment('app', {
        containers: [{
          name: 'app',
          args: ['--peer', '$(PEER)', '--escaped', '$$(LITERAL)'],
          env: [
            { name: 'A', valueFrom: { configMapKeyRef: { name: 'settings', key: 'A' } } },
            { name: 'B', valueFrom: { configMapKeyRef: { name: 'settings', key: 'B' } } },
            { name: 'C', valueFrom: { secretKeyRef: { name: 'creds', key: 'C' } } },
            { name: 'URL', value: 'http://$(HOST):80' },
            { name: 'HOST', value: 'x' },
          ],
          volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'cache', mountPath: '/cache' }],
        }],
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-pvc' } }],
      }),
    ];
    expect(referenceProblems(objects)).toEqual([
      'Deployment default/app: volume data claims PersistentVolumeClaim data-pvc, which does not exist in default',
      'Deployment default/app container app: mounts volume cache, which the pod does not declare',
      'Deployment default/app container app: B reads key B of ConfigMap settings, which has no such key',
      'Deployment default/app container app: C reads Secret creds, which does not exist in default',
      'Deployment default/app container app: URL uses $(HOST), which is not defined before it',
      'Deployment default/app container app: command/args use $(PEER), which is not a variable of the container',
    ]);
  });

  test('finds anti-affinity on someone else\'s pods, undefined namespaces and non-headless governing Services', () => {
    const objects: K8sObject[] = [
      deployment('a', {
        containers: [{ name: 'a' }],
        affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'b' } }, topologyKey: 'kubernetes.io/hostname' }] } },
      }),
      deployment('b', { containers: [{ name: 'b' }] }),
      {
        apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'data' },
        spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', ports: [{ containerPort: 1 }], volumeMounts: [{ name: 'data', mountPath: '/d' }] }] } }, volumeClaimTemplates: [{ metadata: { name: 'data' } }] },
      },
      service('db', { selector: { app: 'db' }, ports: [{ port: 1 }] }, 'data'),
    ];
    expect(referenceProblems(objects)).toEqual([
      'StatefulSet data/db is in namespace data, which is neither built in nor defined',
      'Service data/db is in namespace data, which is neither built in nor defined',
      'Deployment default/a: anti-affinity does not select its own pods',
      'Deployment default/a: anti-affinity also selects the pods of Deployment default/b',
      'StatefulSet data/db: governing Service db is not headless (clusterIP: None), so pods get no DNS names',
    ]);
  });

  test('finds ingress backends and secret values that do not hold up', () => {
    const objects: K8sObject[] = [
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'default' }, spec: { rules: [{ http: { paths: [{ backend: { service: { name: 'missing', port: { number: 80 } } } }] } }] } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: { A: Buffer.from('pw\n').toString('base64'), B: 'not base64!' } },
    ];
    expect(referenceProblems(objects)).toEqual([
      'Ingress default/i: backend Service missing does not exist in default',
      'Secret default/s: key A ends with a newline',
      'Secret default/s: key B is not canonical base64',
    ]);
  });
});

describe('memberNameProblems', () => {
  test('finds peer names for members, services or sets that do not exist', () => {
    const set: K8sObject = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'kafka', namespace: 'x' }, spec: { replicas: 2, serviceName: 'kafka' } };
    const objects = [set, configMap('peers', {
      OK: 'kafka-1.kafka.x.svc.cluster.local:9092',
      TOO_FAR: 'kafka-2.kafka.x.svc.cluster.local:9092',
      WRONG_SERVICE: 'kafka-0.brokers.x.svc.cluster.local',
      WRONG_NAMESPACE: 'kafka-0.kafka.y.svc.cluster.local',
    }, 'x')];
    expect(memberNameProblems(objects)).toEqual([
      'ConfigMap x/peers key TOO_FAR: kafka-2.kafka.x.svc.cluster.local names member 2, but the set has 2 replicas',
      'ConfigMap x/peers key WRONG_SERVICE: kafka-0.brokers.x.svc.cluster.local uses Service brokers, but the set\'s pods are named through kafka',
      'ConfigMap x/peers key WRONG_NAMESPACE: kafka-0.kafka.y.svc.cluster.local names StatefulSet y/kafka, which does not exist',
    ]);
  });
});
