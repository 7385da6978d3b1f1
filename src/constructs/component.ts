import { Construct, IConstruct } from 'constructs';

const COMPONENT_MARKER = Symbol.for('bernstein-cdk8s.Component');

/**
 * Base class of every application component (redis, postgres, poll, …).
 *
 * The output layout files each Kubernetes object under the component that owns it,
 * as `<componentName>.<kind>.yaml`; that is why a component knows its own name.
 */
export abstract class Component extends Construct {
  /** True when `x` is a {@link Component} (works across duplicated module copies). */
  public static isComponent(x: unknown): x is Component {
    return typeof x === 'object' && x !== null && COMPONENT_MARKER in x;
  }

  /** The nearest component that contains `construct`, if any. */
  public static owning(construct: IConstruct): Component | undefined {
    for (const scope of construct.node.scopes.slice().reverse()) {
      if (Component.isComponent(scope)) return scope;
    }
    return undefined;
  }

  /** Component name: the file stem of its manifests and the `app` label of its pods. */
  public readonly componentName: string;

  /** Namespace of the component's namespaced objects. */
  public readonly namespace: string;

  protected constructor(scope: Construct, id: string, componentName: string, namespace: string) {
    super(scope, id);
    Object.defineProperty(this, COMPONENT_MARKER, { value: true });
    this.componentName = componentName;
    this.namespace = namespace;
  }

  /** Labels that identify this component's pods; Services and anti-affinity select on them. */
  public get selectorLabels(): Record<string, string> {
    return { app: this.componentName };
  }
}
