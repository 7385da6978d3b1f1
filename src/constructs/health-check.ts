import * as k8s from '../../imports/k8s';
import { PropChecker } from '../validation/prop-checker';

/** Timing of a health check. */
export interface HealthCheckTiming {
  /** Seconds after the container starts before the first check. @default 5 */
  readonly initialDelaySeconds?: number;
}

type HealthCheckAction =
  | { readonly kind: 'tcp'; readonly port: number }
  | { readonly kind: 'http'; readonly path: string; readonly port: number }
  | { readonly kind: 'command'; readonly command: readonly string[] };

const DEFAULT_INITIAL_DELAY_SECONDS = 5;
const PERIOD_SECONDS = 10;

/**
 * How Kubernetes decides a container is healthy: the one way every construct of this library
 * takes a readiness or liveness check.
 *
 * @example
 * const ready = HealthCheck.http('/healthz', 8080);
 * new StatelessApp(chart, 'Api', { name: 'api', image: 'shop/api:1.0', port: 8080,
 *   readiness: ready, liveness: ready.withInitialDelay(15) });
 */
export class HealthCheck {
  /** The port accepts TCP connections (servers without a health endpoint). */
  public static tcp(port: number, timing: HealthCheckTiming = {}): HealthCheck {
    return new HealthCheck({ kind: 'tcp', port }, timing.initialDelaySeconds ?? DEFAULT_INITIAL_DELAY_SECONDS);
  }

  /** GET `path` on `port` answers 2xx/3xx. */
  public static http(path: string, port: number, timing: HealthCheckTiming = {}): HealthCheck {
    return new HealthCheck({ kind: 'http', path, port }, timing.initialDelaySeconds ?? DEFAULT_INITIAL_DELAY_SECONDS);
  }

  /** `command` exits 0 inside the container (e.g. `pg_isready`, `redis-cli ping`). */
  public static command(command: readonly string[], timing: HealthCheckTiming = {}): HealthCheck {
    return new HealthCheck({ kind: 'command', command: [...command] }, timing.initialDelaySeconds ?? DEFAULT_INITIAL_DELAY_SECONDS);
  }

  private constructor(private readonly action: HealthCheckAction, public readonly initialDelaySeconds: number) {}

  /** The same check, first run after `seconds` (a liveness check usually waits longer than readiness). */
  public withInitialDelay(seconds: number): HealthCheck {
    return new HealthCheck(this.action, seconds);
  }

  /** The container port the check connects to; undefined for a command. */
  public get port(): number | undefined {
    return this.action.kind === 'command' ? undefined : this.action.port;
  }

  /**
   * Records every problem of this check under `prop`; `containerPorts` are the ports a tcp or
   * http check may target. Used by the constructs that take a check; not part of the package API.
   * @internal
   */
  public validate(checker: PropChecker, prop: string, containerPorts: readonly number[]): PropChecker {
    const delay = this.initialDelaySeconds;
    checker.require(Number.isInteger(delay) && delay >= 0, `${prop}.initialDelaySeconds ${delay} is invalid; allowed: an integer >= 0`);
    const action = this.action;
    if (action.kind === 'command') return checker.require(action.command.length > 0, `${prop}.command must not be empty`);
    checker
      .port(`${prop}.port`, action.port)
      .require(containerPorts.includes(action.port), `${prop}.port ${action.port} is not a container port; allowed: ${containerPorts.join(', ') || 'none (the container has no port)'}`);
    if (action.kind === 'http') checker.urlPath(`${prop}.path`, action.path);
    return checker;
  }

  /** The container probe. */
  public toProbe(): k8s.Probe {
    const timing = { initialDelaySeconds: this.initialDelaySeconds, periodSeconds: PERIOD_SECONDS };
    const action = this.action;
    switch (action.kind) {
      case 'tcp':
        return { tcpSocket: { port: k8s.IntOrString.fromNumber(action.port) }, ...timing };
      case 'http':
        return { httpGet: { path: action.path, port: k8s.IntOrString.fromNumber(action.port) }, ...timing, timeoutSeconds: 3, failureThreshold: 3 };
      case 'command':
        return { exec: { command: [...action.command] }, ...timing, timeoutSeconds: 5, failureThreshold: 6 };
    }
  }
}

/** Records the problems of an optional check under `prop`. */
export function checkHealthCheck(checker: PropChecker, prop: string, check: HealthCheck | undefined, containerPorts: readonly number[]): PropChecker {
  return check === undefined ? checker : check.validate(checker, prop, containerPorts);
}
