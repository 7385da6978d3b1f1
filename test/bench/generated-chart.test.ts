import { App } from 'cdk8s';
import { buildGeneratedChart, generatedServiceName, GENERATED_PORT, SHARED_CONFIG_NAME, upstreamKey } from '../../src/bench/generated-chart';
import { measureGeneratedSynth } from '../../src/bench/measure-generated';
import { runScale } from '../../src/bench/scale-runner';
import { chartObjects } from '../helpers/chart';
import { at, containers, find, FiledObject, K8sObject, parseRendered, podSpec, selects } from '../helpers/manifests';

function generated(size: number): FiledObject[] {
  return chartObjects(buildGeneratedChart(new App({ outdir: 'unused' }), size));
}

const ofKind = (objects: readonly FiledObject[], kind: string): K8sObject[] => objects.filter((o) => o.object.kind === kind).map((o) => o.object);

describe('generated benchmark chart', () => {
  test.each([1, 3, 16])('size %i: n Deployments, n Services, one ConfigMap, 2n + 1 files', (n) => {
    const objects = generated(n);
    expect(ofKind(objects, 'Deployment')).toHaveLength(n);
    expect(ofKind(objects, 'Service')).toHaveLength(n);
    expect(ofKind(objects, 'ConfigMap')).toHaveLength(1);
    expect(objects).toHaveLength(2 * n + 1);
    expect(new Set(objects.map((o) => o.file)).size).toBe(2 * n + 1);
    for (const d of ofKind(objects, 'Deployment')) expect(at(d, 'spec', 'replicas')).toBe(2);
  });

  test('each Service selects the pods of its own Deployment only, on the port the container listens on', () => {
    const objects = generated(12);
    const deployments = ofKind(objects, 'Deployment');
    for (const service of ofKind(objects, 'Service')) {
      const selector = at<Record<string, string>>(service, 'spec', 'selector');
      const selected = deployments.filter((d) => selects(selector, at(d, 'spec', 'template', 'metadata', 'labels')));
      expect(selected.map((d) => d.metadata.name)).toEqual([service.metadata.name]);
      const [container] = containers(selected[0]);
      expect(at(service, 'spec', 'ports', 0, 'targetPort')).toBe(GENERATED_PORT);
      expect(container.ports?.map((p) => p.containerPort)).toEqual([GENERATED_PORT]);
      // The Deployment's own selector matches its template too (the API server rejects it otherwise).
      expect(selects(at(selected[0], 'spec', 'selector', 'matchLabels'), at(selected[0], 'spec', 'template', 'metadata', 'labels'))).toBe(true);
    }
  });

  test('every env reference names a key of the shared ConfigMap, and each upstream URL names a Service', () => {
    const size = 9;
    const objects = generated(size);
    const configMap = find(objects, 'ConfigMap', SHARED_CONFIG_NAME);
    const data = at<Record<string, string>>(configMap, 'data');
    const serviceNames = new Set(ofKind(objects, 'Service').map((s) => s.metadata.name));
    for (const deployment of ofKind(objects, 'Deployment')) {
      expect(podSpec(deployment).enableServiceLinks).toBe(false);
      const env = containers(deployment)[0].env ?? [];
      expect(env.map((e) => e.name)).toEqual(['LOG_LEVEL', 'UPSTREAM_URL']);
      for (const e of env) {
        const ref = e.valueFrom?.configMapKeyRef;
        expect(ref?.name).toBe(SHARED_CONFIG_NAME);
        expect(Object.keys(data)).toContain(ref?.key);
        expect(configMap.metadata.namespace ?? 'default').toBe(deployment.metadata.namespace ?? 'default');
      }
      const upstream = env.find((e) => e.name === 'UPSTREAM_URL')!.valueFrom!.configMapKeyRef!.key;
      expect(upstream).toBe(upstreamKey(deployment.metadata.name));
      const host = /^http:\/\/([^:]+):(\d+)$/.exec(data[upstream]);
      expect(host && serviceNames.has(host[1]) && Number(host[2]) === GENERATED_PORT).toBe(true);
    }
    // The services call each other in a ring: every Service is somebody's upstream.
    const upstreams = Object.entries(data).filter(([k]) => k.endsWith('_UPSTREAM')).map(([, v]) => v);
    expect(new Set(upstreams).size).toBe(size);
  });

  test('names are zero-padded so files sort in index order', () => {
    expect(generatedServiceName(7, 1000)).toBe('svc-0007');
    expect(generatedServiceName(7, 12345)).toBe('svc-00007');
    expect(upstreamKey('svc-0007')).toBe('SVC_0007_UPSTREAM');
    expect(generated(3).map((o) => o.file)).toEqual([
      'shared.configmap.yaml',
      'svc-0001.deployment.yaml', 'svc-0001.service.yaml',
      'svc-0002.deployment.yaml', 'svc-0002.service.yaml',
      'svc-0003.deployment.yaml', 'svc-0003.service.yaml',
    ]);
  });

  test.each([0, -1, 1.5, Number.NaN, 100_001])('size %p is refused', (size) => {
    expect(() => buildGeneratedChart(new App({ outdir: 'unused' }), size)).toThrow('generated chart size must be an integer from 1 to 100000');
  });

  test('the in-memory measurement renders parseable YAML and counts what it rendered', () => {
    const m = measureGeneratedSynth(5, true);
    expect(m).toMatchObject({ size: 5, files: 11, documents: 11 });
    const objects = parseRendered(m.rendered!);
    expect(objects).toHaveLength(11);
    expect(m.bytes).toBe([...m.rendered!.values()].reduce((n, t) => n + Buffer.byteLength(t), 0));
  });

  test('the scaling runner reports counts, phase timings and peak RSS', () => {
    const report = runScale(3);
    expect(report).toMatchObject({ size: 3, files: 7, documents: 7 });
    for (const key of ['startupMs', 'buildMs', 'layoutMs', 'renderMs', 'synthMs', 'maxRssKb'] as const) {
      expect(Number.isFinite(report[key])).toBe(true);
    }
  });
});
