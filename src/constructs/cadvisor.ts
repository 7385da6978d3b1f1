import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { Component } from './component';
import { PropChecker } from '../validation/prop-checker';
import { checkResources, ContainerResources, resourceRequirements } from './workload-parts';

/**
 * The container runtime of the nodes, which decides where cAdvisor finds the runtime's socket
 * (docs/facts.md#cadvisor-and-the-node-runtime):
 * - `containerd`: `/run/containerd/containerd.sock` (kubeadm, kind, EKS, GKE, AKS);
 * - `k3s`: k3s's embedded containerd, `/run/k3s/containerd/containerd.sock`;
 * - `crio`: CRI-O, whose socket `/var/run/crio/crio.sock` cAdvisor always reads (no flag).
 */
export type NodeRuntime = 'containerd' | 'k3s' | 'crio';

/** Allowed values of {@link NodeRuntime}. */
export const NODE_RUNTIMES: readonly NodeRuntime[] = ['containerd', 'k3s', 'crio'];

/** The containerd socket of each runtime that has one for the `--containerd` flag. */
export const CONTAINERD_SOCKETS: Readonly<Record<NodeRuntime, string | undefined>> = {
  containerd: '/run/containerd/containerd.sock',
  k3s: '/run/k3s/containerd/containerd.sock',
  crio: undefined,
};

/** Props of {@link Cadvisor}. */
export interface CadvisorProps {
  /** Container image. @default 'google/cadvisor:latest' (the spec's; v0.33, cgroup v1 only: docs/facts.md#cadvisor-googlecadvisorlatest-is-v033-and-fails-on-cgroup-v2) */
  readonly image?: string;
  /** Component name: DaemonSet name, file stem. @default 'cadvisor' */
  readonly name?: string;
  /** Namespace. @default 'kube-system' */
  readonly namespace?: string;
  /** Port of the web UI and metrics. @default 8080 */
  readonly port?: number;
  /**
   * Container runtime of the nodes: cAdvisor is told its socket (`--containerd=`), so it can name
   * the containers it measures. Not with `containerdSocket`.
   * @default - no flag: cAdvisor's own defaults (/run/containerd/containerd.sock, CRI-O's socket)
   */
  readonly nodeRuntime?: NodeRuntime;
  /**
   * containerd socket inside the container (the host's /var/run is mounted), for a runtime
   * {@link NodeRuntime} does not name. Not with `nodeRuntime`.
   * @default - the socket of `nodeRuntime`
   */
  readonly containerdSocket?: string;
  /** Run privileged with /dev/kmsg, as current cAdvisor releases expect for OOM events. @default false */
  readonly privileged?: boolean;
  /** CPU and memory requests and limits. @default - none */
  readonly resources?: ContainerResources;
}

/** Requests and limits of the official cAdvisor DaemonSet (google/cadvisor deploy/kubernetes/base/daemonset.yaml). */
export const CADVISOR_RESOURCES: ContainerResources = { requests: { cpu: '400m', memory: '400Mi' }, limits: { cpu: '800m', memory: '2000Mi' } };

/** Read-only host paths of the official cAdvisor DaemonSet (google/cadvisor deploy/kubernetes/base). */
const HOST_MOUNTS: ReadonlyArray<{ name: string; hostPath: string; mountPath: string }> = [
  { name: 'rootfs', hostPath: '/', mountPath: '/rootfs' },
  { name: 'var-run', hostPath: '/var/run', mountPath: '/var/run' },
  { name: 'sys', hostPath: '/sys', mountPath: '/sys' },
  { name: 'docker', hostPath: '/var/lib/docker', mountPath: '/var/lib/docker' },
  { name: 'disk', hostPath: '/dev/disk', mountPath: '/dev/disk' },
];

/**
 * cAdvisor on every node, control-plane included: a DaemonSet with the standard read-only host mounts.
 *
 * @example
 * new Cadvisor(chart, 'Cadvisor', { image: 'ghcr.io/google/cadvisor:0.54.0', privileged: true, nodeRuntime: 'containerd' });
 */
export class Cadvisor extends Component {
  /** Port of the web UI and metrics. */
  public readonly port: number;
  /** The DaemonSet running one pod per node. */
  public readonly daemonSet: k8s.KubeDaemonSet;

  constructor(scope: Construct, id: string, props: CadvisorProps = {}) {
    super(scope, id, props.name ?? 'cadvisor', props.namespace ?? 'kube-system');
    const checker = new PropChecker(`Cadvisor ${this.componentName}`, this.node.path)
      .image('image', props.image)
      .name('name', props.name)
      .namespace('namespace', props.namespace)
      .port('port', props.port)
      .oneOf('nodeRuntime', props.nodeRuntime, NODE_RUNTIMES)
      .require(props.containerdSocket === undefined || props.containerdSocket.startsWith('/'), `containerdSocket "${props.containerdSocket}" is invalid; allowed: an absolute path`)
      .require(props.containerdSocket === undefined || props.nodeRuntime === undefined, `containerdSocket "${props.containerdSocket}" and nodeRuntime "${props.nodeRuntime}" both name the socket; allowed: one of them`);
    checkResources(checker, 'resources', props.resources).done();
    this.port = props.port ?? 8080;
    const labels = this.selectorLabels;
    const mounts = props.privileged ? [...HOST_MOUNTS, { name: 'kmsg', hostPath: '/dev/kmsg', mountPath: '/dev/kmsg' }] : HOST_MOUNTS;
    const containerdSocket = props.containerdSocket ?? (props.nodeRuntime && CONTAINERD_SOCKETS[props.nodeRuntime]);
    const args = [
      ...(this.port === 8080 ? [] : [`--port=${this.port}`]),
      ...(containerdSocket ? [`--containerd=${containerdSocket}`] : []),
    ];

    this.daemonSet = new k8s.KubeDaemonSet(this, 'DaemonSet', {
      metadata: { name: this.componentName, namespace: this.namespace, labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            // Tolerating every taint is what "scheduled on all nodes" takes: control-plane
            // nodes carry NoSchedule taints that would otherwise keep the pod away.
            tolerations: [{ operator: 'Exists' }],
            automountServiceAccountToken: false,
            terminationGracePeriodSeconds: 30,
            containers: [{
              name: this.componentName,
              image: props.image ?? 'google/cadvisor:latest',
              args: args.length > 0 ? args : undefined,
              ports: [{ name: 'http', containerPort: this.port, protocol: 'TCP' }],
              resources: resourceRequirements(props.resources),
              securityContext: props.privileged ? { privileged: true } : undefined,
              volumeMounts: mounts.map((m) => ({ name: m.name, mountPath: m.mountPath, readOnly: m.name !== 'kmsg' })),
            }],
            volumes: mounts.map((m) => ({ name: m.name, hostPath: { path: m.hostPath } })),
            restartPolicy: 'Always',
          },
        },
      },
    });
  }
}
