import * as k8s from '../../imports/k8s';
import type { Component } from './component';
import { PropChecker } from '../validation/prop-checker';

/**
 * The ServiceAccount a workload's pods run as: one the component writes for itself, or one that
 * exists already. Whether the pods get its API token is the workload's
 * `automountServiceAccountToken` prop.
 *
 * @example
 * new StatelessApp(chart, 'Operator', {
 *   name: 'operator', image: 'shop/operator:1.0',
 *   serviceAccount: ServiceAccount.own(), automountServiceAccountToken: true,
 * });
 */
export class ServiceAccount {
  /** A ServiceAccount named after the component, written in its `<component>.rbac.yaml`. */
  public static own(): ServiceAccount {
    return new ServiceAccount(undefined);
  }

  /** A ServiceAccount that exists already in the component's namespace. */
  public static existing(name: string): ServiceAccount {
    new PropChecker(`ServiceAccount ${name}`).storageClassName('name', name).done();
    return new ServiceAccount(name);
  }

  private constructor(private readonly existingName: string | undefined) {}

  /** True for {@link ServiceAccount.own}: the component writes the account. */
  public get isOwn(): boolean {
    return this.existingName === undefined;
  }

  /**
   * The account's name for pods of `owner`, writing it when it is the component's own.
   * Used by the constructs that take a service account; not part of the package API.
   * @internal
   */
  public _render(owner: Component): { name: string; apiObject: k8s.KubeServiceAccount | undefined } {
    if (this.existingName !== undefined) return { name: this.existingName, apiObject: undefined };
    const apiObject = new k8s.KubeServiceAccount(owner, 'ServiceAccount', {
      metadata: { name: owner.componentName, namespace: owner.namespace, labels: { ...owner.selectorLabels } },
    });
    return { name: owner.componentName, apiObject };
  }
}
