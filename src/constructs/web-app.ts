import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { Component } from './component';
import { checkPodFieldEnv, containerEnv, EnvBinding, PodField } from './env-binding';
import { KeyValueStore } from './key-value-store';
import { NODE_SPREADING_VALUES, NodeSpreading } from './placement';
import { PropChecker } from '../validation/prop-checker';
import { checkNamedPorts, checkResources, ContainerResources, deploymentProps, httpProbe, NamedPort, resourceRequirements, serviceProps, tcpProbe } from './workload-parts';

/** An HTTP route from an ingress controller to a {@link WebApp}. */
export interface WebRoute {
  /** Host name the controller matches, e.g. `poll.dop.io`. */
  readonly host: string;
  /** Value of the `kubernetes.io/ingress.class` annotation the controller reads. */
  readonly ingressClass: string;
  /** Path prefix. @default '/' */
  readonly path?: string;
}

const MAIN_PORT_NAME = 'http';
// A failing liveness probe restarts the container; give a slow starter time before the first one.
const LIVENESS_DELAY_SECONDS = 15;

/** Props of {@link WebApp}. */
export interface WebAppProps {
  /** Component name: Deployment, Service and Ingress name, `app` label, file stem. */
  readonly name: string;
  /** Container image reference. */
  readonly image: string;
  /** Namespace of all its objects. @default 'default' */
  readonly namespace?: string;
  /** Number of pods. @default 1 */
  readonly replicas?: number;
  /** Memory limit, written exactly as given (e.g. `128M`). @default - no limit */
  readonly memoryLimit?: string;
  /** Port the container listens on; when set, a Service of the same name exposes it. @default - no port, no Service */
  readonly port?: number;
  /** Environment variables, each read from a ConfigMap or Secret key. @default - none */
  readonly env?: readonly EnvBinding[];
  /** Ingress route to the Service; needs `port`. @default - no Ingress */
  readonly route?: WebRoute;
  /** How replicas spread over nodes when replicas > 1. @default 'required' */
  readonly spreading?: NodeSpreading;
  /** Extra container arguments; may use `$(NAME)` of any variable of the container. @default - the image's own command */
  readonly args?: readonly string[];
  /** Fixed node port: the Service becomes a NodePort Service reachable on every node. @default - ClusterIP Service */
  readonly nodePort?: number;
  /** HTTP path answering 2xx when healthy: HTTP readiness and liveness probes on `port`. @default - TCP readiness probe only */
  readonly healthCheckPath?: string;
  /** More ports of the container and its Service; needs `port`. @default - none */
  readonly additionalPorts?: readonly NamedPort[];
  /**
   * The app's own settings: a ConfigMap `<name>-config` whose keys all become variables, after `env`.
   * @default - no ConfigMap
   */
  readonly config?: Readonly<Record<string, string>>;
  /** Variables read from the pod itself (downward API), set before all others. @default - none */
  readonly podFieldEnv?: Readonly<Record<string, PodField>>;
  /** CPU and memory requests and limits. @default - only `memoryLimit`, if set */
  readonly resources?: ContainerResources;
}

/**
 * A stateless application: a Deployment, and when it listens on a port a Service (ClusterIP,
 * or NodePort with `nodePort`) and optionally an Ingress; optionally its own ConfigMap.
 * Serves poll and result (replicated, routed) and worker (no port).
 */
export class WebApp extends Component {
  /** The Service name, for clients; undefined when the app has no port. */
  public readonly serviceName: string | undefined;
  /** Port of the Service (and of the container). */
  public readonly port: number | undefined;
  public readonly replicas: number;
  /** The app's own ConfigMap, when `config` was given. */
  public readonly config: KeyValueStore | undefined;
  private readonly portsByName: ReadonlyMap<string, number>;

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id, props.name, props.namespace ?? 'default');
    const extraPorts = props.additionalPorts ?? [];
    const checker = new PropChecker(`WebApp ${props.name}`)
      .name('name', props.name)
      .image('image', props.image)
      .namespace('namespace', props.namespace)
      .replicas('replicas', props.replicas)
      .quantity('memoryLimit', props.memoryLimit)
      .port('port', props.port)
      .host('route.host', props.route?.host)
      .name('route.ingressClass', props.route?.ingressClass)
      .oneOf('spreading', props.spreading, NODE_SPREADING_VALUES)
      .require(!(props.route && props.port === undefined), 'a route needs a port to send traffic to')
      .nodePort('nodePort', props.nodePort)
      .require(!(props.nodePort !== undefined && props.port === undefined), 'a nodePort needs a port to send traffic to')
      .require(props.healthCheckPath === undefined || /^\/\S*$/.test(props.healthCheckPath), `healthCheckPath "${props.healthCheckPath}" is invalid; allowed: an absolute URL path such as /healthz`)
      .require(!(props.healthCheckPath !== undefined && props.port === undefined), 'a healthCheckPath needs a port to probe')
      .require(!(extraPorts.length > 0 && props.port === undefined), 'additionalPorts need a main port')
      .require(!(props.memoryLimit !== undefined && props.resources?.limits?.memory !== undefined), 'set the memory limit once: memoryLimit or resources.limits.memory');
    checkNamedPorts(checker, 'additionalPorts', extraPorts)
      .require(!extraPorts.some((p) => p.name === MAIN_PORT_NAME || p.port === props.port), `additionalPorts must not reuse the main port's name "${MAIN_PORT_NAME}" or number ${props.port}`);
    const allPorts: NamedPort[] = props.port === undefined ? [] : [{ name: MAIN_PORT_NAME, port: props.port }, ...extraPorts];
    checkPodFieldEnv(checker, 'podFieldEnv', props.podFieldEnv);
    checkResources(checker, 'resources', props.resources).done();
    this.replicas = props.replicas ?? 1;
    this.port = props.port;
    this.portsByName = new Map(allPorts.map((p) => [p.name, p.port]));

    this.config = props.config && new KeyValueStore(this, 'Config', {
      name: `${props.name}-config`,
      namespace: this.namespace,
      kind: 'ConfigMap',
      labels: this.selectorLabels,
      entries: props.config,
    });
    const store = this.config;
    const ownSettings = store ? Object.keys(props.config ?? {}).map((key) => store.bind(key)) : [];
    const owner = `WebApp ${props.name}`;
    const resources = props.memoryLimit === undefined
      ? props.resources
      : { ...props.resources, limits: { ...props.resources?.limits, memory: props.memoryLimit } };

    const container: k8s.Container = {
      name: props.name,
      image: props.image,
      args: props.args ? [...props.args] : undefined,
      ports: allPorts.length === 0 ? undefined : allPorts.map((p) => ({ name: p.name, containerPort: p.port })),
      env: containerEnv(owner, props.podFieldEnv ?? {}, [...(props.env ?? []), ...ownSettings]),
      resources: resourceRequirements(resources),
      readinessProbe: this.readiness(props),
      livenessProbe: props.healthCheckPath === undefined || props.port === undefined
        ? undefined
        : httpProbe(props.healthCheckPath, props.port, LIVENESS_DELAY_SECONDS),
    };
    new k8s.KubeDeployment(this, 'Deployment', deploymentProps({
      name: props.name,
      namespace: this.namespace,
      podLabels: this.selectorLabels,
      replicas: this.replicas,
      containers: [container],
      spreading: props.spreading ?? 'required',
      enableServiceLinks: false,
    }));

    if (props.port !== undefined) {
      this.serviceName = props.name;
      new k8s.KubeService(this, 'Service', serviceProps({
        name: props.name,
        namespace: this.namespace,
        selector: this.selectorLabels,
        type: props.nodePort === undefined ? undefined : 'NodePort',
        ports: allPorts.map((p) => ({ name: p.name, port: p.port, nodePort: p.name === MAIN_PORT_NAME ? props.nodePort : undefined })),
      }));
    }

    if (props.route && props.port !== undefined) {
      new k8s.KubeIngress(this, 'Ingress', {
        metadata: {
          name: props.name,
          namespace: this.namespace,
          labels: this.selectorLabels,
          annotations: { 'kubernetes.io/ingress.class': props.route.ingressClass },
        },
        spec: {
          rules: [{
            host: props.route.host,
            http: {
              paths: [{
                path: props.route.path ?? '/',
                pathType: 'Prefix',
                backend: { service: { name: props.name, port: { number: props.port } } },
              }],
            },
          }],
        },
      });
    }
  }

  /** Number of the port called `name` (`http` is the main port), for clients that build URLs. */
  public portNamed(name: string): number {
    const port = this.portsByName.get(name);
    if (port === undefined) throw new Error(`WebApp ${this.componentName} has no port "${name}" (ports: ${[...this.portsByName.keys()].join(', ') || 'none'})`);
    return port;
  }

  private readiness(props: WebAppProps): k8s.Probe | undefined {
    if (props.port === undefined) return undefined;
    return props.healthCheckPath === undefined ? tcpProbe(props.port) : httpProbe(props.healthCheckPath, props.port, 5);
  }
}
