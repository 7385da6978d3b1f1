/** Where a deployed stack is reached from outside the cluster, derived from its components' exposures. */
import { Chart } from 'cdk8s';
import { Component } from '../constructs/component';

/** One way in. */
export interface EntryPoint {
  /** Component reached. */
  readonly component: string;
  /** What is reached (`http`, `admin`, or the Ingress host). */
  readonly label: string;
  /** URL with `<node>` standing for a node's address when the way in is a node port. */
  readonly url: string;
  /** Host name the client must resolve (Ingress rules), for the /etc/hosts line. */
  readonly host?: string;
  /** True when a node's address must be put in the URL (node ports, routes through them). */
  readonly viaNode: boolean;
}

export const NODE_PLACEHOLDER = '<node>';

/**
 * Every entry point of `chart`: node ports as `http://<node>:<port>`, Ingress rules as
 * `http://<host>:<controller's http node port><path>` when the chart's own controller is reached
 * through a node port, else `http://<host><path>` through the cluster's controller.
 */
export function entryPoints(chart: Chart): EntryPoint[] {
  const points: EntryPoint[] = [];
  const components = chart.node.findAll().filter(Component.isComponent);
  for (const component of components) {
    for (const exposure of component.exposures) {
      if (exposure.kind === 'nodePort') {
        points.push({ component: component.componentName, label: exposure.portName, url: `http://${NODE_PLACEHOLDER}:${exposure.nodePort}`, viaNode: true });
        continue;
      }
      const controllerPort = exposure.controller?.exposures.find((e) => e.kind === 'nodePort' && e.portName === 'http');
      const port = controllerPort?.kind === 'nodePort' ? `:${controllerPort.nodePort}` : '';
      const path = exposure.path === '/' ? '' : exposure.path;
      points.push({
        component: component.componentName,
        label: exposure.host,
        url: `http://${exposure.host}${port}${path}`,
        host: exposure.host,
        viaNode: controllerPort !== undefined,
      });
    }
  }
  return points;
}
