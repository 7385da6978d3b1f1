import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { Component, Endpoint, EndpointUrl, endpointUrlFrom } from './component';
import { HttpRoute } from './gateway-api';
import { addHttpRoute, RouteGateway } from './http-route';
import { checkPodFieldEnv, EnvBinding, PodField } from './env-binding';
import { ConfigSource } from './config-source';
import { checkHealthCheck, HealthCheck } from './health-check';
import { NODE_SPREADING_VALUES, NodeSpreading } from './placement';
import { PropChecker, ValidationError } from '../validation/prop-checker';
import { checkNamedPorts, ContainerResources, checkMaxUnavailable, deploymentProps, disruptionBudget, NamedPort, RestrictedRun, serviceProps } from './workload-parts';
import { Autoscaling, checkAutoscaling } from './autoscaling';
import { checkContainerOptions, checkPodOptions, ContainerOptions, labelObjects, PodOptions, podSurfaceParts, renderContainer, renderPod } from './workload-surface';

/** An ingress controller that Ingresses can name: one of this library's, or one the cluster already runs. */
export interface IngressController {
  /** The ingress class the controller serves: an IngressClass name, or the `kubernetes.io/ingress.class` annotation value. */
  readonly ingressClass: string;
  /** The controller's own component, when the chart deploys it. @default - a controller outside the chart */
  readonly controllerComponent?: Component;
  /**
   * How Ingresses name the class: `spec.ingressClassName` (an IngressClass of that name exists),
   * or the `kubernetes.io/ingress.class` annotation (controllers older than IngressClass, e.g. Traefik 1.7).
   * @default 'annotation'
   */
  readonly classReference?: 'ingressClassName' | 'annotation';
  /**
   * The Gateway listener of the controller: when set, routes to it are Gateway API HTTPRoutes
   * attached to that listener instead of Ingresses. @default - routes are Ingresses
   */
  readonly gatewayListener?: RouteGateway;
}

/** An HTTP route from an ingress controller to a {@link StatelessApp}. */
export interface Route {
  /** Host name the controller matches, e.g. `poll.dop.io`. */
  readonly host: string;
  /** The controller serving the route, e.g. a {@link Traefik}, or `{ ingressClass: 'nginx' }`. */
  readonly controller: IngressController;
  /** Path prefix. @default '/' */
  readonly path?: string;
  /**
   * Serve the host over HTTPS with the certificate of this Secret (type `kubernetes.io/tls`, in
   * the app's namespace; made by hand or by cert-manager). @default - plain HTTP
   */
  readonly tlsSecretName?: string;
}

/** A setting of an app's own ConfigMap: a plain value, or the URL of another component (which records the connection). */
export type ConfigValue = string | EndpointUrl;

const MAIN_PORT_NAME = 'http';

/** Props of {@link StatelessApp}. */
export interface StatelessAppProps extends ContainerOptions, PodOptions {
  /** Component name: Deployment, Service and Ingress name, `app` label, file stem. */
  readonly name: string;
  /** Container image reference. */
  readonly image: string;
  /** Namespace of all its objects. @default 'default' */
  readonly namespace?: string;
  /** Number of pods; not with `autoscaling`, which decides it. @default 1 */
  readonly replicas?: number;
  /**
   * A HorizontalPodAutoscaler (autoscaling/v2) between `minReplicas` and `maxReplicas`, on CPU
   * and/or memory utilization; the Deployment then leaves `replicas` to it.
   * @default - a fixed number of replicas
   */
  readonly autoscaling?: Autoscaling;
  /** Port the container listens on; when set, a Service of the same name exposes it. @default - no port, no Service */
  readonly port?: number;
  /**
   * Environment variables, each read from a ConfigMap or Secret key; a binding handed out by a
   * server (`redis.connectionEnv()`) also records the connection to it. @default - none
   */
  readonly env?: readonly EnvBinding[];
  /** Route to the Service through an ingress controller (an Ingress, or an HTTPRoute when the controller routes through a Gateway); needs `port`. @default - no route */
  readonly route?: Route;
  /** How replicas spread over nodes when replicas > 1: `preferred` spreads where nodes allow and never leaves a replica Pending (`required` is the stricter choice of a chart that wants it). @default 'preferred' */
  readonly spreading?: NodeSpreading;
  /** Extra container arguments; may use `$(NAME)` of any variable of the container. @default - the image's own command */
  readonly args?: readonly string[];
  /** Fixed node port: the Service becomes a NodePort Service reachable on every node. @default - ClusterIP Service */
  readonly nodePort?: number;
  /** When a pod receives traffic. @default - a TCP check on `port` (none without a port) */
  readonly readiness?: HealthCheck;
  /** When a pod is restarted. @default - no liveness check */
  readonly liveness?: HealthCheck;
  /** More ports of the container and its Service; needs `port`. @default - none */
  readonly additionalPorts?: readonly NamedPort[];
  /**
   * The app's own settings: a ConfigMap `<name>-config` whose keys all become variables, after `env`.
   * A value made with `endpointUrl(other.endpoint())` records the connection to `other`.
   * @default - no ConfigMap
   */
  readonly config?: Readonly<Record<string, ConfigValue>>;
  /** Variables read from the pod itself (downward API), set before all others. @default - none */
  readonly podFieldEnv?: Readonly<Record<string, PodField>>;
  /** CPU and memory requests and limits, written exactly as given (e.g. a `128M` memory limit). @default - none */
  readonly resources?: ContainerResources;
  /**
   * At most this many pods down at once through voluntary disruptions (drains): a
   * PodDisruptionBudget `<name>` in `<name>.pdb.yaml`. Needs replicas >= 2.
   * @default - no PodDisruptionBudget
   */
  readonly maxUnavailable?: number;
  /**
   * Run as Pod Security "restricted" admits: as `restricted.user`, read-only root file system,
   * no capabilities, no ServiceAccount token. An image whose user is unknown needs one chosen.
   * @default - the image's own user, unrestricted
   */
  readonly restricted?: RestrictedRun;
}

/**
 * A stateless application: a Deployment, and when it listens on a port a Service (ClusterIP,
 * or NodePort with `nodePort`) and optionally an Ingress; optionally its own ConfigMap.
 * Serves poll and result (replicated, routed) and worker (no port).
 *
 * @example
 * const redis = new Redis(chart, 'Redis');
 * const traefik = new Traefik(chart, 'Traefik');
 * new StatelessApp(chart, 'Poll', {
 *   name: 'poll', image: 'epitechcontent/t-dop-600-poll:k8s', replicas: 2, port: 80,
 *   resources: { limits: { memory: '128M' } },
 *   env: redis.connectionEnv(),
 *   route: { host: 'poll.dop.io', controller: traefik },
 * });
 */
export class StatelessApp extends Component {
  /** The Service name, for clients; undefined when the app has no port. */
  public readonly serviceName: string | undefined;
  /** Port of the Service (and of the container). */
  public readonly port: number | undefined;
  /** Number of pods; with `autoscaling`, the most it may run. */
  public readonly replicas: number;
  /** The app's own ConfigMap, when `config` was given. */
  public readonly config: ConfigSource | undefined;
  /** The app's Deployment. */
  public readonly deployment: k8s.KubeDeployment;
  /** The Service in front of the pods; undefined when the app has no port. */
  public readonly service: k8s.KubeService | undefined;
  /** The Ingress of `route`; undefined without a route, or when its controller routes through a Gateway. */
  public readonly ingress: k8s.KubeIngress | undefined;
  /** The HTTPRoute of `route` when its controller routes through a Gateway (`controller.gatewayListener`); undefined otherwise. */
  public readonly httpRoute: HttpRoute | undefined;
  /** The PodDisruptionBudget of `maxUnavailable`; undefined without it. */
  public readonly podDisruptionBudget: k8s.KubePodDisruptionBudget | undefined;
  /** The HorizontalPodAutoscaler of `autoscaling`; undefined without it. */
  public readonly horizontalPodAutoscaler: k8s.KubeHorizontalPodAutoscalerV2 | undefined;
  /** The ServiceAccount written for `serviceAccount: ServiceAccount.own()`; undefined otherwise. */
  public readonly serviceAccount: k8s.KubeServiceAccount | undefined;
  /** The claims written for `Volume.claim(...)` mounts (`<component>-<volume>`), in mount order. */
  public readonly persistentVolumeClaims: readonly k8s.KubePersistentVolumeClaim[];
  private readonly portsByName: ReadonlyMap<string, number>;

  constructor(scope: Construct, id: string, props: StatelessAppProps) {
    super(scope, id, props.name, props.namespace ?? 'default');
    const extraPorts = props.additionalPorts ?? [];
    const checker = new PropChecker(`StatelessApp ${props.name}`, this.node.path)
      .name('name', props.name)
      .image('image', props.image)
      .namespace('namespace', props.namespace)
      .replicas('replicas', props.replicas)
      .port('port', props.port)
      .host('route.host', props.route?.host)
      .name('route.controller.ingressClass', props.route?.controller.ingressClass)
      .urlPath('route.path', props.route?.path)
      .oneOf('spreading', props.spreading, NODE_SPREADING_VALUES)
      .require(!(props.route && props.port === undefined), 'a route needs a port to send traffic to')
      .nodePort('nodePort', props.nodePort)
      .require(!(props.nodePort !== undefined && props.port === undefined), 'a nodePort needs a port to send traffic to')
      .require(!(extraPorts.length > 0 && props.port === undefined), 'additionalPorts need a main port')
      .storageClassName('route.tlsSecretName', props.route?.tlsSecretName)
      .require(!(props.route?.tlsSecretName !== undefined && props.route.controller.gatewayListener), `route.tlsSecretName "${props.route?.tlsSecretName}" is invalid with a Gateway controller; allowed: TLS on an Ingress controller (a Gateway terminates TLS on its own listener)`)
      .require(!(props.autoscaling && props.replicas !== undefined), `replicas ${props.replicas} is invalid with autoscaling; allowed: autoscaling.minReplicas and maxReplicas instead`);
    checkNamedPorts(checker, 'additionalPorts', extraPorts)
      .require(!extraPorts.some((p) => p.name === MAIN_PORT_NAME || p.port === props.port), `additionalPorts must not reuse the main port's name "${MAIN_PORT_NAME}" or number ${props.port}`);
    const allPorts: NamedPort[] = props.port === undefined ? [] : [{ name: MAIN_PORT_NAME, port: props.port }, ...extraPorts];
    checkPodFieldEnv(checker, 'podFieldEnv', props.podFieldEnv);
    checkHealthCheck(checker, 'readiness', props.readiness, allPorts.map((p) => p.port));
    checkHealthCheck(checker, 'liveness', props.liveness, allPorts.map((p) => p.port));
    checkMaxUnavailable(checker, 'maxUnavailable', props.maxUnavailable, props.autoscaling?.maxReplicas ?? props.replicas ?? 1);
    checkAutoscaling(checker, 'autoscaling', props.autoscaling, props.resources?.requests);
    checkContainerOptions(checker, '', props);
    checkPodOptions(checker, props).done();
    this.replicas = props.autoscaling?.maxReplicas ?? props.replicas ?? 1;
    this.port = props.port;
    this.portsByName = new Map(allPorts.map((p) => [p.name, p.port]));

    const settings = Object.entries(props.config ?? {});
    this.connectThrough(settings.flatMap(([, value]) => (typeof value === 'string' ? [] : [value])));
    this.config = props.config && new ConfigSource(this, 'Config', {
      name: `${props.name}-config`,
      namespace: this.namespace,
      kind: 'ConfigMap',
      labels: this.selectorLabels,
      entries: Object.fromEntries(settings.map(([key, value]) => [key, typeof value === 'string' ? value : endpointUrlFrom(value, this.namespace)])),
    });
    const store = this.config;
    const ownSettings = store ? settings.map(([key]) => store.bind(key)) : [];
    const readiness = props.readiness ?? (props.port === undefined ? undefined : HealthCheck.tcp(props.port));

    const main = renderContainer(this, props.name, props.image, props, {
      podFieldEnv: props.podFieldEnv,
      moreEnv: ownSettings,
      ports: allPorts.length === 0 ? undefined : allPorts.map((p) => ({ name: p.name, containerPort: p.port })),
    });
    const pod = renderPod(this, props, [main]);
    this.serviceAccount = pod.serviceAccount;
    this.persistentVolumeClaims = pod.persistentVolumeClaims;
    const container: k8s.Container = { ...main.container, readinessProbe: readiness?.toProbe(), livenessProbe: props.liveness?.toProbe() };
    this.deployment = new k8s.KubeDeployment(this, 'Deployment', deploymentProps({
      name: props.name,
      namespace: this.namespace,
      podLabels: this.selectorLabels,
      replicas: this.replicas,
      replicasByAutoscaler: props.autoscaling !== undefined,
      containers: [container],
      ...podSurfaceParts(pod, props),
      spreading: props.spreading ?? 'preferred',
      enableServiceLinks: false,
      restricted: props.restricted,
    }));
    this.horizontalPodAutoscaler = props.autoscaling && new k8s.KubeHorizontalPodAutoscalerV2(this, 'HorizontalPodAutoscaler', {
      metadata: { name: props.name, namespace: this.namespace, labels: { ...this.selectorLabels } },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.deployment.name },
        minReplicas: props.autoscaling.minReplicas ?? 1,
        maxReplicas: props.autoscaling.maxReplicas,
        metrics: props.autoscaling.targets.map((t) => t._toMetric()),
      },
    });

    this.podDisruptionBudget = props.maxUnavailable === undefined ? undefined : disruptionBudget(this, props.name, this.namespace, this.selectorLabels, props.maxUnavailable);

    if (props.port !== undefined) {
      this.serviceName = props.name;
      if (props.nodePort !== undefined) this.expose({ kind: 'nodePort', portName: MAIN_PORT_NAME, port: props.port, nodePort: props.nodePort });
      this.service = new k8s.KubeService(this, 'Service', serviceProps({
        name: props.name,
        namespace: this.namespace,
        selector: this.selectorLabels,
        type: props.nodePort === undefined ? undefined : 'NodePort',
        ports: allPorts.map((p) => ({ name: p.name, port: p.port, nodePort: p.name === MAIN_PORT_NAME ? props.nodePort : undefined })),
      }));
    }

    if (props.route && props.port !== undefined) {
      const route = props.route;
      const endpoint = this.endpoint();
      route.controller.controllerComponent?.connectTo(endpoint);
      this.expose({ kind: 'ingress', host: route.host, path: route.path ?? '/', endpoint, ingressClass: route.controller.ingressClass, controller: route.controller.controllerComponent });
      const byClassName = route.controller.classReference === 'ingressClassName';
      if (route.controller.gatewayListener) {
        this.httpRoute = addHttpRoute(this, route.controller.gatewayListener, {
          name: props.name, namespace: this.namespace, labels: this.selectorLabels,
          host: route.host, path: route.path ?? '/', serviceName: props.name, servicePort: props.port,
        });
      } else this.ingress = new k8s.KubeIngress(this, 'Ingress', {
        metadata: {
          name: props.name,
          namespace: this.namespace,
          labels: this.selectorLabels,
          annotations: byClassName ? undefined : { 'kubernetes.io/ingress.class': route.controller.ingressClass },
        },
        spec: {
          ingressClassName: byClassName ? route.controller.ingressClass : undefined,
          tls: route.tlsSecretName === undefined ? undefined : [{ hosts: [route.host], secretName: route.tlsSecretName }],
          rules: [{
            host: route.host,
            http: {
              paths: [{
                path: route.path ?? '/',
                pathType: 'Prefix',
                backend: { service: { name: props.name, port: { number: props.port } } },
              }],
            },
          }],
        },
      });
    }
    labelObjects(this, props.labels, props.annotations);
  }

  /** The Service port called `portName` (`http` is the main port), for clients to connect to. */
  public endpoint(portName: string = MAIN_PORT_NAME): Endpoint {
    if (this.serviceName === undefined) throw new ValidationError([`StatelessApp ${this.componentName}: endpoint "${portName}" is invalid: the app has no port, so nothing can connect to it; allowed: an app given a port`], this.node.path);
    return { component: this, serviceName: this.serviceName, portName, port: this.portNamed(portName) };
  }

  /** Number of the port called `name` (`http` is the main port), for clients that build URLs. */
  public portNamed(name: string): number {
    const port = this.portsByName.get(name);
    if (port === undefined) throw new ValidationError([`StatelessApp ${this.componentName} has no port "${name}"; allowed: ${[...this.portsByName.keys()].join(', ') || 'none'}`], this.node.path);
    return port;
  }
}
