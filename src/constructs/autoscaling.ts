import * as k8s from '../../imports/k8s';
import { PropChecker } from '../validation/prop-checker';

/**
 * What a HorizontalPodAutoscaler keeps near its target: the pods' average use of a resource, as
 * a percentage of what their containers request (so the containers must request it).
 *
 * @example
 * new StatelessApp(chart, 'Api', {
 *   name: 'api', image: 'shop/api:1.0', port: 8080,
 *   resources: { requests: { cpu: '250m', memory: '256Mi' } },
 *   autoscaling: { minReplicas: 2, maxReplicas: 10, targets: [ScalingTarget.cpuUtilization(70)] },
 * });
 */
export class ScalingTarget {
  /** Average CPU use at `percent` of the requested CPU. */
  public static cpuUtilization(percent: number): ScalingTarget {
    return new ScalingTarget('cpu', percent);
  }

  /** Average memory use at `percent` of the requested memory. */
  public static memoryUtilization(percent: number): ScalingTarget {
    return new ScalingTarget('memory', percent);
  }

  private constructor(
    /** The resource measured: `cpu` or `memory`. */
    public readonly resource: 'cpu' | 'memory',
    /** Target average utilization, in percent of the request. */
    public readonly percent: number,
  ) {}

  /**
   * The autoscaling/v2 metric. Used by the constructs that autoscale; not part of the package API.
   * @internal
   */
  public _toMetric(): k8s.MetricSpecV2 {
    return { type: 'Resource', resource: { name: this.resource, target: { type: 'Utilization', averageUtilization: this.percent } } };
  }
}

/** How many replicas a HorizontalPodAutoscaler may run, and what it scales on. */
export interface Autoscaling {
  /** Fewest replicas. @default 1 */
  readonly minReplicas?: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /** What to keep near its target (at least one; at most one per resource). */
  readonly targets: readonly ScalingTarget[];
}

/**
 * Validates `autoscaling` under `prop`: bounds, targets, and that the container requests every
 * resource a target measures (utilization is a share of the request).
 */
export function checkAutoscaling(checker: PropChecker, prop: string, autoscaling: Autoscaling | undefined, requests: { readonly cpu?: string; readonly memory?: string } | undefined): PropChecker {
  if (!autoscaling) return checker;
  const min = autoscaling.minReplicas ?? 1;
  checker
    .replicas(`${prop}.minReplicas`, autoscaling.minReplicas)
    .replicas(`${prop}.maxReplicas`, autoscaling.maxReplicas)
    .require(!(Number.isInteger(min) && Number.isInteger(autoscaling.maxReplicas)) || autoscaling.maxReplicas >= min, `${prop}.maxReplicas ${autoscaling.maxReplicas} is invalid; allowed: at least minReplicas (${min})`)
    .require(autoscaling.targets.length > 0, `${prop}.targets [] is invalid; allowed: ScalingTarget.cpuUtilization(…) and/or ScalingTarget.memoryUtilization(…)`);
  const seen = new Set<string>();
  for (const [i, t] of autoscaling.targets.entries()) {
    checker
      .require(Number.isInteger(t.percent) && t.percent >= 1, `${prop}.targets[${i}] ${t.resource} utilization ${t.percent} is invalid; allowed: an integer percent >= 1`)
      .require(!seen.has(t.resource), `${prop}.targets[${i}] ${t.resource} is invalid: a second ${t.resource} target; allowed: one target per resource`)
      .require(requests?.[t.resource] !== undefined, `${prop}.targets[${i}] ${t.resource} utilization is invalid without resources.requests.${t.resource}; allowed: a target on a resource the container requests (utilization is a share of the request)`);
    seen.add(t.resource);
  }
  return checker;
}
