/**
 * Typed API objects of the Gateway API (`gateway.networking.k8s.io/v1`, standard channel), the
 * fields this library writes: GatewayClass, Gateway and HTTPRoute. Gateway API types are CRDs, not
 * part of Kubernetes: the cluster needs them installed first (`schemas/gateway-api/`, the v1.6.1
 * standard channel; docs/facts.md#gateway-api-crds-and-traefik-v37). Field names are the API's
 * own, so what is typed here is exactly what is written; test/constructs/gateway-api.test.ts
 * validates the output against the CRDs' openAPIV3Schema.
 */
import { ApiObject, ApiObjectMetadata, GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';

/** The API group of the Gateway API. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** Gateway API version of the CRDs the package ships (`schemas/gateway-api/`). */
export const GATEWAY_API_VERSION = 'v1.6.1';

/** A label selector (the Kubernetes `LabelSelector`, as the Gateway API embeds it). */
export interface GatewayLabelSelector {
  /** Labels that must all match. @default - none */
  readonly matchLabels?: Readonly<Record<string, string>>;
  /** Expressions that must all match. @default - none */
  readonly matchExpressions?: ReadonlyArray<{ readonly key: string; readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; readonly values?: readonly string[] }>;
}

/** `spec` of a GatewayClass. */
export interface GatewayClassSpec {
  /** The controller that manages Gateways of this class, e.g. `traefik.io/gateway-controller`. */
  readonly controllerName: string;
  /** What the class is for. @default - none */
  readonly description?: string;
}

/** Props of {@link GatewayClass}. */
export interface GatewayClassProps {
  /** Object metadata (a GatewayClass is cluster-scoped: no namespace). */
  readonly metadata: ApiObjectMetadata;
  /** The class's controller. */
  readonly spec: GatewayClassSpec;
}

/** A GatewayClass: a kind of Gateway, and the controller that implements it. */
export class GatewayClass extends ApiObject {
  /** apiVersion and kind of a GatewayClass. */
  public static readonly GVK: GroupVersionKind = { apiVersion: `${GATEWAY_API_GROUP}/v1`, kind: 'GatewayClass' };

  constructor(scope: Construct, id: string, props: GatewayClassProps) {
    super(scope, id, { ...GatewayClass.GVK, ...props });
  }
}

/** Which namespaces may attach routes to a listener. */
export interface GatewayRouteNamespaces {
  /** `Same` (the Gateway's namespace), `All`, or `Selector` (namespaces matching `selector`). @default 'Same' */
  readonly from?: 'All' | 'Same' | 'Selector';
  /** Namespaces allowed when `from` is `Selector`. @default - none */
  readonly selector?: GatewayLabelSelector;
}

/** A listener of a Gateway: a port and protocol routes attach to. */
export interface GatewayListener {
  /** Listener name, what a route's `parentRefs[].sectionName` names. */
  readonly name: string;
  /** Port the gateway's data plane listens on (for Traefik: the port of an entry point). */
  readonly port: number;
  /** Protocol: `HTTP` here. */
  readonly protocol: 'HTTP' | 'HTTPS' | 'TLS' | 'TCP' | 'UDP';
  /** Host names the listener accepts. @default - every host */
  readonly hostname?: string;
  /** Which routes may attach. @default - HTTPRoutes of the Gateway's own namespace */
  readonly allowedRoutes?: {
    readonly namespaces?: GatewayRouteNamespaces;
  };
}

/** `spec` of a Gateway. */
export interface GatewaySpec {
  /** Name of the GatewayClass this Gateway belongs to. */
  readonly gatewayClassName: string;
  /** Its listeners. */
  readonly listeners: readonly GatewayListener[];
}

/** Props of {@link Gateway}. */
export interface GatewayProps {
  /** Object metadata (namespaced). */
  readonly metadata: ApiObjectMetadata;
  /** Class and listeners. */
  readonly spec: GatewaySpec;
}

/** A Gateway: listeners of one GatewayClass's controller that routes attach to. */
export class Gateway extends ApiObject {
  /** apiVersion and kind of a Gateway. */
  public static readonly GVK: GroupVersionKind = { apiVersion: `${GATEWAY_API_GROUP}/v1`, kind: 'Gateway' };

  constructor(scope: Construct, id: string, props: GatewayProps) {
    super(scope, id, { ...Gateway.GVK, ...props });
  }
}

/** The Gateway listener a route attaches to. */
export interface HttpRouteParentRef {
  /** Name of the Gateway. */
  readonly name: string;
  /** Namespace of the Gateway. @default - the route's own namespace */
  readonly namespace?: string;
  /** Name of the listener. @default - every listener of the Gateway */
  readonly sectionName?: string;
}

/** A path match of an HTTPRoute rule. */
export interface HttpRouteMatch {
  /** The path to match. @default - prefix `/` */
  readonly path?: { readonly type: 'Exact' | 'PathPrefix' | 'RegularExpression'; readonly value: string };
}

/** A Service port an HTTPRoute rule sends requests to. */
export interface HttpRouteBackendRef {
  /** Service name (in the route's namespace). */
  readonly name: string;
  /** Service port. */
  readonly port: number;
}

/** One rule of an HTTPRoute: requests matching `matches` go to `backendRefs`. */
export interface HttpRouteRule {
  /** What requests the rule takes. @default - every request (prefix `/`) */
  readonly matches?: readonly HttpRouteMatch[];
  /** Where they go. */
  readonly backendRefs: readonly HttpRouteBackendRef[];
}

/** `spec` of an HTTPRoute. */
export interface HttpRouteSpec {
  /** The Gateway listeners the route attaches to. */
  readonly parentRefs: readonly HttpRouteParentRef[];
  /** Host names (the `Host` header) the route matches. @default - every host the listener accepts */
  readonly hostnames?: readonly string[];
  /** Its rules. */
  readonly rules: readonly HttpRouteRule[];
}

/** Props of {@link HttpRoute}. */
export interface HttpRouteProps {
  /** Object metadata (namespaced: the namespace of its backend Services). */
  readonly metadata: ApiObjectMetadata;
  /** Parents, hosts and rules. */
  readonly spec: HttpRouteSpec;
}

/** An HTTPRoute: HTTP requests for some hosts and paths, routed through a Gateway to Services. */
export class HttpRoute extends ApiObject {
  /** apiVersion and kind of an HTTPRoute. */
  public static readonly GVK: GroupVersionKind = { apiVersion: `${GATEWAY_API_GROUP}/v1`, kind: 'HTTPRoute' };

  constructor(scope: Construct, id: string, props: HttpRouteProps) {
    super(scope, id, { ...HttpRoute.GVK, ...props });
  }
}
