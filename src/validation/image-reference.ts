/**
 * Container image references, checked against the grammar of the distribution reference
 * (github.com/distribution/reference, `reference.go`; docs/facts.md#image-references):
 *
 *   reference  := name [ ":" tag ] [ "@" digest ]
 *   name       := [ domain "/" ] path-component ( "/" path-component )*
 *   domain     := host [ ":" port ]
 *   path-component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
 *   tag        := [\w][\w.-]{0,127}
 *   digest     := algorithm ":" hex    (algorithm: [A-Za-z][A-Za-z0-9]* joined by "+", ".", "_", "-"; hex: 32 or more)
 *
 * The reference is cut at its separators first, so every regex below tests one short piece whose
 * character classes never overlap where a quantifier ends: matching is linear in the input's
 * length, whatever the input (no backtracking blow-up on hostile values).
 */

/** What {@link imageReferenceProblem} accepts, as error messages say it. */
export const IMAGE_REFERENCE_ALLOWED =
  'an image reference [registry[:port]/]path[:tag][@algorithm:hex] with lower-case path components, a tag of at most 128 characters, e.g. redis:5.0 or registry.example.com:5000/team/api:1.2';

/** Longest name (registry and path) a registry accepts (distribution's NameTotalLengthMax). */
export const IMAGE_NAME_MAX_LENGTH = 255;

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
// A host label: letters, digits and inner "-" (RFC 1123, upper case allowed as distribution does).
const HOST_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const IPV6_HOST = /^\[[a-fA-F0-9:]+\]$/;
const PORT = /^[0-9]{1,5}$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST_ALGORITHM = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*$/;
const DIGEST_HEX = /^[0-9a-fA-F]{32,}$/;
// Lengths the registered algorithms require (opencontainers/go-digest).
const DIGEST_LENGTHS: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

/** Why `domain` (`host[:port]`) is not a registry, or undefined. */
function domainProblem(domain: string): string | undefined {
  const colon = domain.startsWith('[') ? domain.indexOf(':', domain.indexOf(']')) : domain.indexOf(':');
  const host = colon < 0 ? domain : domain.slice(0, colon);
  const port = colon < 0 ? undefined : domain.slice(colon + 1);
  if (port !== undefined && !(PORT.test(port) && Number(port) <= 65535)) return `the registry port "${port}" is not a port number`;
  if (IPV6_HOST.test(host) || host.split('.').every((label) => HOST_LABEL.test(label))) return undefined;
  return `the registry "${host}" is not a host name (letters, digits and "-" in dot-separated labels)`;
}

/**
 * Why `reference` is not a valid image reference (one short phrase naming the faulty part), or
 * undefined when it is one.
 */
export function imageReferenceProblem(reference: string): string | undefined {
  if (reference === '') return 'it is empty';
  const at = reference.indexOf('@');
  const named = at < 0 ? reference : reference.slice(0, at);
  if (at >= 0) {
    const digest = reference.slice(at + 1);
    const colon = digest.indexOf(':');
    const algorithm = colon < 0 ? '' : digest.slice(0, colon);
    const hex = colon < 0 ? '' : digest.slice(colon + 1);
    const wanted = DIGEST_LENGTHS[algorithm];
    if (!DIGEST_ALGORITHM.test(algorithm) || !DIGEST_HEX.test(hex) || (wanted !== undefined && !(hex.length === wanted && hex === hex.toLowerCase()))) {
      return `the digest "${digest}" is not algorithm:hex (e.g. sha256: and 64 lower-case hex digits)`;
    }
  }
  const slash = named.lastIndexOf('/');
  const colon = named.indexOf(':', slash + 1);
  const name = colon < 0 ? named : named.slice(0, colon);
  if (colon >= 0) {
    const tag = named.slice(colon + 1);
    if (!TAG.test(tag)) return `the tag "${tag}" is not 1 to 128 letters, digits, "_", "." and "-" starting with a letter, digit or "_"`;
  }
  if (name.length > IMAGE_NAME_MAX_LENGTH) return `the name is ${name.length} characters long, more than ${IMAGE_NAME_MAX_LENGTH}`;
  const components = name.split('/');
  // The first of several components is a registry when it is not a valid path component itself.
  const first = components.length > 1 && !PATH_COMPONENT.test(components[0]) ? components.shift() : undefined;
  if (first !== undefined) {
    const problem = domainProblem(first);
    if (problem) return problem;
  }
  const bad = components.find((c) => !PATH_COMPONENT.test(c));
  if (bad !== undefined) {
    return bad === ''
      ? `the path "${name}" has an empty component`
      : `the path component "${bad}" is not lower-case letters and digits separated by ".", "_", "__" or "-"`;
  }
  return undefined;
}
