// Every PropChecker rule at its boundaries, with the exact message it gives: the owner, the prop,
// the value as written (strings quoted) and what is allowed. ValidationError's text for one and
// for several problems.
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { constructPath, NODE_PORT_RANGE, PropChecker, ValidationError } from '../../src/validation/prop-checker';

const errorsOf = (check: (c: PropChecker) => PropChecker): readonly string[] => check(new PropChecker('Owner x')).errors;

const LABEL = 'allowed: an RFC 1123 label (lower-case letters, digits and "-", starting and ending alphanumeric, at most 63 characters)';
const HOST = 'allowed: a DNS name such as poll.dop.io (lower-case labels of letters, digits and "-", separated by dots)';
const NODE = 'allowed: a node name as `kubectl get nodes` lists it, e.g. worker-2 (lower-case letters, digits, "-" and ".", starting and ending alphanumeric, at most 63 characters)';
const CLASS = 'allowed: a StorageClass name as `kubectl get storageclass` lists it, e.g. local-path (lower-case letters, digits, "-" and ".", starting and ending alphanumeric)';

describe.each([
  ['name', (c: PropChecker, v: string) => c.name('p', v), ['a', 'a-b', '0', 'x'.repeat(63)], ['', 'A', '-a', 'a-', 'a.b', 'x'.repeat(64)], LABEL],
  ['namespace', (c: PropChecker, v: string) => c.namespace('p', v), ['kube-system', 'x'.repeat(63)], ['Kube', 'x'.repeat(64)], LABEL],
  ['host', (c: PropChecker, v: string) => c.host('p', v), ['a', 'a.b', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`], ['a..b', '.a', 'a.', 'A.b', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`], HOST],
  ['nodeName', (c: PropChecker, v: string) => c.nodeName('p', v), ['worker-2', 'node.example', 'x'.repeat(63)], ['Worker', 'x'.repeat(64), 'a_b'], NODE],
  ['storageClassName', (c: PropChecker, v: string) => c.storageClassName('p', v), ['local-path', 'fast.ssd', 'x'.repeat(253)], ['Fast', 'x'.repeat(254), 'a_b'], CLASS],
  ['identifier', (c: PropChecker, v: string) => c.identifier('p', v), ['a', '_', `a${'b'.repeat(62)}`], [`a${'b'.repeat(63)}`, '$a', '1a'], 'allowed: a SQL identifier (letters, digits, "_" and "$", starting with a letter or "_", at most 63 characters)'],
  ['envName', (c: PropChecker, v: string) => c.envName('p', v), ['A', 'a.b-c_d', '_1', '-x'], ['1A', 'A B', ''], 'allowed: letters, digits, "_", "-" and ".", not starting with a digit'],
  ['urlPath', (c: PropChecker, v: string) => c.urlPath('p', v), ['/', '/healthz', '/a?b=c'], ['healthz', 'api/healthz', '/a b', ''], 'allowed: an absolute URL path such as /healthz'],
  ['absolutePath', (c: PropChecker, v: string) => c.absolutePath('p', v), ['/', '/data/postgres'], ['data', 'data/postgres', '/a b', '/a\tb', ''], 'allowed: an absolute path without spaces'],
  ['quantity', (c: PropChecker, v: string) => c.quantity('p', v), ['1', '128M', '256Mi', '0.5', '.5', '1.25', '.25', '500m', '1e3', '1e12', '1e+3', '+1Ki', '1E3'], ['0', '0.0', '-1', '-1Gi', '1MB', 'M', '1 Gi', '0e3', '0e12', '0e+5', ''], 'allowed: a positive Kubernetes quantity such as 128M, 256Mi, 500m or 1Gi'],
] as const)('PropChecker.%s', (_rule, check, good, bad, allowed) => {
  test.each(good.map((v) => [v]))('accepts %j', (value) => {
    expect(errorsOf((c) => check(c, value))).toEqual([]);
  });
  test.each(bad.map((v) => [v]))('refuses %j, quoting it and saying what is allowed', (value) => {
    expect(errorsOf((c) => check(c, value))).toEqual([`Owner x: p "${value}" is invalid; ${allowed}`]);
  });
  test('an absent value is not checked', () => {
    expect(errorsOf((c) => check(c, undefined as unknown as string))).toEqual([]);
  });
});

describe.each([
  ['port', (c: PropChecker, v: number) => c.port('p', v), [1, 65535], [0, 65536, 1.5, -80, NaN, Infinity], 'allowed: an integer from 1 to 65535'],
  ['nodePort', (c: PropChecker, v: number) => c.nodePort('p', v), [NODE_PORT_RANGE.min, NODE_PORT_RANGE.max], [NODE_PORT_RANGE.min - 1, NODE_PORT_RANGE.max + 1, 30000.5], 'allowed: an integer in the node-port range 30000-32767'],
  ['replicas', (c: PropChecker, v: number) => c.replicas('p', v), [1, 1000], [0, -1, 1.5, NaN], 'allowed: an integer >= 1'],
] as const)('PropChecker.%s', (_rule, check, good, bad, allowed) => {
  test.each(good.map((v) => [v]))('accepts %p', (value) => {
    expect(errorsOf((c) => check(c, value))).toEqual([]);
  });
  test.each(bad.map((v) => [v]))('refuses %p, showing it unquoted', (value) => {
    expect(errorsOf((c) => check(c, value))).toEqual([`Owner x: p ${value} is invalid; ${allowed}`]);
  });
  test('an absent value is not checked', () => {
    expect(errorsOf((c) => check(c, undefined as unknown as number))).toEqual([]);
  });
});

describe('PropChecker.image (the distribution reference grammar)', () => {
  const ALLOWED = 'allowed: an image reference [registry[:port]/]path[:tag][@algorithm:hex]';
  test.each(['redis', 'redis:5.0', `a:${'t'.repeat(128)}`, 'a'.repeat(255), `r@sha256:${'a'.repeat(64)}`, 'registry.example.com:5000/team/api:1.2'])('accepts %s', (value) => {
    expect(errorsOf((c) => c.image('p', value))).toEqual([]);
  });
  test.each([`a:${'t'.repeat(129)}`, 'a'.repeat(256), 'a@sha256:abc', 'Redis', 'redis:', 'a b', ''])('refuses %j, quoting it, saying why and what is allowed', (value) => {
    const errors = errorsOf((c) => c.image('p', value));
    expect(errors).toHaveLength(1);
    expect(errors[0].startsWith(`Owner x: p "${value}" is invalid; `)).toBe(true);
    expect(errors[0]).toContain(ALLOWED);
  });
  test('an absent value is not checked', () => {
    expect(errorsOf((c) => c.image('p', undefined))).toEqual([]);
  });
});

test('the node-port range is the API server default, 30000-32767', () => {
  expect(NODE_PORT_RANGE).toEqual({ min: 30000, max: 32767 });
});

describe('PropChecker.secret never shows the value', () => {
  test.each([
    [undefined, 'Owner x: password must not be empty'],
    ['', 'Owner x: password must not be empty'],
    ['a\nb', 'Owner x: password must be a single line (it contains a line break)'],
    ['a\rb', 'Owner x: password must be a single line (it contains a line break)'],
  ])('%j: %s', (value, message) => {
    expect(errorsOf((c) => c.secret('password', value))).toEqual([message]);
  });
  test('a one-line password passes', () => {
    expect(errorsOf((c) => c.secret('password', 'a b\tc'))).toEqual([]);
  });
});

test('oneOf lists the allowed values; require records the caller\'s message; absent values pass', () => {
  expect(errorsOf((c) => c.oneOf('mode', 'fast', ['safe', 'slow']))).toEqual(['Owner x: mode "fast" is invalid; allowed: safe, slow']);
  expect(errorsOf((c) => c.oneOf('mode', 'slow', ['safe', 'slow']))).toEqual([]);
  expect(errorsOf((c) => c.oneOf('mode', undefined, ['safe']))).toEqual([]);
  expect(errorsOf((c) => c.require(false, 'a and b must differ').require(true, 'never shown'))).toEqual(['Owner x: a and b must differ']);
});

test('done() throws every problem at once, in order; one problem is the message itself, several are listed', () => {
  expect(() => new PropChecker('Owner x').name('a', 'ok').done()).not.toThrow();
  let one: unknown;
  try {
    new PropChecker('Owner x').name('a', 'A').done();
  } catch (err) {
    one = err;
  }
  expect(one).toBeInstanceOf(ValidationError);
  expect((one as ValidationError).name).toBe('ValidationError');
  expect((one as ValidationError).message).toBe(`Owner x: a "A" is invalid; ${LABEL}`);
  expect((one as ValidationError).problems).toEqual([`Owner x: a "A" is invalid; ${LABEL}`]);
  let several: unknown;
  try {
    new PropChecker('Owner x').name('a', 'A').port('b', 0).done();
  } catch (err) {
    several = err;
  }
  expect((several as ValidationError).message).toBe(`2 invalid props:\n  - Owner x: a "A" is invalid; ${LABEL}\n  - Owner x: b 0 is invalid; allowed: an integer from 1 to 65535`);
  expect((several as ValidationError).problems).toHaveLength(2);
});

describe('PropChecker.labels and annotations: keys [prefix/]name, label values at most 63 characters', () => {
  const KEY = 'allowed: [prefix/]name, the name at most 63 letters, digits, "-", "_" and ".", the prefix a DNS subdomain such as example.com';
  const VALUE = 'allowed: at most 63 letters, digits, "-", "_" and ".", starting and ending alphanumeric (or empty)';
  // A DNS subdomain of exactly 253 characters: three labels of 63 and one of 61.
  const PREFIX_253 = [...Array(3).fill('p'.repeat(63)), 'q'.repeat(61)].join('.');

  test.each([
    ['app', 'shop'],
    ['app.kubernetes.io/part-of', 'shop'],
    ['a', ''],
    ['A_b.c-D', 'a'],
    ['k', 'Ab.c_d-E'],
    [`${'n'.repeat(63)}`, 'v'.repeat(63)],
    [`${PREFIX_253}/name`, 'v'],
  ])('label %j: %j is accepted', (key, value) => {
    expect(errorsOf((c) => c.labels('labels', { [key]: value }))).toEqual([]);
  });

  test.each(['-a', 'a-', '_a', 'a b', 'v'.repeat(64), 'a/b'])('a label value %j is refused, named by its key', (value) => {
    expect(errorsOf((c) => c.labels('labels', { app: value }))).toEqual([`Owner x: labels["app"] "${value}" is invalid; ${VALUE}`]);
  });

  test.each([
    '-app',
    'app-',
    'n'.repeat(64),
    '/app', // an empty prefix
    'example.com/', // an empty name
    'Example.com/app', // the prefix is a DNS name: lower case
    'a/b/app', // one prefix only
    `${PREFIX_253}q/name`, // a prefix of 254 characters
    `${'p'.repeat(63)}.${'p'.repeat(63)}./name`,
  ])('a key %j is refused, in labels and in annotations', (key) => {
    expect(errorsOf((c) => c.labels('labels', { [key]: 'v' }))).toEqual([`Owner x: labels key "${key}" is invalid; ${KEY}`]);
    expect(errorsOf((c) => c.annotations('annotations', { [key]: 'v' }))).toEqual([`Owner x: annotations key "${key}" is invalid; ${KEY}`]);
  });

  test('annotation values may be anything; every bad entry is reported; absent maps are not checked', () => {
    expect(errorsOf((c) => c.annotations('annotations', { 'example.com/note': 'any text: with spaces, "quotes"\nand lines' }))).toEqual([]);
    expect(errorsOf((c) => c.labels('labels', { 'a-': 'b-', ok: 'ok', c: '-d' }))).toEqual([
      `Owner x: labels key "a-" is invalid; ${KEY}`,
      `Owner x: labels["a-"] "b-" is invalid; ${VALUE}`,
      `Owner x: labels["c"] "-d" is invalid; ${VALUE}`,
    ]);
    expect(errorsOf((c) => c.labels('labels', undefined).annotations('annotations', undefined))).toEqual([]);
  });
});

describe('where a ValidationError says the problem is', () => {
  test('constructPath: the path a construct will have under its scope', () => {
    const app = new App();
    const chart = new Chart(app, 'shop');
    expect(constructPath(app, 'shop')).toBe('shop');
    expect(constructPath(chart, 'Api')).toBe('shop/Api');
    expect(constructPath(new Construct(chart, 'Group'), 'Api')).toBe('shop/Group/Api');
  });

  test('the construct path comes first, in brackets; without one, the problem alone', () => {
    const withPath = new ValidationError(['Owner x: p 0 is invalid'], 'shop/Api');
    expect(withPath.message).toBe('[shop/Api] Owner x: p 0 is invalid');
    expect(withPath.constructPath).toBe('shop/Api');
    expect(new ValidationError(['Owner x: p 0 is invalid']).message).toBe('Owner x: p 0 is invalid');
    let thrown: unknown;
    try {
      new PropChecker('Owner x', 'shop/Api').port('p', 0).done();
    } catch (err) {
      thrown = err;
    }
    expect((thrown as ValidationError).message).toBe('[shop/Api] Owner x: p 0 is invalid; allowed: an integer from 1 to 65535');
  });
});
