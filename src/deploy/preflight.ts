/**
 * Before anything is applied: is there a context kubectl will use, and does its API server
 * answer? Without this, a missing kubeconfig surfaces as kubectl's misleading advice to turn
 * validation off (`--validate=false`) on the first apply.
 */
import { KubectlRunner, failureText, succeeded, withContext } from './kubectl';

export type Preflight = { readonly ok: true; readonly context: string } | { readonly ok: false; readonly message: string };

const HOW_TO_CHOOSE = [
  '  list the contexts of your kubeconfig: kubectl config get-contexts',
  '  choose one: kubectl config use-context NAME, or pass --context NAME to npm run deploy',
  '  no kubeconfig yet? k3s writes /etc/rancher/k3s/k3s.yaml (export KUBECONFIG=… or copy it to ~/.kube/config);',
  '  managed clusters: aws eks update-kubeconfig, gcloud container clusters get-credentials, az aks get-credentials',
].join('\n');

/** Checks the context (`context` or kubectl's current one) and that its API server answers. */
export function preflight(run: KubectlRunner, context: string | undefined, kubeconfig: string | undefined): Preflight {
  const where = `kubeconfig ${kubeconfig ?? '~/.kube/config'}`;
  let name = context;
  if (name === undefined) {
    const current = run(['config', 'current-context']);
    name = current.stdout.trim();
    if (!succeeded(current) || name === '') {
      return { ok: false, message: `kubectl has no current context (${where}): ${failureText(current)}\n${HOW_TO_CHOOSE}` };
    }
  } else {
    const known = run(['config', 'get-contexts', '-o', 'name']);
    const names = known.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
    if (!succeeded(known) || !names.includes(name)) {
      return { ok: false, message: `--context "${name}" is not in the ${where}; contexts there: ${names.join(', ') || 'none'}\n${HOW_TO_CHOOSE}` };
    }
  }
  const server = run(withContext(context, ['get', '--raw', '/version', '--request-timeout=10s']));
  if (!succeeded(server)) {
    return { ok: false, message: `the API server of context "${name}" does not answer: ${failureText(server)}\n  is the cluster running and reachable from here? kubectl cluster-info --context ${name} tells more.` };
  }
  return { ok: true, context: name };
}
