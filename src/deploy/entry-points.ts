/** Where a deployed stack is reached from outside the cluster, derived from its components' exposures. */
import { Chart } from 'cdk8s';
import { Component } from '../constructs/component';
import { ManifestObject } from '../manifests';
import { asArray, asObject, asString } from '../manifests/json';

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

/**
 * The entry points of any folder of manifests, read from the objects themselves (what
 * {@link entryPoints} reads from a chart's construct tree): every NodePort Service port with a
 * fixed node port as `http://<node>:<port>`, every Ingress rule with a host as
 * `http://<host>[:<node port>]<path>`, through the folder's own ingress controller when one of
 * its Services publishes port 80 on a node port. `componentOf` names the component of a file.
 */
export function folderEntryPoints(objects: readonly ManifestObject[], componentOf: (file: string) => string): EntryPoint[] {
  const points: EntryPoint[] = [];
  const services = objects.filter((o) => o.kind === 'Service');
  let controllerPort: number | undefined;
  for (const service of services) {
    const spec = asObject(service.body.spec);
    if (asString(spec?.type) !== 'NodePort') continue;
    for (const port of asArray(spec?.ports)) {
      const p = asObject(port);
      const nodePort = p?.nodePort;
      if (typeof nodePort !== 'number') continue;
      if (p?.port === 80 && controllerPort === undefined) controllerPort = nodePort;
      points.push({ component: componentOf(service.file), label: asString(p?.name) ?? String(p?.port), url: `http://${NODE_PLACEHOLDER}:${nodePort}`, viaNode: true });
    }
  }
  for (const ingress of objects.filter((o) => o.kind === 'Ingress')) {
    for (const rule of asArray(asObject(ingress.body.spec)?.rules)) {
      const host = asString(asObject(rule)?.host);
      if (host === undefined) continue;
      for (const p of asArray(asObject(asObject(rule)?.http)?.paths)) {
        const route = asString(asObject(p)?.path) ?? '/';
        points.push({
          component: componentOf(ingress.file),
          label: host,
          url: `http://${host}${controllerPort !== undefined ? `:${controllerPort}` : ''}${route === '/' ? '' : route}`,
          host,
          viaNode: controllerPort !== undefined,
        });
      }
    }
  }
  return points;
}
