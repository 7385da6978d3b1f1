import { Construct } from 'constructs';
import { HttpRoute } from './gateway-api';

/**
 * A Gateway listener that HTTPRoutes attach to, handed out by the controller that runs it
 * (`traefik.gateway` of a {@link Traefik} with `routing: 'gateway'`).
 */
export interface RouteGateway {
  /** Name of the Gateway. */
  readonly gatewayName: string;
  /** Namespace of the Gateway. */
  readonly gatewayNamespace: string;
  /** Name of the listener routes attach to (`parentRefs[].sectionName`). */
  readonly listenerName: string;
  /**
   * Lets the listener admit routes from `namespace`: a Gateway admits routes of its own namespace
   * only, unless its listener names the others (`allowedRoutes.namespaces`).
   */
  admitRoutesFrom(namespace: string): void;
}

/** What an HTTPRoute says: requests for `host` and `path` go to the Service port. */
export interface HttpRouteTarget {
  /** Route name (the component's name). */
  readonly name: string;
  /** Namespace of the route and of its Service. */
  readonly namespace: string;
  /** Labels of the route object. */
  readonly labels: Readonly<Record<string, string>>;
  /** Host name matched. */
  readonly host: string;
  /** Path prefix matched. */
  readonly path: string;
  /** Service the requests go to. */
  readonly serviceName: string;
  /** Its port. */
  readonly servicePort: number;
}

/**
 * Writes the HTTPRoute that attaches `target` to `gateway` (one per routed component, in
 * `<component>.httproute.yaml`), and lets the gateway admit the route's namespace.
 */
export function addHttpRoute(scope: Construct, gateway: RouteGateway, target: HttpRouteTarget): HttpRoute {
  gateway.admitRoutesFrom(target.namespace);
  return new HttpRoute(scope, 'HttpRoute', {
    metadata: { name: target.name, namespace: target.namespace, labels: { ...target.labels } },
    spec: {
      parentRefs: [{ name: gateway.gatewayName, namespace: gateway.gatewayNamespace, sectionName: gateway.listenerName }],
      hostnames: [target.host],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: target.path } }],
        backendRefs: [{ name: target.serviceName, port: target.servicePort }],
      }],
    },
  });
}
