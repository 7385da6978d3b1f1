/**
 * Schemas for APIs that an old cluster still serves but that no shipped schema describes.
 *
 * The v1beta1 Ingress matters most: Traefik 1.7 only reads extensions/v1beta1 Ingresses, so a
 * Bernstein hand-in for a 1.21 cluster uses them, and they deserve real validation. Other
 * removed APIs whose shape equals their successor's are validated against the successor.
 * Anything else served-but-unschematized is skipped with a note.
 */
import { JsonObject } from './types';

const META = { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' };
const INT_OR_STRING = { $ref: '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString' };
const LOCAL = 'local.legacy.networking.v1beta1';

/** extensions/v1beta1 and networking.k8s.io/v1beta1 Ingress as of Kubernetes 1.21. */
export const LEGACY_DEFINITIONS: Record<string, JsonObject> = {
  [`${LOCAL}.Ingress`]: {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string', enum: ['Ingress'] },
      metadata: META,
      spec: { $ref: `#/definitions/${LOCAL}.IngressSpec` },
      status: { type: 'object' },
    },
  },
  [`${LOCAL}.IngressSpec`]: {
    type: 'object',
    properties: {
      backend: { $ref: `#/definitions/${LOCAL}.IngressBackend` },
      ingressClassName: { type: 'string' },
      rules: { type: 'array', items: { $ref: `#/definitions/${LOCAL}.IngressRule` } },
      tls: {
        type: 'array',
        items: {
          type: 'object',
          properties: { hosts: { type: 'array', items: { type: 'string' } }, secretName: { type: 'string' } },
        },
      },
    },
  },
  [`${LOCAL}.IngressRule`]: {
    type: 'object',
    properties: {
      host: { type: 'string' },
      http: {
        type: 'object',
        required: ['paths'],
        properties: { paths: { type: 'array', items: { $ref: `#/definitions/${LOCAL}.HTTPIngressPath` } } },
      },
    },
  },
  [`${LOCAL}.HTTPIngressPath`]: {
    type: 'object',
    required: ['backend'],
    properties: {
      backend: { $ref: `#/definitions/${LOCAL}.IngressBackend` },
      path: { type: 'string' },
      pathType: { type: 'string', enum: ['Exact', 'Prefix', 'ImplementationSpecific'] },
    },
  },
  [`${LOCAL}.IngressBackend`]: {
    type: 'object',
    properties: {
      serviceName: { type: 'string' },
      servicePort: INT_OR_STRING,
      resource: { $ref: '#/definitions/io.k8s.api.core.v1.TypedLocalObjectReference' },
    },
  },
};

/** `apiVersion|kind` of the legacy definitions above. */
export const LEGACY_GVK: Record<string, string> = {
  'extensions/v1beta1|Ingress': `${LOCAL}.Ingress`,
  'networking.k8s.io/v1beta1|Ingress': `${LOCAL}.Ingress`,
};

/** Removed `apiVersion|kind` → successor whose schema has the same shape. */
export const SAME_SHAPE_SUCCESSOR: Record<string, string> = {
  'rbac.authorization.k8s.io/v1beta1|Role': 'rbac.authorization.k8s.io/v1|Role',
  'rbac.authorization.k8s.io/v1beta1|ClusterRole': 'rbac.authorization.k8s.io/v1|ClusterRole',
  'rbac.authorization.k8s.io/v1beta1|RoleBinding': 'rbac.authorization.k8s.io/v1|RoleBinding',
  'rbac.authorization.k8s.io/v1beta1|ClusterRoleBinding': 'rbac.authorization.k8s.io/v1|ClusterRoleBinding',
  'networking.k8s.io/v1beta1|IngressClass': 'networking.k8s.io/v1|IngressClass',
  'batch/v1beta1|CronJob': 'batch/v1|CronJob',
  'policy/v1beta1|PodDisruptionBudget': 'policy/v1|PodDisruptionBudget',
  'autoscaling/v2beta2|HorizontalPodAutoscaler': 'autoscaling/v2|HorizontalPodAutoscaler',
  'storage.k8s.io/v1beta1|StorageClass': 'storage.k8s.io/v1|StorageClass',
  'storage.k8s.io/v1beta1|CSIDriver': 'storage.k8s.io/v1|CSIDriver',
  'storage.k8s.io/v1beta1|CSIStorageCapacity': 'storage.k8s.io/v1|CSIStorageCapacity',
  'coordination.k8s.io/v1beta1|Lease': 'coordination.k8s.io/v1|Lease',
  'scheduling.k8s.io/v1beta1|PriorityClass': 'scheduling.k8s.io/v1|PriorityClass',
  'node.k8s.io/v1beta1|RuntimeClass': 'node.k8s.io/v1|RuntimeClass',
};

/**
 * Removed `apiVersion|kind` → its replacement, for kinds whose shape changed on the way (apps/v1
 * requires `selector`): the object is checked against the replacement, which is what the
 * `api.removed` fix meets.
 */
export const REPLACEMENT_SCHEMA: Record<string, string> = {
  'extensions/v1beta1|Deployment': 'apps/v1|Deployment',
  'extensions/v1beta1|DaemonSet': 'apps/v1|DaemonSet',
  'extensions/v1beta1|ReplicaSet': 'apps/v1|ReplicaSet',
  'extensions/v1beta1|NetworkPolicy': 'networking.k8s.io/v1|NetworkPolicy',
  'apps/v1beta1|Deployment': 'apps/v1|Deployment',
  'apps/v1beta1|StatefulSet': 'apps/v1|StatefulSet',
  'apps/v1beta2|Deployment': 'apps/v1|Deployment',
  'apps/v1beta2|DaemonSet': 'apps/v1|DaemonSet',
  'apps/v1beta2|ReplicaSet': 'apps/v1|ReplicaSet',
  'apps/v1beta2|StatefulSet': 'apps/v1|StatefulSet',
  'discovery.k8s.io/v1beta1|EndpointSlice': 'discovery.k8s.io/v1|EndpointSlice',
  'events.k8s.io/v1beta1|Event': 'events.k8s.io/v1|Event',
};
