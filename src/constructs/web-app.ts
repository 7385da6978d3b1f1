import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { Component } from './component';
import { EnvBinding, toEnvVars } from './env-binding';
import { NODE_SPREADING_VALUES, NodeSpreading } from './placement';
import { PropChecker } from '../validation/prop-checker';
import { deploymentProps, memoryLimit, serviceProps, tcpProbe } from './workload-parts';

/** An HTTP route from an ingress controller to a {@link WebApp}. */
export interface WebRoute {
  /** Host name the controller matches, e.g. `poll.dop.io`. */
  readonly host: string;
  /** Value of the `kubernetes.io/ingress.class` annotation the controller reads. */
  readonly ingressClass: string;
  /** Path prefix. @default '/' */
  readonly path?: string;
}

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
  /** Port the container listens on; when set, a ClusterIP Service of the same name exposes it. @default - no port, no Service */
  readonly port?: number;
  /** Environment variables, each read from a ConfigMap or Secret key. @default - none */
  readonly env?: readonly EnvBinding[];
  /** Ingress route to the Service; needs `port`. @default - no Ingress */
  readonly route?: WebRoute;
  /** How replicas spread over nodes when replicas > 1. @default 'required' */
  readonly spreading?: NodeSpreading;
  /** Extra container arguments. @default - the image's own command */
  readonly args?: readonly string[];
}

/**
 * A stateless application: a Deployment, and when it listens on a port a Service and
 * optionally an Ingress. Serves poll and result (replicated, routed) and worker (no port).
 */
export class WebApp extends Component {
  /** The Service name, for clients; undefined when the app has no port. */
  public readonly serviceName: string | undefined;
  /** Port of the Service (and of the container). */
  public readonly port: number | undefined;
  public readonly replicas: number;

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id, props.name, props.namespace ?? 'default');
    new PropChecker(`WebApp ${props.name}`)
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
      .done();
    this.replicas = props.replicas ?? 1;
    this.port = props.port;

    const container: k8s.Container = {
      name: props.name,
      image: props.image,
      args: props.args ? [...props.args] : undefined,
      ports: props.port === undefined ? undefined : [{ name: 'http', containerPort: props.port }],
      env: props.env && props.env.length > 0 ? toEnvVars(props.env, `WebApp ${props.name}`) : undefined,
      resources: memoryLimit(props.memoryLimit),
      readinessProbe: props.port === undefined ? undefined : tcpProbe(props.port),
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
        ports: [{ name: 'http', port: props.port }],
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
}
