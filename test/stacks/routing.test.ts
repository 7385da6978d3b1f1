import * as path from 'path';
import { findStack, routingProblems } from '../../src/charts/stacks';
import { check } from '../../src/checker';
import { committedFolderProblem, defaultOutdirOf, synthesize, variantsOf } from '../../src/synth';
import { at, find, parseRendered } from '../helpers/manifests';
import { gatewayCrdProblems, gatewayCrdValidators } from '../helpers/gateway-crds';

const modernGateway = synthesize({ profile: 'modern', routing: 'gateway', env: {} });
const hardenedIngress = synthesize({ profile: 'hardened', env: {} });
const hardenedGateway = synthesize({ profile: 'hardened', routing: 'gateway', env: {} });

describe('--routing gateway (bernstein modern)', () => {
  const objects = parseRendered(modernGateway.rendered);

  test('writes a GatewayClass, a Gateway and HTTPRoutes for poll.dop.io and result.dop.io, and no Ingress', () => {
    expect(objects.filter((o) => o.object.kind === 'Ingress' || o.object.kind === 'IngressClass')).toEqual([]);
    expect(at(find(objects, 'GatewayClass', 'traefik'), 'spec', 'controllerName')).toBe('traefik.io/gateway-controller');
    expect(at(find(objects, 'Gateway', 'traefik'), 'metadata', 'namespace')).toBe('kube-public');
    const routes = objects.filter((o) => o.object.kind === 'HTTPRoute');
    expect(routes.map((o) => [o.file, at(o.object, 'spec', 'hostnames'), at(o.object, 'spec', 'rules', 0, 'backendRefs')])).toEqual([
      ['poll.httproute.yaml', ['poll.dop.io'], [{ name: 'poll', port: 80 }]],
      ['result.httproute.yaml', ['result.dop.io'], [{ name: 'result', port: 80 }]],
    ]);
  });

  test('every Gateway API object is valid against the shipped v1.6.1 standard CRDs (unknown fields refused)', () => {
    const validators = gatewayCrdValidators();
    const gatewayObjects = objects.filter((o) => o.object.apiVersion.startsWith('gateway.networking.k8s.io/'));
    expect(gatewayObjects.map((o) => o.object.kind).sort()).toEqual(['Gateway', 'GatewayClass', 'HTTPRoute', 'HTTPRoute']);
    for (const o of gatewayObjects) expect({ file: o.file, problems: gatewayCrdProblems(validators, o.object) }).toEqual({ file: o.file, problems: [] });
  });

  test('changes only what routes: the Ingress files become HTTPRoutes, Traefik\'s provider, RBAC and class object change', () => {
    const ingress = synthesize({ profile: 'modern', env: {} });
    const changed = [...new Set([...ingress.rendered.keys(), ...modernGateway.rendered.keys()])].filter((f) => ingress.rendered.get(f) !== modernGateway.rendered.get(f)).sort();
    expect(changed).toEqual(['poll.httproute.yaml', 'poll.ingress.yaml', 'result.httproute.yaml', 'result.ingress.yaml', 'traefik.deployment.yaml', 'traefik.gateway.yaml', 'traefik.ingress.yaml', 'traefik.rbac.yaml']);
  });
});

describe('--routing gateway (bernstein hardened)', () => {
  test('the NetworkPolicies are those of the Ingress variant, byte for byte: Traefik reaches poll and result only', () => {
    const policies = (r: typeof hardenedGateway) => [...r.rendered].filter(([f]) => f.endsWith('.networkpolicy.yaml'));
    expect(policies(hardenedGateway)).toEqual(policies(hardenedIngress));
    const traefik = find(parseRendered(hardenedGateway.rendered), 'NetworkPolicy', 'traefik');
    const podTargets = at<Array<{ to?: Array<{ podSelector?: { matchLabels: Record<string, string> } }> }>>(traefik, 'spec', 'egress')
      .flatMap((rule) => (rule.to ?? []).map((peer) => peer.podSelector?.matchLabels.app ?? peer.podSelector?.matchLabels['k8s-app']));
    expect(podTargets.sort()).toEqual(['kube-dns', 'poll', 'result']);
  });

  test('the listener is Traefik\'s unprivileged web port', () => {
    expect(at(find(parseRendered(hardenedGateway.rendered), 'Gateway', 'traefik'), 'spec', 'listeners', 0, 'port')).toBe(8000);
  });
});

describe('routing and node runtime as stack options', () => {
  const bernstein = findStack('bernstein');

  test('each profile lists its routings and whether it knows the node runtime', () => {
    expect(bernstein.profiles.map((p) => [p, bernstein.routings(p), bernstein.knowsNodeRuntime(p)])).toEqual([
      ['spec', ['ingress'], false], ['modern', ['ingress', 'gateway'], true], ['hardened', ['ingress', 'gateway'], true],
    ]);
    expect(findStack('promotions').routings('hardened')).toEqual(['ingress']);
    expect(bernstein.checkOptions('modern', 'gateway')).toEqual({});
    expect(bernstein.checkOptions('hardened', 'gateway')).toEqual({ policies: ['restricted'] });
  });

  test('gateway output goes to its committed folder; another node runtime is a variant of it', () => {
    expect(defaultOutdirOf(modernGateway, variantsOf({ routing: 'gateway' }, modernGateway))).toBe('dist-modern-gateway');
    const k3s = synthesize({ profile: 'modern', routing: 'gateway', nodeRuntime: 'k3s', env: {} });
    const variants = variantsOf({ nodeRuntime: 'k3s' }, k3s);
    expect(defaultOutdirOf(k3s, variants)).toBe('dist-modern-gateway-node-runtime');
    expect(variantsOf({ nodeRuntime: 'containerd' }, k3s)).toEqual([]);
    expect(committedFolderProblem('dist-modern-gateway', k3s, variants)).toContain('holds the committed output of --stack bernstein --profile modern --routing gateway');
    expect(committedFolderProblem('dist-modern-gateway', modernGateway, [])).toBeUndefined();
    expect(committedFolderProblem('dist-modern-gateway', synthesize({ profile: 'modern', env: {} }), [])).toContain('--routing gateway');
  });

  test.each(['modern', 'hardened'])('the committed %s gateway folder holds no error or warning on Kubernetes 1.34 and 1.36 under its own policies', (profile) => {
    const own = bernstein.checkOptions(profile, 'gateway');
    for (const k8s of ['1.34', '1.36']) {
      const report = check(path.join(__dirname, '..', '..', bernstein.defaultOutdir(profile, 'gateway')), { k8s, policy: [...(own.policies ?? [])] });
      expect(report.problems.filter((p) => p.severity !== 'info').map((p) => `${p.file} ${p.rule} ${p.message}`)).toEqual([]);
    }
  });

  test('a routing or runtime a profile does not have is refused, naming the flag and what is allowed', () => {
    expect(routingProblems(bernstein, 'modern', { routing: 'gateway', nodeRuntime: 'crio' })).toEqual([]);
    expect(routingProblems(findStack('promotions'), 'spec', { routing: 'gateway' })).toEqual([
      '--routing: stack "promotions" profile "spec" routes only through ingress, not "gateway"; allowed: ingress, or --routing gateway with --stack bernstein --profile modern or --stack bernstein --profile hardened',
    ]);
    expect(() => synthesize({ profile: 'spec', routing: 'gateway', env: {} })).toThrow('--routing: stack "bernstein" profile "spec" routes only through ingress');
  });
});
