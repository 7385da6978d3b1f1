/** Node addresses for the /etc/hosts line (the spec's `kubectl get nodes -o jsonpath=…`). */
import { KubectlRunner, failureText, succeeded, withContext } from './kubectl';

export type AddressType = 'ExternalIP' | 'InternalIP';

/** kubectl arguments listing every node's addresses of one type, space-separated. */
export function nodeAddressArgs(type: AddressType, context?: string): string[] {
  return withContext(context, [
    'get',
    'nodes',
    '-o',
    `jsonpath={.items[*].status.addresses[?(@.type=="${type}")].address}`,
  ]);
}

export interface NodeAddresses {
  readonly type: AddressType;
  readonly addresses: readonly string[];
}

export type NodeLookup =
  | { readonly ok: true; readonly result: NodeAddresses | undefined }
  | { readonly ok: false; readonly error: string };

/** ExternalIP addresses, falling back to InternalIP when no node has one. */
export function lookupNodeAddresses(run: KubectlRunner, context?: string): NodeLookup {
  for (const type of ['ExternalIP', 'InternalIP'] as const) {
    const r = run(nodeAddressArgs(type, context));
    if (!succeeded(r)) return { ok: false, error: failureText(r) };
    const addresses = r.stdout.split(/\s+/).filter((a) => a !== '');
    if (addresses.length > 0) return { ok: true, result: { type, addresses } };
  }
  return { ok: true, result: undefined };
}

/** `203.0.113.10 poll.dop.io result.dop.io` */
export function hostsLine(address: string, hosts: readonly string[]): string {
  return [address, ...hosts].join(' ');
}

/** URLs use brackets around IPv6 literals. */
export function urlHost(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}
