import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { Component } from './component';
import { constructPath, PropChecker } from '../validation/prop-checker';

/** Props of {@link Namespace}. */
export interface NamespaceProps {
  /** Namespace name; also the file stem (`<name>.namespace.yaml`). */
  readonly name: string;
  /**
   * Pod Security level the API server enforces on the namespace's pods (labels
   * `pod-security.kubernetes.io/enforce`, `warn` and `audit`). @default - no label: the cluster's default
   */
  readonly podSecurity?: PodSecurityLevel;
}

/** Pod Security Standards levels, from least to most restrictive. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** Allowed values of {@link PodSecurityLevel}. */
export const POD_SECURITY_LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

const BUILT_IN = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * A Namespace the stack creates. Pass {@link Namespace.name} as the `namespace` prop of every
 * component that belongs in it, so a renamed namespace moves every object.
 *
 * @example
 * const shop = new Namespace(chart, 'Namespace', { name: 'shop' });
 * new Redis(chart, 'Redis', { namespace: shop.name });
 */
export class Namespace extends Component {
  /** Namespace name; pass it as the `namespace` prop of the components that belong in it. */
  public readonly name: string;
  /** The Namespace object (`namespace` is its name, as on every component). */
  public readonly apiObject: k8s.KubeNamespace;

  constructor(scope: Construct, id: string, props: NamespaceProps) {
    new PropChecker(`Namespace ${props.name}`, constructPath(scope, id))
      .namespace('name', props.name)
      .require(!BUILT_IN.includes(props.name), `name "${props.name}" is invalid; allowed: any name but the built-in ${BUILT_IN.join(', ')} (they exist already)`)
      .oneOf('podSecurity', props.podSecurity, POD_SECURITY_LEVELS)
      .done();
    // A Namespace is cluster-scoped; as a component it files under its own name.
    super(scope, id, props.name, props.name);
    this.name = props.name;
    this.apiObject = new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: props.name,
        // Enforce refuses non-conforming pods; warn and audit say so to kubectl users and the audit log.
        labels: props.podSecurity === undefined ? undefined : Object.fromEntries(['enforce', 'warn', 'audit'].map((mode) => [`pod-security.kubernetes.io/${mode}`, props.podSecurity!])),
      },
    });
  }
}
