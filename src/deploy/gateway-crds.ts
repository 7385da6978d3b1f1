/**
 * The Gateway API CRDs a folder needs before its GatewayClass, Gateway and HTTPRoutes can be
 * applied: the package ships the v1.6.1 standard channel (schemas/gateway-api/), and deploy
 * installs the ones the cluster lacks, server-side, then waits until they are Established
 * (docs/facts.md#gateway-api-crds-and-traefik-v37). CRDs the cluster already has are left as
 * they are: another Gateway API implementation may own them.
 */
import * as fs from 'fs';
import * as zlib from 'zlib';
import { parseDocument } from 'yaml';
import { packageFile } from '../checker/custom-resources';
import { GATEWAY_API_GROUP, GATEWAY_API_VERSION } from '../constructs/gateway-api';
import { KubectlRunner, failureText, shellCommand, succeeded, withContext } from './kubectl';

/** The shipped CRD file, relative to the package root. */
export const GATEWAY_CRDS_PATH = ['schemas', 'gateway-api', `${GATEWAY_API_VERSION}-standard-crds.yaml.gz`] as const;

/** How long `kubectl wait` gives a new CRD to become Established. */
export const CRD_ESTABLISHED_TIMEOUT = '60s';

/** Field manager of our server-side applies: who owns the fields, as `kubectl get --show-managed-fields` says. */
export const FIELD_MANAGER = 'bernstein-cdk8s';

/** One shipped CRD: its name (`httproutes.gateway.networking.k8s.io`) and its YAML text. */
export interface ShippedCrd {
  readonly name: string;
  readonly text: string;
}

const shipped = new Map<string, ShippedCrd[]>();

/**
 * The CRDs of the shipped Gateway API file, in file order (its admission policy is not ours to
 * install). Read once per file: the standard channel is some 650 kB of YAML.
 */
export function shippedGatewayCrds(file: string = packageFile(...GATEWAY_CRDS_PATH)): ShippedCrd[] {
  const known = shipped.get(file);
  if (known) return known;
  const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
  // Each document's own text, as the file has it (comments and all); only its head is parsed.
  const crds = text.split(/^---[ \t]*$/m).flatMap((document) => {
    const head = parseDocument(document.slice(0, document.search(/^spec:/m) >>> 0)).toJS() as { kind?: unknown; metadata?: { name?: unknown } } | null;
    return head?.kind === 'CustomResourceDefinition' && typeof head.metadata?.name === 'string' ? [{ name: head.metadata.name, text: document.replace(/^\s*\n/, '') }] : [];
  });
  shipped.set(file, crds);
  return crds;
}

/** True when one of `objects` is a Gateway API object (it needs the CRDs). */
export function usesGatewayApi(objects: readonly { readonly apiVersion?: string }[]): boolean {
  return objects.some((o) => (o.apiVersion ?? '').startsWith(`${GATEWAY_API_GROUP}/`));
}

/** `kubectl get crd -o name`: the CRDs the cluster has. */
export function listCrdsArgs(context?: string): string[] {
  return withContext(context, ['get', 'crd', '-o', 'name']);
}

/** Server-side apply of manifests read from standard input. */
export function applyCrdsArgs(context?: string): string[] {
  return withContext(context, ['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '-f', '-']);
}

/** `kubectl wait` until every CRD of `names` is Established. */
export function waitEstablishedArgs(names: readonly string[], context?: string): string[] {
  return withContext(context, ['wait', '--for=condition=Established', ...names.map((n) => `crd/${n}`), `--timeout=${CRD_ESTABLISHED_TIMEOUT}`]);
}

/** The commands `--dry-run` prints for the CRD step (the apply takes only the missing ones). */
export function gatewayCrdCommands(bin: string, context?: string, crds: readonly ShippedCrd[] = shippedGatewayCrds()): string[] {
  const file = packageFile(...GATEWAY_CRDS_PATH);
  return [
    `# Gateway API CRDs (standard channel ${GATEWAY_API_VERSION}), installed only when the cluster lacks them:`,
    shellCommand(bin, listCrdsArgs(context)),
    `gunzip -c ${shellCommand(file, [])} | ${shellCommand(bin, applyCrdsArgs(context))}   # the CRDs missing from that list`,
    shellCommand(bin, waitEstablishedArgs(crds.map((c) => c.name), context)),
  ];
}

/** What installing the CRDs did: the names installed (none when all were present), or why it failed. */
export type CrdInstall = { readonly ok: true; readonly installed: readonly string[]; readonly present: readonly string[] } | { readonly ok: false; readonly message: string };

/**
 * Installs the shipped Gateway API CRDs the cluster lacks (`kubectl get crd` first), server-side,
 * and waits until they are Established. CRDs already present are not touched.
 */
export function installGatewayCrds(run: KubectlRunner, context?: string, crds: readonly ShippedCrd[] = shippedGatewayCrds()): CrdInstall {
  const listed = run(listCrdsArgs(context));
  if (!succeeded(listed)) return { ok: false, message: `cannot list the cluster's CustomResourceDefinitions: ${failureText(listed)}` };
  const existing = new Set(listed.stdout.split('\n').map((line) => line.trim().replace(/^customresourcedefinition(\.apiextensions\.k8s\.io)?\//, '')).filter(Boolean));
  const missing = crds.filter((c) => !existing.has(c.name));
  const present = crds.filter((c) => existing.has(c.name)).map((c) => c.name);
  if (missing.length === 0) return { ok: true, installed: [], present };
  const applied = run(applyCrdsArgs(context), missing.map((c) => `---\n${c.text}`).join(''));
  if (!succeeded(applied)) return { ok: false, message: `installing the Gateway API CRDs (${missing.map((c) => c.name).join(', ')}) failed: ${failureText(applied)}` };
  const names = missing.map((c) => c.name);
  const waited = run(waitEstablishedArgs(names, context));
  if (!succeeded(waited)) return { ok: false, message: `the Gateway API CRDs did not become Established within ${CRD_ESTABLISHED_TIMEOUT}: ${failureText(waited)}` };
  return { ok: true, installed: names, present };
}
