import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Component } from '../constructs/component';
import { ConfigSource } from '../constructs/config-source';
import { StatelessApp } from '../constructs/stateless-app';

/** Port every generated service listens on (container port and Service port). */
export const GENERATED_PORT = 8080;

/** Name of the ConfigMap all generated services read from. */
export const SHARED_CONFIG_NAME = 'shared-config';

/** Key of the shared ConfigMap every generated service binds as LOG_LEVEL. */
export const SHARED_LOG_LEVEL_KEY = 'LOG_LEVEL';

/** Largest chart the generator builds (keeps names within DNS-1123 length and the run bounded). */
export const MAX_GENERATED_SIZE = 100_000;

/** Component name of service `index` (1-based) in a chart of `size` services: `svc-0001`, … */
export function generatedServiceName(index: number, size: number): string {
  const width = Math.max(4, String(size).length);
  return `svc-${String(index).padStart(width, '0')}`;
}

/** ConfigMap key holding the upstream URL of service `name` (`SVC_0001_UPSTREAM`). */
export function upstreamKey(name: string): string {
  return `${name.replace(/-/g, '_').toUpperCase()}_UPSTREAM`;
}

/** The shared ConfigMap as a component of its own, so the layout files it as `shared.configmap.yaml`. */
class SharedConfig extends Component {
  public readonly store: ConfigSource;

  constructor(scope: Construct, id: string, entries: Record<string, string>) {
    super(scope, id, 'shared', 'default');
    this.store = new ConfigSource(this, 'Config', {
      name: SHARED_CONFIG_NAME,
      namespace: this.namespace,
      kind: 'ConfigMap',
      labels: this.selectorLabels,
      entries,
    });
  }
}

/** A chart of `size` similar web services, built by {@link buildGeneratedChart}. */
export class GeneratedChart extends Chart {
  /** The ConfigMap every service reads. */
  public readonly config: ConfigSource;
  /** The services, in index order. */
  public readonly services: readonly StatelessApp[];

  constructor(scope: Construct, id: string, size: number) {
    super(scope, id, { disableResourceNameHashes: true });
    const names = Array.from({ length: size }, (_, i) => generatedServiceName(i + 1, size));
    const entries: Record<string, string> = { [SHARED_LOG_LEVEL_KEY]: 'info' };
    // Each service calls the previous one (the first calls the last): a key per service
    // makes the ConfigMap, like the rest of the output, grow with the chart.
    names.forEach((name, i) => {
      const upstream = names[(i + size - 1) % size];
      entries[upstreamKey(name)] = `http://${upstream}:${GENERATED_PORT}`;
    });
    this.config = new SharedConfig(this, 'Shared', entries).store;

    this.services = names.map((name) => new StatelessApp(this, name, {
      name,
      image: `registry.example.com/bench/${name}:1.0.0`,
      replicas: 2,
      resources: { limits: { memory: '128M' } },
      port: GENERATED_PORT,
      env: [this.config.bind(SHARED_LOG_LEVEL_KEY), this.config.bind(upstreamKey(name), 'UPSTREAM_URL')],
    }));
  }
}

/**
 * A synthetic chart for the scaling benchmark: `size` StatelessApps (Deployment with 2 replicas, a
 * port, and ClusterIP Service each), every one reading two keys of one shared ConfigMap
 * through {@link ConfigSource} references. Writes `2 × size + 1` files.
 */
export function buildGeneratedChart(app: App, size: number): GeneratedChart {
  if (!Number.isInteger(size) || size < 1 || size > MAX_GENERATED_SIZE) {
    throw new Error(`generated chart size must be an integer from 1 to ${MAX_GENERATED_SIZE}, got ${size}`);
  }
  return new GeneratedChart(app, `generated-${size}`, size);
}
