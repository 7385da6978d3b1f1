// imports/k8s.ts is what `cdk8s import k8s@1.27.0` writes (generated offline by scripts/import-k8s.js);
// cdk8s-plus-27 ships the same generated classes compiled, which makes a reference to compare with.
import * as ours from '../../imports/k8s';
import { k8s as reference } from 'cdk8s-plus-27';

function apiClasses(module: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(module)
      .filter(([name, value]) => name.startsWith('Kube') && typeof value === 'function' && 'GVK' in value)
      .map(([name, value]) => [name, JSON.stringify((value as { GVK: unknown }).GVK)])
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

test('imports/k8s.ts has exactly the Kubernetes 1.27 API classes cdk8s-plus-27 ships, with the same apiVersion/kind', () => {
  const mine = apiClasses(ours);
  expect(Object.keys(mine)).toHaveLength(134);
  expect(mine).toEqual(apiClasses(reference));
});
