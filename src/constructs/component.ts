import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import type { ConfigSource } from './config-source';
import { EnvBinding, toEnvVars } from './env-binding';
import { unrecordedReads } from './read-check';
import { PropChecker, ValidationError } from '../validation/prop-checker';

/**
 * A port of a component's Service that other components open connections to. Clients get
 * endpoints from the serving construct (`redis.endpoint()`, `api.endpoint('http')`: a method on
 * every component that serves), never by writing its Service name and port again.
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
  /** The URL text written into the configuration, for a client in the endpoint's own namespace. */
  readonly url: string;
  /** URL scheme, e.g. `http`. @default - read from `url` */
  readonly scheme?: string;
  /** Path after the port, e.g. `/api`. @default - read from `url` */
  readonly path?: string;
}

/** DNS domain of a cluster unless its kubelets are told otherwise (`--cluster-domain`). */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/** The fully qualified name of a Service, which resolves from every namespace: `<service>.<namespace>.svc.cluster.local`. */
export function qualifiedServiceHost(serviceName: string, namespace: string, clusterDomain: string = DEFAULT_CLUSTER_DOMAIN): string {
  return `${serviceName}.${namespace}.svc.${clusterDomain}`;
}

/**
 * The host a client in `clientNamespace` reaches `endpoint` by: the Service name in the
 * endpoint's own namespace, the fully qualified name from any other
 * (docs/facts.md#a-service-name-resolves-in-its-own-namespace-only).
 */
export function endpointHost(endpoint: Endpoint, clientNamespace: string): string {
  const namespace = endpoint.component.namespace;
  return clientNamespace === namespace ? endpoint.serviceName : qualifiedServiceHost(endpoint.serviceName, namespace);
}

/** The URL of `endpoint`, e.g. `http://backend:5000` or `spark://spark-master:7077`. */
export function endpointUrl(endpoint: Endpoint, scheme = 'http', path = ''): EndpointUrl {
  return { endpoint, url: `${scheme}://${endpoint.serviceName}:${endpoint.port}${path}`, scheme, path };
}

/** The text of `value` for a client in `clientNamespace`: the host fully qualified when the endpoint lives elsewhere. */
export function endpointUrlFrom(value: EndpointUrl, clientNamespace: string): string {
  const { endpoint } = value;
  if (clientNamespace === endpoint.component.namespace) return value.url;
  const prefix = `://${endpoint.serviceName}:${endpoint.port}`;
  const at = value.url.indexOf(prefix);
  const scheme = value.scheme ?? (at > 0 ? value.url.slice(0, at) : undefined);
  const path = value.path ?? (at > 0 ? value.url.slice(at + prefix.length) : undefined);
  if (scheme === undefined || path === undefined) {
    throw new ValidationError([`${endpoint.component.componentName}: URL "${value.url}" is invalid for a client in namespace ${clientNamespace}; allowed: a URL made with endpointUrl(), whose host can be qualified for another namespace`], endpoint.component.node.path);
  }
  return `${scheme}://${endpointHost(endpoint, clientNamespace)}:${endpoint.port}${path}`;
}

/**
 * How a component is reached from outside the cluster.
 * - `nodePort`: a NodePort Service port, open on every node;
 * - `ingress`: a host route served by an ingress controller (an Ingress, or an HTTPRoute through its Gateway).
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
  private readonly readSources: ConfigSource[] = [];
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
    checkReadsOnce(this);
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

  /** ConfigMaps and Secrets of other components this component's pods read, recorded by {@link useEnv} and {@link readFrom}. */
  public get reads(): readonly ConfigSource[] {
    return this.readSources;
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

  /**
   * The container `env` entries of `bindings`, for a container you write yourself inside this
   * component (your own `k8s.KubeCronJob` with the component as scope). Records everything a
   * binding leads to, as the library's own constructs do with their `env` prop: the connection to
   * the server (apply order, diagram and network policies follow it) and the read of its
   * ConfigMap or Secret, which a component in another namespace gets a copy of in its own.
   * Refuses two variables of the same name.
   */
  public useEnv(bindings: readonly EnvBinding[]): k8s.EnvVar[] {
    this.useBindings(bindings);
    return toEnvVars(bindings, `${this.componentName} (${this.node.path})`);
  }

  /**
   * Records that this component's pods read `source` (a whole ConfigMap or Secret as variables or
   * files) and returns the source as they see it: itself in the same namespace, a copy in this
   * component's namespace otherwise. Its name is the same either way.
   */
  public readFrom(source: ConfigSource): ConfigSource {
    const seen = source.inNamespace(this.namespace);
    if (Component.owning(seen) !== this && !this.readSources.includes(seen)) this.readSources.push(seen);
    return seen;
  }

  /** Records the connection and the read of every binding, without rendering them (see {@link useEnv}). */
  protected useBindings(bindings: readonly EnvBinding[]): void {
    for (const b of bindings) {
      if (b.endpoint) this.connectTo(b.endpoint);
      if (b.source) this.readFrom(b.source);
    }
  }

  /** Adds an endpoint of another component to `list` unless it holds that component and port already. */
  private addOnce(list: Endpoint[], endpoint: Endpoint): void {
    if (endpoint.component === this) return;
    if (!list.some((e) => e.component === endpoint.component && e.port === endpoint.port)) list.push(endpoint);
  }

  /** Declares that the pods of this component connect to each other on `endpoint`, one of its own ports. */
  protected connectPeersOn(endpoint: Endpoint): void {
    if (endpoint.component !== this) throw new ValidationError([`${this.componentName}: peer port ${endpoint.portName} is invalid; allowed: a port of this component, not of ${endpoint.component.componentName}`], this.node.path);
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

const CHECKED_SCOPES = new WeakSet<IConstruct>();

/**
 * Registers, once per chart (or construct tree without one), the synth-time refusal of a pod
 * that reads another component's ConfigMap or Secret without a recorded read (see
 * {@link Component.useEnv}).
 */
function checkReadsOnce(component: Component): void {
  const scope = component.node.scopes.find((s) => Chart.isChart(s)) ?? component.node.root;
  if (CHECKED_SCOPES.has(scope)) return;
  CHECKED_SCOPES.add(scope);
  scope.node.addValidation({ validate: () => unrecordedReads(scope, Component.owning) });
}
