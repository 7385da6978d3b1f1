import { PropChecker, ValidationError } from '../../src/validation/prop-checker';
import { IMAGE_REFERENCE_ALLOWED } from '../../src/validation/image-reference';
import { BernsteinChart } from '../../src/charts/bernstein-chart';
import { StatelessApp } from '../../src/constructs/stateless-app';
import { Traefik } from '../../src/constructs/traefik';
import { Postgres } from '../../src/constructs/postgres';
import { testChart } from '../helpers/chart';

function problems(fn: () => void): readonly string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.problems;
    throw err;
  }
  return [];
}

describe('PropChecker rules', () => {
  const ok = (fn: (c: PropChecker) => PropChecker) => fn(new PropChecker('T')).errors;
  test.each(['poll', 'a', 'a-1', 'x'.repeat(63)])('name %s is valid', (v) => expect(ok((c) => c.name('name', v))).toEqual([]));
  test.each(['Poll', '-a', 'a-', 'a_b', 'a.b', '', 'x'.repeat(64)])('name %j is invalid', (v) => expect(ok((c) => c.name('name', v))).toHaveLength(1));
  test.each(['poll.dop.io', 'localhost', 'a-b.c'])('host %s is valid', (v) => expect(ok((c) => c.host('h', v))).toEqual([]));
  test.each(['Poll.dop.io', 'poll..io', '.io', 'poll.dop.io.', 'http://x', ''])('host %j is invalid', (v) => expect(ok((c) => c.host('h', v))).toHaveLength(1));
  test.each([1, 80, 65535])('port %d is valid', (v) => expect(ok((c) => c.port('p', v))).toEqual([]));
  test.each([0, -1, 65536, 1.5, NaN])('port %d is invalid', (v) => expect(ok((c) => c.port('p', v))).toHaveLength(1));
  test.each([30000, 30021, 32767])('node port %d is valid', (v) => expect(ok((c) => c.nodePort('p', v))).toEqual([]));
  test.each([29999, 32768, 80])('node port %d is invalid', (v) => expect(ok((c) => c.nodePort('p', v))).toHaveLength(1));
  test.each(['128M', '256Mi', '1Gi', '0.5', '500m', '1e3', '1.5G'])('quantity %s is valid', (v) => expect(ok((c) => c.quantity('q', v))).toEqual([]));
  test.each(['128MB', '-1Gi', '0', '1 Gi', 'Mi', '', '1.2.3'])('quantity %j is invalid', (v) => expect(ok((c) => c.quantity('q', v))).toHaveLength(1));
  test.each(['redis:5.0', 'postgres:12', 'epitechcontent/t-dop-600-poll:k8s', 'ghcr.io/google/cadvisor:0.54.0', 'localhost:5000/a/b:c', `r@sha256:${'a'.repeat(64)}`])(
    'image %s is valid', (v) => expect(ok((c) => c.image('i', v))).toEqual([]));
  test.each(['Redis:5', 'redis:', 'redis:5 0', '', ':tag', 'a//b'])('image %j is invalid', (v) => expect(ok((c) => c.image('i', v))).toHaveLength(1));
  test.each(['postgres', '_u', 'User1', 'a$b'])('identifier %s is valid', (v) => expect(ok((c) => c.identifier('u', v))).toEqual([]));
  test.each(['1user', 'user-name', 'a b', '', 'x'.repeat(64)])('identifier %j is invalid', (v) => expect(ok((c) => c.identifier('u', v))).toHaveLength(1));

  test('a secret problem never shows the value', () => {
    const errors = ok((c) => c.secret('password', 'line1\nline2'));
    expect(errors).toEqual(['T: password must be a single line (it contains a line break)']);
    expect(ok((c) => c.secret('password', ''))).toEqual(['T: password must not be empty']);
  });
});

describe('constructs reject bad props with every problem at once', () => {
  test('StatelessApp names the prop, the value and what is allowed', () => {
    expect(problems(() => new StatelessApp(testChart(), 'W', { name: 'Poll_App', image: 'Bad Image', replicas: 0, resources: { limits: { memory: '128MB' } }, port: 70000 }))).toEqual([
      'StatelessApp Poll_App: name "Poll_App" is invalid; allowed: an RFC 1123 label (lower-case letters, digits and "-", starting and ending alphanumeric, at most 63 characters)',
      `StatelessApp Poll_App: image "Bad Image" is invalid; the path component "Bad Image" is not lower-case letters and digits separated by ".", "_", "__" or "-"; allowed: ${IMAGE_REFERENCE_ALLOWED}`,
      'StatelessApp Poll_App: replicas 0 is invalid; allowed: an integer >= 1',
      'StatelessApp Poll_App: port 70000 is invalid; allowed: an integer from 1 to 65535',
      'StatelessApp Poll_App: resources.limits.memory "128MB" is invalid; allowed: a positive Kubernetes quantity such as 128M, 256Mi, 500m or 1Gi',
    ]);
  });

  test('Traefik node ports must be in range and differ', () => {
    expect(problems(() => new Traefik(testChart(), 'T', { dashboard: 'unauthenticated', httpNodePort: 8080, dashboardNodePort: 8080 }))).toEqual([
      'Traefik traefik: httpNodePort 8080 is invalid; allowed: an integer in the node-port range 30000-32767',
      'Traefik traefik: dashboardNodePort 8080 is invalid; allowed: an integer in the node-port range 30000-32767',
      'Traefik traefik: httpNodePort and dashboardNodePort must differ',
    ]);
  });

  test('Traefik: a dashboard node port needs a dashboard, gateway routing needs v3, and the dashboard is one of two', () => {
    expect(problems(() => new Traefik(testChart(), 'T', { dashboardNodePort: 30042, generation: 'v2', routing: 'gateway' }))).toEqual([
      "Traefik traefik: dashboardNodePort 30042 needs a dashboard; allowed: dashboard 'unauthenticated' with it, or no dashboardNodePort",
      'Traefik traefik: routing "gateway" needs generation "v3" (Traefik\'s kubernetesGateway provider); got generation "v2"',
    ]);
    expect(problems(() => new Traefik(testChart(), 'T', { dashboard: 'open' as never, routing: 'mesh' as never }))).toEqual([
      'Traefik traefik: dashboard "open" is invalid; allowed: off, unauthenticated',
      'Traefik traefik: routing "mesh" is invalid; allowed: ingress, gateway',
    ]);
  });

  test('Postgres credentials follow PostgreSQL identifier rules, password is required', () => {
    const errors = problems(() => new Postgres(testChart(), 'P', { credentials: { user: 'my-user', database: '9db', password: '' } }));
    expect(errors).toHaveLength(3);
    expect(errors[2]).toBe('Postgres postgres: credentials.password (POSTGRES_PASSWORD) must not be empty');
  });

  test('BernsteinChart reports profile, hosts and images together; credentials are checked once, by Postgres', () => {
    const errors = problems(() => new BernsteinChart(testChart(), 'B', {
      // Casts simulate untyped callers (JavaScript, JSON config); TypeScript callers cannot write these.
      profile: 'legacy' as 'spec',
      pollHost: 'Poll.dop.io',
      images: { redis: 'REDIS' },
      credentials: { user: 'u', database: 'd', password: '' },
    }));
    expect(errors).toEqual([
      'BernsteinChart: profile "legacy" is invalid; allowed: spec, modern, hardened',
      expect.stringContaining('BernsteinChart: pollHost "Poll.dop.io" is invalid'),
      expect.stringContaining('BernsteinChart: images.redis "REDIS" is invalid'),
    ]);
    expect(problems(() => new BernsteinChart(testChart(), 'B', { credentials: { user: 'u', database: 'd', password: '' } }))).toEqual([
      'Postgres postgres: credentials.password (POSTGRES_PASSWORD) must not be empty',
    ]);
  });
});
