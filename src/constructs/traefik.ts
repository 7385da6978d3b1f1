import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { Component } from './component';
import { Gateway, GATEWAY_API_GROUP, GatewayClass, GatewayRouteNamespaces } from './gateway-api';
import { HealthCheck } from './health-check';
import { RouteGateway } from './http-route';
import type { IngressController } from './stateless-app';
import { NODE_SPREADING_VALUES, NodeSpreading } from './placement';
import { PropChecker } from '../validation/prop-checker';
import { checkMaxUnavailable, checkResources, ContainerResources, deploymentProps, disruptionBudget, resourceRequirements, RestrictedRun, serviceProps } from './workload-parts';

/**
 * Traefik major line.
 * - `v1`: Traefik 1.7, as the Bernstein spec asks; reads Ingresses only through `extensions/v1beta1`,
 *   which Kubernetes stopped serving in 1.22 (docs/facts.md#traefik-17-routes-nothing-on-kubernetes-122-and-later), so it routes on clusters up to 1.21.
 * - `v2`: Traefik 2.x (>= 2.5), reads `networking.k8s.io/v1` Ingresses; routes on current clusters.
 * - `v3`: Traefik v3, the current line: Ingresses (with an IngressClass) or the Gateway API,
 *   endpoints through EndpointSlices (docs/facts.md#traefik-v3-flags-and-rbac).
 */
export type TraefikGeneration = 'v1' | 'v2' | 'v3';

/** Allowed values of {@link TraefikGeneration}. */
export const TRAEFIK_GENERATIONS: readonly TraefikGeneration[] = ['v1', 'v2', 'v3'];

/**
 * Default image of each generation. v3 is pinned to the newest v3.7 release: the first line
 * whose Gateway API provider follows the v1.5 standard channel, which the v1.6 CRDs we ship
 * serve (docs/facts.md#gateway-api-crds-and-traefik-v37).
 */
export const TRAEFIK_IMAGES: Readonly<Record<TraefikGeneration, string>> = {
  v1: 'traefik:1.7',
  v2: 'traefik:v2.11',
  v3: 'traefik:v3.7.9',
};

/**
 * How routes through Traefik are written.
 * - `ingress`: `networking.k8s.io/v1` Ingresses (the kubernetes-ingress provider);
 * - `gateway`: Gateway API HTTPRoutes attached to a Gateway on Traefik's web entry point (the
 *   kubernetesGateway provider; Traefik v3 only; the cluster needs the Gateway API CRDs).
 */
export type TraefikRouting = 'ingress' | 'gateway';

/** Allowed values of {@link TraefikRouting}. */
export const TRAEFIK_ROUTINGS: readonly TraefikRouting[] = ['ingress', 'gateway'];

/**
 * Traefik's API and dashboard.
 * - `off`: not served; port 8080 only answers the `/ping` health checks, inside the cluster;
 * - `unauthenticated`: served on port 8080 and a node port with no authentication at all
 *   (`--api.insecure`, 1.7's `--api`): anyone who reaches the port reads the whole routing
 *   configuration. Traefik offers no authentication without its own CRDs or a file provider.
 */
export type TraefikDashboard = 'off' | 'unauthenticated';

/** Allowed values of {@link TraefikDashboard}. */
export const TRAEFIK_DASHBOARDS: readonly TraefikDashboard[] = ['off', 'unauthenticated'];

/** Props of {@link Traefik}. */
export interface TraefikProps {
  /** Traefik line, which decides the args and RBAC rules. @default 'v3' */
  readonly generation?: TraefikGeneration;
  /** Container image. @default - TRAEFIK_IMAGES[generation] */
  readonly image?: string;
  /** Component name: Deployment, Service and RBAC object names, file stem. @default 'traefik' */
  readonly name?: string;
  /** Namespace of the controller. @default 'default' */
  readonly namespace?: string;
  /** Number of controller pods. @default 2 */
  readonly replicas?: number;
  /** How replicas spread over nodes. @default 'required' */
  readonly spreading?: NodeSpreading;
  /** Node port of the HTTP entrypoint (Service port 80). @default 30021 */
  readonly httpNodePort?: number;
  /**
   * Node port of an HTTPS entry point (`websecure`, Service port 443, TLS on): what routes with
   * `tlsSecretName` are served on. v2 and v3 with Ingress routing only.
   * @default - no HTTPS entry point (an Ingress of this controller with TLS is refused)
   */
  readonly httpsNodePort?: number;
  /** The API and dashboard; `unauthenticated` must be asked for. @default 'off' */
  readonly dashboard?: TraefikDashboard;
  /** Node port of the dashboard/API (port 8080); only with a dashboard. @default 30042 */
  readonly dashboardNodePort?: number;
  /**
   * Ingress class the controller serves: the name of the IngressClass it writes (v2, v3), or the
   * `kubernetes.io/ingress.class` annotation value (v1). @default 'traefik'
   */
  readonly ingressClass?: string;
  /** How routes through this controller are written (`gateway` needs generation `v3`). @default 'ingress' */
  readonly routing?: TraefikRouting;
  /** CPU and memory requests and limits of each controller pod. @default - none */
  readonly resources?: ContainerResources;
  /** At most this many controller pods down at once through drains: a PodDisruptionBudget. @default - none */
  readonly maxUnavailable?: number;
  /**
   * Run as Pod Security "restricted" admits, as uid/gid 65532 (the image sets no user; Traefik's
   * own Helm chart runs it so), read-only root file system with /tmp and /data writable. Traefik v2
   * and v3 then listen on 8000 behind the Service's port 80: a non-root process cannot bind port 80.
   * @default false
   */
  readonly restricted?: boolean;
}

/** How Traefik runs restricted (docs/facts.md#image-users). */
export const TRAEFIK_RESTRICTED_RUN: RestrictedRun = { user: 65532, group: 65532, writablePaths: ['/tmp', '/data'] };

/** Controller name of Traefik's IngressClass (docs/facts.md#traefik-v3-flags-and-rbac). */
export const TRAEFIK_INGRESS_CONTROLLER = 'traefik.io/ingress-controller';
/** Controller name of Traefik's GatewayClass (docs/facts.md#traefik-v3-flags-and-rbac). */
export const TRAEFIK_GATEWAY_CONTROLLER = 'traefik.io/gateway-controller';

const HTTP_PORT = 80;
/** Container port of the HTTP entrypoint when Traefik v2 or v3 runs as a non-root user. */
const UNPRIVILEGED_HTTP_PORT = 8000;
const HTTPS_PORT = 443;
/** Container port of the HTTPS entrypoint when Traefik runs as a non-root user. */
const UNPRIVILEGED_HTTPS_PORT = 8443;
const DASHBOARD_PORT = 8080;
/** Traefik's name of its HTTP entry point, and of the Gateway listener on it. */
const WEB_ENTRY_POINT = 'web';
/** Label the API server sets on every Namespace to its name (Kubernetes >= 1.21). */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

interface ArgsInput {
  readonly httpPort: number;
  /** Container port of the HTTPS entry point, when there is one. */
  readonly httpsPort: number | undefined;
  readonly dashboard: boolean;
  readonly routing: TraefikRouting;
  readonly ingressClass: string;
}

function v1Args(input: ArgsInput): string[] {
  return [...(input.dashboard ? ['--api'] : []), '--kubernetes', '--logLevel=INFO', '--ping'];
}

/** The `websecure` entry point, TLS on every router attached to it. */
function httpsArgs(input: ArgsInput): string[] {
  return input.httpsPort === undefined ? [] : [`--entrypoints.websecure.address=:${input.httpsPort}`, '--entrypoints.websecure.http.tls=true'];
}

function v2Args(input: ArgsInput): string[] {
  return [
    '--providers.kubernetesingress',
    `--entrypoints.web.address=:${input.httpPort}`,
    ...httpsArgs(input),
    `--entrypoints.traefik.address=:${DASHBOARD_PORT}`,
    ...(input.dashboard ? ['--api.insecure=true', '--api.dashboard=true'] : []),
    '--ping=true',
    '--log.level=INFO',
  ];
}

function v3Args(input: ArgsInput): string[] {
  const provider = input.routing === 'gateway'
    ? ['--providers.kubernetesgateway=true']
    // Only its own IngressClass: another Traefik in the cluster (k3s's) keeps its Ingresses.
    : ['--providers.kubernetesingress=true', `--providers.kubernetesingress.ingressclass=${input.ingressClass}`];
  return [
    ...provider,
    `--entrypoints.${WEB_ENTRY_POINT}.address=:${input.httpPort}`,
    ...httpsArgs(input),
    `--entrypoints.traefik.address=:${DASHBOARD_PORT}`,
    ...(input.dashboard ? ['--api.insecure=true', '--api.dashboard=true'] : []),
    '--ping=true',
    '--log.level=INFO',
  ];
}

const ARGS: Readonly<Record<TraefikGeneration, (input: ArgsInput) => string[]>> = { v1: v1Args, v2: v2Args, v3: v3Args };

const READ = ['get', 'list', 'watch'];

/**
 * What each line reads (docs/facts.md#traefik-17-configuration-and-rbac,
 * docs/facts.md#traefik-v3-flags-and-rbac): never a wildcard, never a write but status.
 */
function rbacRules(generation: TraefikGeneration, routing: TraefikRouting): k8s.PolicyRule[] {
  if (generation === 'v3' && routing === 'gateway') {
    // What Traefik v3.7's kubernetesGateway provider watches (pkg/provider/kubernetes/gateway/client.go):
    // it lists GRPCRoutes, TLSRoutes and BackendTLSPolicies too, and waits for every list to succeed.
    const gatewayResources = ['gatewayclasses', 'gateways', 'httproutes', 'grpcroutes', 'tlsroutes', 'referencegrants', 'backendtlspolicies'];
    return [
      { apiGroups: [''], resources: ['namespaces'], verbs: ['list', 'watch'] },
      { apiGroups: [''], resources: ['services', 'secrets', 'configmaps'], verbs: READ },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      { apiGroups: [GATEWAY_API_GROUP], resources: gatewayResources, verbs: READ },
      { apiGroups: [GATEWAY_API_GROUP], resources: gatewayResources.map((r) => `${r}/status`), verbs: ['update'] },
    ];
  }
  if (generation === 'v3') {
    // Traefik v3.1+ reads endpoints through EndpointSlices and nodes (NodePort load balancing);
    // v3 lists Ingresses only through networking.k8s.io/v1.
    return [
      { apiGroups: [''], resources: ['services', 'secrets', 'nodes'], verbs: READ },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingressclasses'], verbs: READ },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses/status'], verbs: ['update'] },
    ];
  }
  // Traefik 1.7 lists Ingresses through `extensions`; the same objects are served under
  // `networking.k8s.io` too, so both groups are readable.
  const ingressResources = generation === 'v1' ? ['ingresses'] : ['ingresses', 'ingressclasses'];
  return [
    { apiGroups: [''], resources: ['services', 'endpoints', 'secrets'], verbs: READ },
    { apiGroups: ['extensions', 'networking.k8s.io'], resources: ingressResources, verbs: READ },
    { apiGroups: ['extensions', 'networking.k8s.io'], resources: ['ingresses/status'], verbs: ['update'] },
  ];
}

/**
 * The Traefik ingress controller: ServiceAccount, read-only ClusterRole and its binding,
 * a replicated Deployment with /ping probes, a NodePort Service for HTTP (and the dashboard
 * when asked for), and what routes name: an IngressClass (v2, v3) or, with `routing: 'gateway'`,
 * a GatewayClass and a Gateway whose HTTP listener is Traefik's web entry point.
 *
 * @example
 * const traefik = new Traefik(chart, 'Traefik');            // Traefik v3, Ingresses, no dashboard
 * new StatelessApp(chart, 'Web', {
 *   name: 'web', image: 'nginx:1.27', port: 80,
 *   route: { host: 'www.example.com', controller: traefik },
 * });
 */
export class Traefik extends Component implements IngressController {
  /** Traefik line (`v1`, `v2` or `v3`). */
  public readonly generation: TraefikGeneration;
  /** Ingress class routed Ingresses name. */
  public readonly ingressClass: string;
  /** Ingresses name the class by `spec.ingressClassName` (v2, v3) or by annotation (1.7 predates IngressClass). */
  public readonly classReference: 'ingressClassName' | 'annotation';
  /** How routes through this controller are written. */
  public readonly routing: TraefikRouting;
  /** The Gateway listener routes attach to as HTTPRoutes, with `routing: 'gateway'`. */
  public readonly gatewayListener: RouteGateway | undefined;
  /** Name of the NodePort Service. */
  public readonly serviceName: string;
  /** ServiceAccount the controller reads Ingresses with. */
  public readonly serviceAccountName: string;
  /** Node port of the HTTP entrypoint. */
  public readonly httpNodePort: number;
  /** Node port of the HTTPS entry point, when there is one. */
  public readonly httpsNodePort: number | undefined;
  /** Node port of the dashboard, when one is served. */
  public readonly dashboardNodePort: number | undefined;
  /** Whether the API and dashboard are served, and how. */
  public readonly dashboard: TraefikDashboard;
  /** Number of controller pods. */
  public readonly replicas: number;
  /** The ServiceAccount the controller runs as. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The ClusterRole of what it reads (and the status it writes). */
  public readonly clusterRole: k8s.KubeClusterRole;
  /** The binding of the ClusterRole to the ServiceAccount. */
  public readonly clusterRoleBinding: k8s.KubeClusterRoleBinding;
  /** The controller's Deployment. */
  public readonly deployment: k8s.KubeDeployment;
  /** The NodePort Service. */
  public readonly service: k8s.KubeService;
  /** The PodDisruptionBudget of `maxUnavailable`; undefined without it. */
  public readonly podDisruptionBudget: k8s.KubePodDisruptionBudget | undefined;
  /** The IngressClass routed Ingresses name (v2, v3 with Ingress routing); undefined otherwise. */
  public readonly ingressClassObject: k8s.KubeIngressClass | undefined;
  /** The GatewayClass of Traefik's Gateway controller, with `routing: 'gateway'`; undefined otherwise. */
  public readonly gatewayClass: GatewayClass | undefined;
  /** The Gateway routes attach to, with `routing: 'gateway'`; undefined otherwise. */
  public readonly gateway: Gateway | undefined;

  /** Traefik deploys with the chart: it is the controller component routes connect from. */
  public get controllerComponent(): Component {
    return this;
  }

  constructor(scope: Construct, id: string, props: TraefikProps = {}) {
    super(scope, id, props.name ?? 'traefik', props.namespace ?? 'default');
    const generation = props.generation ?? 'v3';
    const dashboard = props.dashboard ?? 'off';
    const routing = props.routing ?? 'ingress';
    const checker = new PropChecker(`Traefik ${this.componentName}`, this.node.path)
      .oneOf('generation', props.generation, TRAEFIK_GENERATIONS)
      .image('image', props.image)
      .name('name', props.name)
      .namespace('namespace', props.namespace)
      .replicas('replicas', props.replicas)
      .oneOf('spreading', props.spreading, NODE_SPREADING_VALUES)
      .oneOf('dashboard', props.dashboard, TRAEFIK_DASHBOARDS)
      .oneOf('routing', props.routing, TRAEFIK_ROUTINGS)
      .nodePort('httpNodePort', props.httpNodePort)
      .nodePort('httpsNodePort', props.httpsNodePort)
      .nodePort('dashboardNodePort', props.dashboardNodePort)
      .require(props.httpsNodePort === undefined || (generation !== 'v1' && routing === 'ingress'), `httpsNodePort ${props.httpsNodePort} needs generation v2 or v3 with routing "ingress" (got generation "${generation}", routing "${routing}"); allowed: no httpsNodePort`)
      .require(props.httpsNodePort === undefined || ![props.httpNodePort ?? 30021, props.dashboardNodePort].includes(props.httpsNodePort), `httpsNodePort ${props.httpsNodePort} is taken by another port of this Traefik; allowed: a node port of its own`)
      .require(props.dashboardNodePort === undefined || dashboard === 'unauthenticated', `dashboardNodePort ${props.dashboardNodePort} needs a dashboard; allowed: dashboard 'unauthenticated' with it, or no dashboardNodePort`)
      .require(props.httpNodePort === undefined || props.httpNodePort !== props.dashboardNodePort, 'httpNodePort and dashboardNodePort must differ')
      .require(routing !== 'gateway' || generation === 'v3', `routing "gateway" needs generation "v3" (Traefik's kubernetesGateway provider); got generation "${generation}"`)
      .name('ingressClass', props.ingressClass);
    checkMaxUnavailable(checker, 'maxUnavailable', props.maxUnavailable, props.replicas ?? 2);
    checkResources(checker, 'resources', props.resources).done();
    this.generation = generation;
    this.dashboard = dashboard;
    this.routing = routing;
    this.ingressClass = props.ingressClass ?? 'traefik';
    this.classReference = generation === 'v1' ? 'annotation' : 'ingressClassName';
    this.serviceName = this.componentName;
    this.serviceAccountName = `${this.componentName}-ingress-controller`;
    this.httpNodePort = props.httpNodePort ?? 30021;
    this.dashboardNodePort = dashboard === 'unauthenticated' ? props.dashboardNodePort ?? 30042 : undefined;
    this.replicas = props.replicas ?? 2;
    const labels = this.selectorLabels;
    // Traefik 1.7 keeps port 80 (the pod then allows unprivileged low ports); v2 and v3 move to a high port.
    const httpContainerPort = props.restricted && generation !== 'v1' ? UNPRIVILEGED_HTTP_PORT : HTTP_PORT;
    const httpsContainerPort = props.httpsNodePort === undefined ? undefined : props.restricted ? UNPRIVILEGED_HTTPS_PORT : HTTPS_PORT;
    this.httpsNodePort = props.httpsNodePort;
    // It watches Ingresses (or Gateway API routes), Services and endpoints through the API server.
    this.connectToKubernetesApi();
    this.expose({ kind: 'nodePort', portName: 'http', port: HTTP_PORT, nodePort: this.httpNodePort, targetPort: httpContainerPort });
    if (props.httpsNodePort !== undefined) this.expose({ kind: 'nodePort', portName: 'https', port: HTTPS_PORT, nodePort: props.httpsNodePort, targetPort: httpsContainerPort });
    if (this.dashboardNodePort !== undefined) this.expose({ kind: 'nodePort', portName: 'admin', port: DASHBOARD_PORT, nodePort: this.dashboardNodePort });

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.serviceAccountName, namespace: this.namespace, labels },
    });
    this.clusterRole = new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: this.serviceAccountName, labels },
      rules: rbacRules(generation, routing),
    });
    this.clusterRoleBinding = new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: this.serviceAccountName, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: this.clusterRole.name },
      subjects: [{ kind: 'ServiceAccount', name: this.serviceAccountName, namespace: this.namespace }],
    });

    const ping = HealthCheck.http('/ping', DASHBOARD_PORT);
    this.deployment = new k8s.KubeDeployment(this, 'Deployment', deploymentProps({
      name: this.componentName,
      namespace: this.namespace,
      podLabels: labels,
      replicas: this.replicas,
      spreading: props.spreading ?? 'required',
      serviceAccountName: this.serviceAccountName,
      terminationGracePeriodSeconds: 60,
      containers: [{
        name: this.componentName,
        image: props.image ?? TRAEFIK_IMAGES[generation],
        args: ARGS[generation]({ httpPort: httpContainerPort, httpsPort: httpsContainerPort, dashboard: dashboard === 'unauthenticated', routing, ingressClass: this.ingressClass }),
        ports: [
          { name: 'http', containerPort: httpContainerPort },
          ...(httpsContainerPort === undefined ? [] : [{ name: 'https', containerPort: httpsContainerPort }]),
          { name: 'admin', containerPort: DASHBOARD_PORT },
        ],
        resources: resourceRequirements(props.resources),
        readinessProbe: ping.toProbe(),
        livenessProbe: ping.withInitialDelay(15).toProbe(),
      }],
      // The only pod that needs its ServiceAccount token: it reads the API.
      restricted: props.restricted ? TRAEFIK_RESTRICTED_RUN : undefined,
      automountServiceAccountToken: props.restricted ? true : undefined,
    }));
    this.podDisruptionBudget = props.maxUnavailable === undefined ? undefined : disruptionBudget(this, this.componentName, this.namespace, labels, props.maxUnavailable);

    this.service = new k8s.KubeService(this, 'Service', serviceProps({
      name: this.serviceName,
      namespace: this.namespace,
      selector: labels,
      type: 'NodePort',
      ports: [
        { name: 'http', port: HTTP_PORT, targetPort: httpContainerPort, nodePort: this.httpNodePort },
        ...(props.httpsNodePort === undefined ? [] : [{ name: 'https', port: HTTPS_PORT, targetPort: httpsContainerPort, nodePort: props.httpsNodePort }]),
        ...(this.dashboardNodePort === undefined ? [] : [{ name: 'admin', port: DASHBOARD_PORT, nodePort: this.dashboardNodePort }]),
      ],
    }));

    // An Ingress of this class with TLS needs an entry point that speaks TLS: on `web` Traefik
    // would answer HTTPS on port 80. Checked when the app is written, after every route exists.
    this.node.addValidation({
      validate: () => (this.httpsNodePort !== undefined || this.classReference !== 'ingressClassName' ? [] : this.tlsIngressesOfClass().map((name) =>
        `Traefik ${this.componentName}: Ingress "${name}" asks for TLS (route.tlsSecretName) but this Traefik has no HTTPS entry point; allowed: give the Traefik httpsNodePort (e.g. 30443), or drop the route's tlsSecretName`)),
    });

    if (routing === 'gateway') {
      this.gatewayClass = new GatewayClass(this, 'GatewayClass', {
        metadata: { name: this.componentName, labels },
        spec: { controllerName: TRAEFIK_GATEWAY_CONTROLLER },
      });
      const gateway = this.addGateway(this.gatewayClass, httpContainerPort, labels);
      this.gateway = gateway.gateway;
      this.gatewayListener = gateway.listener;
    } else if (this.classReference === 'ingressClassName') {
      this.ingressClassObject = new k8s.KubeIngressClass(this, 'IngressClass', {
        metadata: { name: this.ingressClass, labels },
        spec: { controller: TRAEFIK_INGRESS_CONTROLLER },
      });
    }
  }

  /** Names of the Ingresses of the whole app that name this controller's class and ask for TLS. */
  private tlsIngressesOfClass(): string[] {
    return this.node.root.node.findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'Ingress')
      .filter((ingress) => {
        const spec = (ingress.toJson() as { spec?: { ingressClassName?: string; tls?: unknown[] } }).spec;
        return spec?.ingressClassName === this.ingressClass && (spec.tls?.length ?? 0) > 0;
      })
      .map((ingress) => ingress.name);
  }

  /**
   * The Gateway routes attach to: one HTTP listener on the web entry point's container port
   * (Traefik maps a listener to the entry point listening on its port), admitting routes of the
   * namespaces that routes are added from.
   */
  private addGateway(gatewayClass: GatewayClass, httpContainerPort: number, labels: Record<string, string>): { gateway: Gateway; listener: RouteGateway } {
    const routeNamespaces: string[] = [];
    const gatewayNamespace = this.namespace;
    const admitted = (): GatewayRouteNamespaces => {
      const others = [...new Set(routeNamespaces)].filter((n) => n !== gatewayNamespace).sort();
      if (others.length === 0) return { from: 'Same' };
      return { from: 'Selector', selector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: [...new Set([gatewayNamespace, ...others])].sort() }] } };
    };
    const gateway = new Gateway(this, 'Gateway', {
      metadata: { name: this.componentName, namespace: gatewayNamespace, labels },
      spec: {
        gatewayClassName: gatewayClass.name,
        listeners: [{
          name: WEB_ENTRY_POINT,
          port: httpContainerPort,
          protocol: 'HTTP',
          // Resolved at synth: routes are added after the controller.
          allowedRoutes: { namespaces: Lazy.any({ produce: admitted }) as unknown as GatewayRouteNamespaces },
        }],
      },
    });
    const listener: RouteGateway = {
      gatewayName: gateway.name,
      gatewayNamespace,
      listenerName: WEB_ENTRY_POINT,
      admitRoutesFrom: (namespace: string) => {
        routeNamespaces.push(namespace);
      },
    };
    return { gateway, listener };
  }
}
