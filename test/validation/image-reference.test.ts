import { imageReferenceProblem } from '../../src/validation/image-reference';

const HEX64 = 'a'.repeat(64);

describe('image references (distribution reference grammar)', () => {
  test.each([
    'redis:5.0',
    'postgres',
    'epitechcontent/t-dop-600-poll:k8s',
    'ghcr.io/google/cadvisor:0.54.0',
    'registry.example.com/promotions-api:1.2',
    'localhost:5000/a/b:c',
    'Registry.Example.COM:443/team/app',
    '[::1]:5000/app:v1',
    'r:5000/app', // a registry host of one letter
    'reg.io:65535/app', // the highest port
    'a__b/c-d--e.f_g:_Tag.1-x',
    `redis@sha256:${HEX64}`,
    `redis:5.0@sha256:${HEX64}`,
    `app@sha512:${'b'.repeat(128)}`,
    `app@multihash+base58:${'c'.repeat(32)}`,
    `app:${'t'.repeat(128)}`,
    'a'.repeat(255),
  ])('%s is valid', (reference) => expect(imageReferenceProblem(reference)).toBeUndefined());

  test.each<[string, string]>([
    ['', 'it is empty'],
    ['Redis:5', 'the path component "Redis" is not lower-case'],
    ['example.com/Team/app', 'the path component "Team"'],
    ['redis:', 'the tag "" is not'],
    ['redis:.5', 'the tag ".5" is not'],
    [`app:${'t'.repeat(129)}`, 'the tag "ttt'],
    ['redis:5 0', 'the tag "5 0"'],
    [':tag', 'the path "" has an empty component'],
    ['a//b', 'the path "a//b" has an empty component'],
    ['a/', 'the path "a/" has an empty component'],
    ['app_/x', 'the registry "app_" is not a host name'],
    ['-reg.io/app', 'the registry "-reg.io" is not a host name'],
    ['reg.io:99999/app', 'the registry port "99999" is not a port number'],
    ['reg.io:http/app', 'the registry port "http"'],
    ['reg.io:+80/app', 'the registry port "+80"'],
    ['reg.io:1e3/app', 'the registry port "1e3"'],
    ['reg.io:65536/app', 'the registry port "65536"'],
    [':80/app', 'the registry "" is not a host name'],
    [':http/app', 'the registry port "http"'],
    ['reg:80]/app', 'the registry port "80]"'], // only a bracketed IPv6 host may hold ":" before its port
    ['a:/b', 'the registry port ""'], // a ":" before the last "/" is a port, never a tag
    ['x[ab]/app', 'the registry "x[ab]" is not a host name'],
    ['[::1]x/app', 'the registry "[::1]x" is not a host name'],
    ['reg.io:5000/Team/app', 'the path component "Team"'], // a good registry, then a bad path
    [':.x', 'the tag ".x" is not'],
    [`@sha256:${HEX64}`, 'the path "" has an empty component'],
    ['@x', 'the digest "x" is not'],
    [`app@sha-:${'c'.repeat(32)}`, 'the digest "sha-:'],
    [`app@multihash:x${'c'.repeat(32)}`, 'the digest "multihash:x'],
    [`app@multihash:${'c'.repeat(32)}x`, 'the digest "multihash:'],
    ['app@sha256:abc', 'the digest "sha256:abc" is not algorithm:hex'],
    [`app@sha256:${'A'.repeat(64)}`, 'the digest'],
    [`app@sha256:${HEX64}0`, 'the digest'],
    [`app@1sha:${HEX64}`, 'the digest'],
    ['app@', 'the digest "" is not'],
    ['a-', 'the path component "a-"'],
    ['a..b', 'the path component "a..b"'],
    ['a___b', 'the path component "a___b"'],
    ['a'.repeat(256), 'the name is 256 characters long, more than 255'],
  ])('%j is refused: %s', (reference, reason) => expect(imageReferenceProblem(reference)).toContain(reason));

  // Inputs shaped to make backtracking regexes blow up; the check cuts at separators first.
  test('long hostile inputs are answered, each with the faulty part', () => {
    const hostile = [`${'a-'.repeat(5000)}!`, `${'a.'.repeat(5000)}`, `${'a'.repeat(20000)}:x/y`, `${'a_'.repeat(5000)}_`, `r.io/${'a-'.repeat(5000)}-`];
    for (const value of hostile) expect(imageReferenceProblem(value)).toEqual(expect.any(String));
  });
});
