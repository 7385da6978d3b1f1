import { Construct, IConstruct } from 'constructs';
import { PropChecker, ValidationError } from '../validation/prop-checker';

/**
 * A port of a component's Service that other components open connections to. Clients get
 * endpoints from the serving construct (`redis.endpoint`, `api.endpoint('http')`), never
 * by writing its Service name and port again.
 */
export interface Endpoint {
  /** The component whose pods answer. */
  readonly component: Component;
  /** Service name clients resolve. */
  readonly serviceName: string;
  /** Name of the Service (and container) port. */
  readonly portName: string;
  /** Port number of the Service and container. */
  readonly port: number;
}

/** `<scheme>://<service>:<port><path>` of an endpoint; a config value that also records the connection. */
export interface EndpointUrl {
  /** The endpoint the URL points at; a component given the URL connects to it. */
  readonly endpoint: Endpoint;
  /** The URL text written into the configuration. */
  readonly url: string;
}

/** The URL of `endpoint`, e.g. `http://backend:5000` or `spark://spark-master:7077`. */
export function endpointUrl(endpoint: Endpoint, scheme = 'http', path = ''): EndpointUrl {
  return { endpoint, url: `${scheme}://${endpoint.serviceName}:${endpoint.port}${path}` };
}

/**
 * How a component is reached from outside the cluster.
 * - `nodePort`: a NodePort Service port, open on every node;
 * - `ingress`: an Ingress rule served by an ingress controller.
 *
 * `port` is the Service port; a NodePort's `targetPort` (default: `port`) is the container port the
 * traffic reaches, which network policies open.
 */
export type Exposure =
  | { readonly kind: 'nodePort'; readonly portName: string; readonly port: number; readonly nodePort: number; readonly targetPort?: number }
  | { readonly kind: 'ingress'; readonly host: string; readonly path: string; readonly endpoint: Endpoint; readonly ingressClass: string; readonly controller?: Component };

const COMPONENT_MARKER = Symbol.for('bernstein-cdk8s.Component');

/** Problems of a component's name and namespace: both must be RFC 1123 labels. */
function componentNameProblems(componentName: string, namespace: string): string[] {
  try {
    new PropChecker(`Component ${componentName}`).name('componentName', componentName).namespace('namespace', namespace).done();
    return [];
  } catch (err) {
    if (err instanceof ValidationError) return [...err.problems];
    throw err;
  }
}

/**
 * Base class of every application component (redis, postgres, poll, …).
 *
 * The output layout files each Kubernetes object under the component that owns it,
 * as `<componentName>.<kind>.yaml`; that is why a component knows its own name.
 *
 * @example
 * // A component of your own: every object created with it as scope lands in mailer.<kind>.yaml.
 * class Mailer extends Component {
 *   constructor(scope: Construct, id: string) {
 *     super(scope, id, 'mailer', 'default');
 *     new k8s.KubeConfigMap(this, 'Templates', {
 *       metadata: { name: 'mailer-templates', namespace: this.namespace, labels: this.selectorLabels },
 *       data: { 'welcome.txt': 'Hello!' },
 *     });
 *   }
 * }
 * new Mailer(chart, 'Mailer');
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

  private readonly outgoing: Endpoint[] = [];
  private readonly calledBack: Endpoint[] = [];
  private readonly peerPorts: Endpoint[] = [];
  private readonly exposed: Exposure[] = [];
  private apiClient = false;

  /**
   * @param scope the chart (or another construct) the component belongs to
   * @param id construct id, unique among the scope's children
   * @param componentName file stem of its manifests and `app` label of its pods: a lowercase DNS label such as `mailer`
   * @param namespace namespace of its namespaced objects (`default` unless you create a {@link Namespace})
   */
  protected constructor(scope: Construct, id: string, componentName: string, namespace: string) {
    super(scope, id);
    Object.defineProperty(this, COMPONENT_MARKER, { value: true });
    this.componentName = componentName;
    this.namespace = namespace;
    // Library constructs check their own props first, naming them; this catches a subclass of
    // one's own with a name no file stem, label or namespace may carry, when the app is written.
    this.node.addValidation({ validate: () => componentNameProblems(componentName, namespace) });
  }

  /** Labels that identify this component's pods; Services and anti-affinity select on them. */
  public get selectorLabels(): Record<string, string> {
    return { app: this.componentName };
  }

  /** Endpoints of other components this one opens connections to (the wiring graph's edges). */
  public get connections(): readonly Endpoint[] {
    return this.outgoing;
  }

  /** How this component is reached from outside the cluster. */
  public get exposures(): readonly Exposure[] {
    return this.exposed;
  }

  /**
   * Endpoints this component's pods also open connections to without having to start after them:
   * calls back to its own clients (the Spark master to its workers). Network policies follow
   * them; apply order does not (it would be a cycle).
   */
  public get callbacks(): readonly Endpoint[] {
    return this.calledBack;
  }

  /** Ports of this component's own pods that its members open to each other (a quorum's peer ports). */
  public get peerEndpoints(): readonly Endpoint[] {
    return this.peerPorts;
  }

  /** True when this component's pods talk to the Kubernetes API (an ingress controller watching Ingresses). */
  public get usesKubernetesApi(): boolean {
    return this.apiClient;
  }

  /**
   * Declares that this component's pods open connections to `endpoint`. Constructs call it for
   * every binding and URL they are given; apply order, diagrams and network policies follow it.
   */
  public connectTo(endpoint: Endpoint): void {
    this.addOnce(this.outgoing, endpoint);
  }

  /**
   * Declares that this component's pods open connections to `endpoint` of a component that itself
   * connects to this one (the Spark master calling its workers back): network policies follow it,
   * apply order does not.
   */
  public callBack(endpoint: Endpoint): void {
    this.addOnce(this.calledBack, endpoint);
  }

  /** Adds an endpoint of another component to `list` unless it holds that component and port already. */
  private addOnce(list: Endpoint[], endpoint: Endpoint): void {
    if (endpoint.component === this) return;
    if (!list.some((e) => e.component === endpoint.component && e.port === endpoint.port)) list.push(endpoint);
  }

  /** Declares that the pods of this component connect to each other on `endpoint`, one of its own ports. */
  protected connectPeersOn(endpoint: Endpoint): void {
    if (endpoint.component !== this) throw new Error(`${this.componentName}: peer port ${endpoint.portName} belongs to ${endpoint.component.componentName}, not to this component`);
    if (!this.peerPorts.some((e) => e.port === endpoint.port)) this.peerPorts.push(endpoint);
  }

  /** Declares that this component's pods talk to the Kubernetes API server. */
  protected connectToKubernetesApi(): void {
    this.apiClient = true;
  }

  /** Connects to the endpoint of every value that leads to one (see {@link EnvBinding.endpoint}). */
  protected connectThrough(values: readonly { readonly endpoint?: Endpoint }[]): void {
    for (const value of values) if (value.endpoint) this.connectTo(value.endpoint);
  }

  /** Declares how this component is reached from outside the cluster. */
  protected expose(exposure: Exposure): void {
    this.exposed.push(exposure);
  }
}
