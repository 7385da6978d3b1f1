import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { Component } from './component';
import { PropChecker } from '../validation/prop-checker';

/** Props of {@link Namespace}. */
export interface NamespaceProps {
  /** Namespace name; also the file stem (`<name>.namespace.yaml`). */
  readonly name: string;
}

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

  constructor(scope: Construct, id: string, props: NamespaceProps) {
    new PropChecker(`Namespace ${props.name}`)
      .namespace('name', props.name)
      .require(!BUILT_IN.includes(props.name), `name "${props.name}" is invalid; allowed: any name but the built-in ${BUILT_IN.join(', ')} (they exist already)`)
      .done();
    // A Namespace is cluster-scoped; as a component it files under its own name.
    super(scope, id, props.name, props.name);
    this.name = props.name;
    new k8s.KubeNamespace(this, 'Resource', {
      metadata: { name: props.name },
    });
  }
}
