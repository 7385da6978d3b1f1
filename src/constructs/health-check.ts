import * as k8s from '../../imports/k8s';
import { PropChecker } from '../validation/prop-checker';
import { execProbe, httpProbe, tcpProbe } from './workload-parts';

/**
 * How Kubernetes decides a container is healthy, without writing a raw `k8s.Probe`:
 * - `tcp`: the port accepts connections (servers without a health endpoint);
 * - `http`: GET `path` answers 2xx/3xx;
 * - `exec`: `command` exits 0 inside the container.
 */
export type HealthCheck =
  | { readonly kind: 'tcp'; readonly port: number; readonly initialDelaySeconds?: number }
  | { readonly kind: 'http'; readonly path: string; readonly port: number; readonly initialDelaySeconds?: number }
  | { readonly kind: 'exec'; readonly command: readonly string[]; readonly initialDelaySeconds?: number };

/** Allowed values of `HealthCheck.kind`, for validation messages. */
export const HEALTH_CHECK_KINDS: readonly HealthCheck['kind'][] = ['tcp', 'http', 'exec'];

const DEFAULT_INITIAL_DELAY_SECONDS = 5;

/** Validates `check` under `prop`; `ports` are the container ports a tcp/http check may target. */
export function checkHealthCheck(checker: PropChecker, prop: string, check: HealthCheck | undefined, ports: readonly number[]): PropChecker {
  if (check === undefined) return checker;
  checker.oneOf(`${prop}.kind`, check.kind, HEALTH_CHECK_KINDS);
  const delay = check.initialDelaySeconds;
  checker.require(delay === undefined || (Number.isInteger(delay) && delay >= 0), `${prop}.initialDelaySeconds ${delay} is invalid; allowed: an integer >= 0`);
  if (check.kind === 'tcp' || check.kind === 'http') {
    checker.port(`${prop}.port`, check.port);
    checker.require(ports.includes(check.port), `${prop}.port ${check.port} is not a container port; allowed: ${ports.join(', ')}`);
  }
  if (check.kind === 'http') {
    checker.require(/^\/\S*$/.test(check.path), `${prop}.path "${check.path}" is invalid; allowed: an absolute URL path such as /healthz`);
  }
  if (check.kind === 'exec') checker.require(check.command.length > 0, `${prop}.command must not be empty`);
  return checker;
}

/** Renders a {@link HealthCheck} as a container probe. */
export function toProbe(check: HealthCheck): k8s.Probe {
  const delay = check.initialDelaySeconds ?? DEFAULT_INITIAL_DELAY_SECONDS;
  switch (check.kind) {
    case 'tcp':
      return tcpProbe(check.port, delay);
    case 'http':
      return httpProbe(check.path, check.port, delay);
    case 'exec':
      return execProbe([...check.command], delay);
  }
}
