import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { Component } from './component';
import { HealthCheck } from './health-check';
import type { IngressController } from './stateless-app';
import { NODE_SPREADING_VALUES, NodeSpreading } from './placement';
import { PropChecker } from '../validation/prop-checker';
import { checkMaxUnavailable, checkResources, ContainerResources, deploymentProps, disruptionBudget, resourceRequirements, RestrictedRun, serviceProps } from './workload-parts';

/**
 * Traefik major line.
 * - `v1`: Traefik 1.7, as the spec asks; reads Ingresses only through `extensions/v1beta1`,
 *   which Kubernetes stopped serving in 1.22 (docs/facts.md#traefik-17-routes-nothing-on-kubernetes-122-and-later), so it routes on clusters up to 1.21.
 * - `v2`: Traefik 2.x (>= 2.5), reads `networking.k8s.io/v1` Ingresses; routes on current clusters.
 */
export type TraefikGeneration = 'v1' | 'v2';

/** Allowed values of {@link TraefikGeneration}. */
export const TRAEFIK_GENERATIONS: readonly TraefikGeneration[] = ['v1', 'v2'];

/** Default image of each generation. */
export const TRAEFIK_IMAGES: Readonly<Record<TraefikGeneration, string>> = {
  v1: 'traefik:1.7',
  v2: 'traefik:v2.11',
};

/** Props of {@link Traefik}. */
export interface TraefikProps {
  /** Traefik line, which decides the args and RBAC rules. @default 'v1' */
  readonly generation?: TraefikGeneration;
  /** Container image. @default - TRAEFIK_IMAGES[generation] */
  readonly image?: string;
  /** Component name: Deployment, Service and RBAC object names, file stem. @default 'traefik' */
  readonly name?: string;
  /** Namespace of the controller. @default 'kube-public' */
  readonly namespace?: string;
  /** Number of controller pods. @default 2 */
  readonly replicas?: number;
  /** How replicas spread over nodes. @default 'required' */
  readonly spreading?: NodeSpreading;
  /** Node port of the HTTP entrypoint (container port 80). @default 30021 */
  readonly httpNodePort?: number;
  /** Node port of the dashboard/API (container port 8080). @default 30042 */
  readonly dashboardNodePort?: number;
  /** Ingress class the controller serves (`kubernetes.io/ingress.class`). @default 'traefik' */
  readonly ingressClass?: string;
  /** CPU and memory requests and limits of each controller pod. @default - none */
  readonly resources?: ContainerResources;
  /** At most this many controller pods down at once through drains: a PodDisruptionBudget. @default - none */
  readonly maxUnavailable?: number;
  /**
   * Run as Pod Security "restricted" admits, as uid/gid 65532 (the image sets no user; Traefik's
   * own Helm chart runs it so), read-only root file system with /tmp and /data writable. Traefik v2
   * then listens on 8000 behind the Service's port 80: a non-root process cannot bind port 80.
   * @default false
   */
  readonly restricted?: boolean;
}

/** How Traefik runs restricted (docs/facts.md#image-users). */
export const TRAEFIK_RESTRICTED_RUN: RestrictedRun = { user: 65532, group: 65532, writablePaths: ['/tmp', '/data'] };

const HTTP_PORT = 80;
/** Container port of the HTTP entrypoint when Traefik v2 runs as a non-root user. */
const UNPRIVILEGED_HTTP_PORT = 8000;
const DASHBOARD_PORT = 8080;

const V1_ARGS = ['--api', '--kubernetes', '--logLevel=INFO', '--ping'];
function v2Args(httpPort: number): string[] {
  return [
    '--providers.kubernetesingress',
    `--entrypoints.web.address=:${httpPort}`,
    `--entrypoints.traefik.address=:${DASHBOARD_PORT}`,
    '--api.insecure=true',
    '--api.dashboard=true',
    '--ping=true',
    '--log.level=INFO',
  ];
}

const READ = ['get', 'list', 'watch'];

function rbacRules(generation: TraefikGeneration): k8s.PolicyRule[] {
  // Traefik 1.7 lists Ingresses through `extensions`; the same objects are served under
  // `networking.k8s.io` too, so both groups are readable (never a wildcard).
  const ingressResources = generation === 'v1' ? ['ingresses'] : ['ingresses', 'ingressclasses'];
  return [
    { apiGroups: [''], resources: ['services', 'endpoints', 'secrets'], verbs: READ },
    { apiGroups: ['extensions', 'networking.k8s.io'], resources: ingressResources, verbs: READ },
    { apiGroups: ['extensions', 'networking.k8s.io'], resources: ['ingresses/status'], verbs: ['update'] },
  ];
}

/**
 * The Traefik ingress controller: ServiceAccount, read-only ClusterRole and its binding,
 * a replicated Deployment with /ping probes, and a NodePort Service for HTTP and dashboard.
 *
 * @example
 * const traefik = new Traefik(chart, 'Traefik', { generation: 'v2' });
 * new StatelessApp(chart, 'Web', {
 *   name: 'web', image: 'nginx:1.27', port: 80,
 *   route: { host: 'www.example.com', controller: traefik },
 * });
 */
export class Traefik extends Component implements IngressController {
  /** Traefik line (`v1` or `v2`). */
  public readonly generation: TraefikGeneration;
  /** Ingress class to annotate routed Ingresses with. */
  public readonly ingressClass: string;
  /** Name of the NodePort Service. */
  public readonly serviceName: string;
  /** ServiceAccount the controller reads Ingresses with. */
  public readonly serviceAccountName: string;
  /** Node port of the HTTP entrypoint. */
  public readonly httpNodePort: number;
  /** Node port of the dashboard. */
  public readonly dashboardNodePort: number;
  /** Number of controller pods. */
  public readonly replicas: number;

  /** Traefik deploys with the chart: it is the controller component routes connect from. */
  public get controllerComponent(): Component {
    return this;
  }

  constructor(scope: Construct, id: string, props: TraefikProps = {}) {
    super(scope, id, props.name ?? 'traefik', props.namespace ?? 'kube-public');
    const checker = new PropChecker(`Traefik ${this.componentName}`)
      .oneOf('generation', props.generation, TRAEFIK_GENERATIONS)
      .image('image', props.image)
      .name('name', props.name)
      .namespace('namespace', props.namespace)
      .replicas('replicas', props.replicas)
      .oneOf('spreading', props.spreading, NODE_SPREADING_VALUES)
      .nodePort('httpNodePort', props.httpNodePort)
      .nodePort('dashboardNodePort', props.dashboardNodePort)
      .require(props.httpNodePort === undefined || props.httpNodePort !== props.dashboardNodePort, 'httpNodePort and dashboardNodePort must differ')
      .name('ingressClass', props.ingressClass);
    checkMaxUnavailable(checker, 'maxUnavailable', props.maxUnavailable, props.replicas ?? 2);
    checkResources(checker, 'resources', props.resources).done();
    this.generation = props.generation ?? 'v1';
    this.ingressClass = props.ingressClass ?? 'traefik';
    this.serviceName = this.componentName;
    this.serviceAccountName = `${this.componentName}-ingress-controller`;
    this.httpNodePort = props.httpNodePort ?? 30021;
    this.dashboardNodePort = props.dashboardNodePort ?? 30042;
    this.replicas = props.replicas ?? 2;
    const labels = this.selectorLabels;
    // Traefik 1.7 keeps port 80 (the pod then allows unprivileged low ports); v2 moves to a high port.
    const httpContainerPort = props.restricted && this.generation === 'v2' ? UNPRIVILEGED_HTTP_PORT : HTTP_PORT;
    // It watches Ingresses, Services and Endpoints through the API server.
    this.connectToKubernetesApi();
    this.expose({ kind: 'nodePort', portName: 'http', port: HTTP_PORT, nodePort: this.httpNodePort, targetPort: httpContainerPort });
    this.expose({ kind: 'nodePort', portName: 'admin', port: DASHBOARD_PORT, nodePort: this.dashboardNodePort });

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.serviceAccountName, namespace: this.namespace, labels },
    });
    const role = new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: this.serviceAccountName, labels },
      rules: rbacRules(this.generation),
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: this.serviceAccountName, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.name },
      subjects: [{ kind: 'ServiceAccount', name: this.serviceAccountName, namespace: this.namespace }],
    });

    const ping = HealthCheck.http('/ping', DASHBOARD_PORT);
    new k8s.KubeDeployment(this, 'Deployment', deploymentProps({
      name: this.componentName,
      namespace: this.namespace,
      podLabels: labels,
      replicas: this.replicas,
      spreading: props.spreading ?? 'required',
      serviceAccountName: this.serviceAccountName,
      terminationGracePeriodSeconds: 60,
      containers: [{
        name: this.componentName,
        image: props.image ?? TRAEFIK_IMAGES[this.generation],
        args: this.generation === 'v1' ? V1_ARGS : v2Args(httpContainerPort),
        ports: [
          { name: 'http', containerPort: httpContainerPort },
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
    if (props.maxUnavailable !== undefined) disruptionBudget(this, this.componentName, this.namespace, labels, props.maxUnavailable);

    new k8s.KubeService(this, 'Service', serviceProps({
      name: this.serviceName,
      namespace: this.namespace,
      selector: labels,
      type: 'NodePort',
      ports: [
        { name: 'http', port: HTTP_PORT, targetPort: httpContainerPort, nodePort: this.httpNodePort },
        { name: 'admin', port: DASHBOARD_PORT, nodePort: this.dashboardNodePort },
      ],
    }));
  }
}
