// The checker finds the broken references a cluster would otherwise report only at run time,
// and finds none in our own output: the stack tests rely on both (test/helpers/check.ts).
import { PROFILES } from '../../src/charts/bernstein-chart';
import { checkObjects, findings } from '../helpers/check';
import { K8sObject, synthObjects } from '../helpers/manifests';

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

/** `rule object field` of every error and warning, in report order. */
function found(objects: readonly K8sObject[]): string[] {
  return checkObjects(objects).filter((p) => p.severity !== 'info').map((p) => `${p.rule} ${p.object} ${p.field}`);
}

describe('the checker on references', () => {
  test.each(PROFILES)('finds no error in the Bernstein output (profile %s)', (profile) => {
    expect(findings(synthObjects({ profile })).filter((f) => !f.startsWith('data.'))).toEqual([]);
  });

  test('finds services that select nothing, wrong target ports, misplaced and duplicate node ports', () => {
    const objects = [
      deployment('web', { containers: [{ name: 'web', image: 'web:1', ports: [{ containerPort: 80, name: 'http' }] }] }),
      service('web', { type: 'ClusterIP', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, nodePort: 30001 }] }),
      service('ghost', { selector: { app: 'nothing' }, ports: [{ port: 80 }] }),
      service('edge', { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80, nodePort: 30002 }] }),
      service('edge2', { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80, nodePort: 30002 }] }),
    ];
    expect(found(objects)).toEqual([
      'ref.service-target-port Service/default/web spec.ports[0].targetPort',
      'service.node-port Service/default/web spec.ports[0].nodePort',
      'ref.service-selector Service/default/ghost spec.selector',
      'service.node-port Service/default/edge2 spec.ports[0].nodePort',
    ]);
  });

  test('finds missing ConfigMaps, keys, claims, mounts and undefined $(VAR) expansions', () => {
    const objects = [
      configMap('settings', { A: '1' }),
      deployment('app', {
        containers: [{
          name: 'app',
          image: 'app:1',
          args: ['--peer', '$(PEER)', '--escaped', '$$(LITERAL)', '--host', '$(HOST)', '--link', '$(REDIS_SERVICE_HOST)'],
          env: [
            { name: 'A', valueFrom: { configMapKeyRef: { name: 'settings', key: 'A' } } },
            { name: 'B', valueFrom: { configMapKeyRef: { name: 'settings', key: 'B' } } },
            { name: 'C', valueFrom: { secretKeyRef: { name: 'creds', key: 'C' } } },
            { name: 'URL', value: 'http://$(HOST):80/$(A)' },
            { name: 'HOST', value: 'x' },
          ],
          volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'cache', mountPath: '/cache' }],
        }],
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-pvc' } }],
      }),
    ];
    expect(found(objects)).toEqual([
      'ref.configmap Deployment/default/app spec.template.spec.containers[0].env[1].valueFrom.configMapKeyRef.key',
      'ref.secret Deployment/default/app spec.template.spec.containers[0].env[2].valueFrom.secretKeyRef.name',
      'ref.pvc Deployment/default/app spec.template.spec.volumes[0].persistentVolumeClaim.claimName',
      'ref.volume-mount Deployment/default/app spec.template.spec.containers[0].volumeMounts[1].name',
      'ref.env-expansion Deployment/default/app spec.template.spec.containers[0].env[3].value',
      'ref.env-expansion Deployment/default/app spec.template.spec.containers[0].args[1]',
      'data.rolling-database Deployment/default/app spec.strategy.type',
    ]);
  });

  test('finds anti-affinity on someone else\'s pods, undefined namespaces and non-headless governing Services', () => {
    const objects: K8sObject[] = [
      deployment('a', {
        containers: [{ name: 'a', image: 'a:1' }],
        affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'b' } }, topologyKey: 'kubernetes.io/hostname' }] } },
      }),
      deployment('b', { containers: [{ name: 'b', image: 'b:1' }] }),
      {
        apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'data' },
        spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'db:1', ports: [{ containerPort: 1 }], volumeMounts: [{ name: 'data', mountPath: '/d' }] }] } }, volumeClaimTemplates: [{ metadata: { name: 'data' } }] },
      },
      service('db', { selector: { app: 'db' }, ports: [{ port: 1 }] }, 'data'),
    ];
    const problems = checkObjects(objects);
    expect(problems.filter((p) => p.rule === 'ref.affinity').map((p) => `${p.severity} ${p.object}: ${p.message}`)).toEqual([
      expect.stringMatching(/^info Deployment\/default\/a: podAntiAffinity term selects Deployment\/default\/b but not this workload's own pods/),
    ]);
    expect(found(objects)).toEqual([
      'scope.undeclared-namespace StatefulSet/data/db metadata.namespace',
      'ref.statefulset-service StatefulSet/data/db spec.serviceName',
      'scope.undeclared-namespace Service/data/db metadata.namespace',
    ]);
  });

  test('finds ingress backends and secret values that do not hold up', () => {
    const objects: K8sObject[] = [
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'default' }, spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'missing', port: { number: 80 } } } }] } }] } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: { A: Buffer.from('pw\n').toString('base64'), B: 'not base64!' } },
    ];
    expect(found(objects)).toEqual([
      'ref.ingress-backend Ingress/default/i spec.rules[0].http.paths[0].backend.service.name',
      expect.stringMatching(/^payload.base64 Secret\/default\/s data.B/),
      'secret.trailing-newline Secret/default/s data.A',
    ]);
  });

  test('finds peer names for members, services or sets that do not exist', () => {
    const set: K8sObject = {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'kafka', namespace: 'x' },
      spec: { replicas: 2, serviceName: 'kafka', selector: { matchLabels: { app: 'kafka' } }, template: { metadata: { labels: { app: 'kafka' } }, spec: { containers: [{ name: 'kafka', image: 'kafka:1' }] } } },
    };
    const objects = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } } as K8sObject,
      set,
      service('kafka', { clusterIP: 'None', selector: { app: 'kafka' }, ports: [{ port: 9092 }] }, 'x'),
      configMap('peers', {
        OK: 'kafka-1.kafka.x.svc.cluster.local:9092',
        TOO_FAR: 'kafka-2.kafka.x.svc.cluster.local:9092',
        WRONG_SERVICE: 'kafka-0.brokers.x.svc.cluster.local',
        WRONG_NAMESPACE: 'kafka-0.kafka.y.svc.cluster.local',
      }, 'x'),
    ];
    expect(checkObjects(objects).filter((p) => p.severity !== 'info').map((p) => `${p.rule} ${p.field}: ${p.message}`)).toEqual([
      'ref.statefulset-member data.TOO_FAR: kafka-2.kafka.x.svc.cluster.local names member 2, but StatefulSet/x/kafka has 2 replicas',
      'ref.statefulset-member data.WRONG_SERVICE: kafka-0.brokers.x.svc.cluster.local uses Service brokers, but the pods of StatefulSet/x/kafka are named through kafka',
      'ref.statefulset-member data.WRONG_NAMESPACE: kafka-0.kafka.y.svc.cluster.local names StatefulSet y/kafka, which does not exist (there is one in namespace x)',
    ]);
  });
});
