import * as k8s from '../../imports/k8s';
import { NodeSpreading, spreadAcrossNodes } from './placement';

/** What every Deployment of the library shares; the component supplies the container. */
export interface DeploymentParts {
  readonly name: string;
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly replicas: number;
  readonly containers: k8s.Container[];
  readonly volumes?: k8s.Volume[];
  /** `Recreate` for single-writer volumes; Kubernetes' RollingUpdate otherwise. */
  readonly strategy?: 'Recreate';
  /** Spread replicas over nodes; only applied when replicas > 1. */
  readonly spreading?: NodeSpreading;
  readonly serviceAccountName?: string;
  /** Service links inject `<SVC>_PORT=tcp://…` variables that break apps reading *_PORT as a number (FACTS.md). */
  readonly enableServiceLinks?: boolean;
  readonly terminationGracePeriodSeconds?: number;
}

/** Renders {@link DeploymentParts} as KubeDeployment props, `restartPolicy: Always` written explicitly. */
export function deploymentProps(parts: DeploymentParts): k8s.KubeDeploymentProps {
  const labels = { ...parts.podLabels };
  const spread = parts.replicas > 1 && parts.spreading ? spreadAcrossNodes(labels, parts.spreading) : undefined;
  return {
    metadata: { name: parts.name, namespace: parts.namespace, labels },
    spec: {
      replicas: parts.replicas,
      selector: { matchLabels: labels },
      strategy: parts.strategy ? { type: parts.strategy } : undefined,
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: parts.serviceAccountName,
          enableServiceLinks: parts.enableServiceLinks,
          affinity: spread,
          containers: parts.containers,
          volumes: parts.volumes,
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: parts.terminationGracePeriodSeconds,
        },
      },
    },
  };
}

/** One port of a Service. */
export interface ServicePortParts {
  readonly name: string;
  readonly port: number;
  /** Container port the traffic goes to. @default - same as port */
  readonly targetPort?: number;
  /** Fixed node port; makes sense only on a NodePort Service. @default - none */
  readonly nodePort?: number;
}

/** What a Service needs: who it selects and which ports. */
export interface ServiceParts {
  readonly name: string;
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: readonly ServicePortParts[];
  readonly type?: 'ClusterIP' | 'NodePort';
  /** Headless Service (clusterIP: None) for stateful members. @default false */
  readonly headless?: boolean;
}

/** Renders {@link ServiceParts} as KubeService props. */
export function serviceProps(parts: ServiceParts): k8s.KubeServiceProps {
  return {
    metadata: { name: parts.name, namespace: parts.namespace, labels: { ...parts.selector } },
    spec: {
      type: parts.type ?? 'ClusterIP',
      clusterIp: parts.headless ? 'None' : undefined,
      selector: { ...parts.selector },
      ports: parts.ports.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: k8s.IntOrString.fromNumber(p.targetPort ?? p.port),
        nodePort: p.nodePort,
        protocol: 'TCP',
      })),
    },
  };
}

/** A memory limit written exactly as given (the spec says `128M`, not `128Mi`). */
export function memoryLimit(limit: string | undefined): k8s.ResourceRequirements | undefined {
  return limit === undefined ? undefined : { limits: { memory: k8s.Quantity.fromString(limit) } };
}

/** A TCP probe on `port`, for containers that have no health endpoint. */
export function tcpProbe(port: number, initialDelaySeconds = 5): k8s.Probe {
  return { tcpSocket: { port: k8s.IntOrString.fromNumber(port) }, initialDelaySeconds, periodSeconds: 10 };
}

/** A probe that runs `command` inside the container. */
export function execProbe(command: string[], initialDelaySeconds: number): k8s.Probe {
  return { exec: { command }, initialDelaySeconds, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 };
}
