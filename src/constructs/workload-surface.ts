// What every workload of the library (StatelessApp, Job, CronJob) takes besides its image, and how
// it becomes container and pod fields: props in, recorded wiring and pod spec out.
import { ApiObject } from 'cdk8s';
import * as k8s from '../../imports/k8s';
import type { Component } from './component';
import type { ConfigSource } from './config-source';
import { containerEnv, EnvBinding, PodField } from './env-binding';
import type { ServiceAccount } from './service-account';
import type { Volume, VolumeMount } from './volume';
import { PropChecker } from '../validation/prop-checker';
import { checkResources, checkRestrictedRun, ContainerResources, PodParts, resourceRequirements, RestrictedRun } from './workload-parts';

/** When the kubelet pulls a container's image. */
export type ImagePullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** Allowed values of {@link ImagePullPolicy}. */
export const IMAGE_PULL_POLICIES: readonly ImagePullPolicy[] = ['Always', 'IfNotPresent', 'Never'];

/** What a container takes besides its image. */
export interface ContainerOptions {
  /** Container command; may use `$(NAME)` of its variables. @default - the image's entrypoint */
  readonly command?: readonly string[];
  /** Container arguments; may use `$(NAME)` of its variables. @default - the image's command */
  readonly args?: readonly string[];
  /**
   * Variables read from ConfigMap or Secret keys; a binding handed out by a server
   * (`postgres.connectionEnv()`) also records the connection to it, and from another namespace
   * makes the server write a copy of its settings into this one. @default - none
   */
  readonly env?: readonly EnvBinding[];
  /** Variables with literal values, set after `env` (so they may use `$(NAME)` of it). @default - none */
  readonly envValues?: Readonly<Record<string, string>>;
  /** Every key of each ConfigMap or Secret as a variable (`envFrom`); the read is recorded like a binding's. @default - none */
  readonly envFrom?: readonly ConfigSource[];
  /** Volumes mounted into the container. @default - none */
  readonly mounts?: readonly VolumeMount[];
  /** When the kubelet pulls the image. @default - Kubernetes' default (`Always` for `:latest` or no tag, `IfNotPresent` otherwise) */
  readonly imagePullPolicy?: ImagePullPolicy;
  /** CPU and memory requests and limits, written exactly as given. @default - none */
  readonly resources?: ContainerResources;
}

/** A container that runs to completion before the workload's own container starts (migrations, waiting for a server). */
export interface InitContainer extends ContainerOptions {
  /** Container name, unique in the pod. */
  readonly name: string;
  /** Container image reference. */
  readonly image: string;
}

/** What a workload's pods and objects take besides their container. */
export interface PodOptions {
  /** Containers run in order, each to completion, before the workload's container starts. @default - none */
  readonly initContainers?: readonly InitContainer[];
  /** Names of Secrets (type `kubernetes.io/dockerconfigjson`) holding credentials of private registries. @default - none */
  readonly imagePullSecrets?: readonly string[];
  /** The ServiceAccount the pods run as: `ServiceAccount.own()` or `ServiceAccount.existing(name)`. @default - the namespace's `default` account */
  readonly serviceAccount?: ServiceAccount;
  /** Mount the ServiceAccount's API token into the pods. @default - Kubernetes' default (mounted); not mounted when `restricted` */
  readonly automountServiceAccountToken?: boolean;
  /** Labels of the pods besides `app` (which Services and policies select on). @default - none */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Annotations of the pods (e.g. for a metrics scraper). @default - none */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** Labels added to every object the component writes, besides `app`. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations added to every object the component writes. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Nodes the pods may run on, by node label (e.g. `{ 'kubernetes.io/arch': 'arm64' }`). @default - any node */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Run as Pod Security "restricted" admits: as `restricted.user`, read-only root file system,
   * no capabilities, no ServiceAccount token (unless `automountServiceAccountToken`). An image
   * whose user is unknown needs one chosen. @default - the image's own user, unrestricted
   */
  readonly restricted?: RestrictedRun;
}

/** Validates `options` of the container `prop` (the workload's own container: prop ''). */
export function checkContainerOptions(checker: PropChecker, prop: string, options: ContainerOptions): PropChecker {
  const at = (name: string): string => (prop === '' ? name : `${prop}.${name}`);
  checker
    .oneOf(at('imagePullPolicy'), options.imagePullPolicy, IMAGE_PULL_POLICIES)
    .require(options.command === undefined || options.command.length > 0, `${at('command')} [] is invalid; allowed: at least the program, or no command for the image's entrypoint`);
  for (const name of Object.keys(options.envValues ?? {})) checker.envName(`${at('envValues')} name`, name);
  for (const [i, mount] of (options.mounts ?? []).entries()) {
    checker.absolutePath(`${at('mounts')}[${i}].path`, mount.path);
    if (mount.subPath !== undefined) {
      checker.require(!mount.subPath.startsWith('/') && !mount.subPath.split('/').includes('..') && mount.subPath !== '', `${at('mounts')}[${i}].subPath "${mount.subPath}" is invalid; allowed: a relative path inside the volume, without ".."`);
    }
  }
  const paths = (options.mounts ?? []).map((m) => m.path);
  checker.require(new Set(paths).size === paths.length, `${at('mounts')}: paths must differ; given: ${paths.join(', ')}`);
  return checkResources(checker, at('resources'), options.resources);
}

/** Validates the pod and object options of a workload. */
export function checkPodOptions(checker: PropChecker, options: PodOptions): PropChecker {
  for (const name of options.imagePullSecrets ?? []) checker.storageClassName('imagePullSecrets', name);
  const initNames = (options.initContainers ?? []).map((c) => c.name);
  for (const [i, init] of (options.initContainers ?? []).entries()) {
    checker.name(`initContainers[${i}].name`, init.name).image(`initContainers[${i}].image`, init.image);
    checkContainerOptions(checker, `initContainers[${i}]`, init);
  }
  checker.require(new Set(initNames).size === initNames.length, `initContainers: names must differ; given: ${initNames.join(', ')}`);
  for (const [prop, labels] of [['podLabels', options.podLabels], ['labels', options.labels]] as const) {
    checker.labels(prop, labels).require(!(labels && 'app' in labels), `${prop} key "app" is invalid; allowed: any other key (app is the component name, which selectors use)`);
  }
  checker.annotations('podAnnotations', options.podAnnotations).annotations('annotations', options.annotations).labels('nodeSelector', options.nodeSelector);
  return checkRestrictedRun(checker, 'restricted', options.restricted);
}

/** A rendered container and the pod volumes its mounts need. */
export interface RenderedContainer {
  readonly container: k8s.Container;
  readonly volumes: readonly { readonly volume: Volume; readonly spec: k8s.Volume }[];
}

/**
 * The container `name` of `owner`'s pods, recording every binding's connection and read and every
 * whole source read (copied into the owner's namespace when it lives elsewhere).
 */
export function renderContainer(
  owner: Component,
  name: string,
  image: string,
  options: ContainerOptions,
  extra: { readonly podFieldEnv?: Readonly<Record<string, PodField>>; readonly moreEnv?: readonly EnvBinding[]; readonly ports?: k8s.ContainerPort[] } = {},
): RenderedContainer {
  const bindings = [...(options.env ?? []), ...(extra.moreEnv ?? [])];
  for (const b of bindings) {
    if (b.endpoint) owner.connectTo(b.endpoint);
    if (b.source) owner.readFrom(b.source);
  }
  const envFrom = (options.envFrom ?? []).map((source) => {
    const seen = owner.readFrom(source);
    return seen.kind === 'ConfigMap' ? { configMapRef: { name: seen.name } } : { secretRef: { name: seen.name } };
  });
  const volumes = (options.mounts ?? []).map((m) => ({ volume: m.volume, spec: m.volume._render(owner) }));
  return {
    container: {
      name,
      image,
      imagePullPolicy: options.imagePullPolicy,
      command: options.command ? [...options.command] : undefined,
      args: options.args ? [...options.args] : undefined,
      ports: extra.ports,
      env: containerEnv(`${owner.componentName} (${owner.node.path}) container ${name}`, extra.podFieldEnv ?? {}, bindings, options.envValues ?? {}),
      envFrom: envFrom.length > 0 ? envFrom : undefined,
      resources: resourceRequirements(options.resources),
      volumeMounts: options.mounts && options.mounts.length > 0
        ? options.mounts.map((m) => ({ name: m.volume.name, mountPath: m.path, readOnly: m.readOnly, subPath: m.subPath }))
        : undefined,
    },
    volumes,
  };
}

/** The pod fields of {@link PodOptions}, with the init containers rendered and the volumes of every container merged. */
export interface RenderedPod {
  readonly initContainers: k8s.Container[];
  readonly volumes: k8s.Volume[];
  readonly serviceAccountName: string | undefined;
  /** The account written by `ServiceAccount.own()`. */
  readonly serviceAccount: k8s.KubeServiceAccount | undefined;
  /** The claims written for `Volume.claim(...)` mounts, in mount order. */
  readonly persistentVolumeClaims: readonly k8s.KubePersistentVolumeClaim[];
}

/**
 * Renders the init containers and the service account of `options`, and merges the volumes of
 * every container (one entry per volume, however many containers mount it; two different volumes
 * of one name are refused).
 */
export function renderPod(owner: Component, options: PodOptions, main: readonly RenderedContainer[]): RenderedPod {
  const inits = (options.initContainers ?? []).map((c) => renderContainer(owner, c.name, c.image, c));
  const byName = new Map<string, { volume: Volume; spec: k8s.Volume }>();
  for (const v of [...main, ...inits].flatMap((c) => c.volumes)) {
    const known = byName.get(v.volume.name);
    if (known && known.volume !== v.volume) {
      new PropChecker(owner.componentName, owner.node.path).require(false, `mounts: volume name "${v.volume.name}" is invalid: two different volumes carry it; allowed: one name per volume`).done();
    }
    byName.set(v.volume.name, v);
  }
  const account = options.serviceAccount?._render(owner);
  return {
    initContainers: inits.map((c) => c.container),
    volumes: [...byName.values()].map((v) => v.spec),
    serviceAccountName: account?.name,
    serviceAccount: account?.apiObject,
    persistentVolumeClaims: [...byName.values()].flatMap((v) => v.volume._claimWrittenBy(owner) ?? []),
  };
}

/**
 * What {@link PodOptions} and the rendered pod give the pod template of every workload alike
 * (init containers, volumes, service account, pull secrets, pod labels and annotations, node
 * selector), so a new pod option reaches Deployments, StatefulSets, Jobs and CronJobs at once.
 */
export function podSurfaceParts(pod: RenderedPod, options: PodOptions): Pick<PodParts, 'initContainers' | 'volumes' | 'serviceAccountName' | 'automountServiceAccountToken' | 'imagePullSecrets' | 'extraPodLabels' | 'podAnnotations' | 'nodeSelector'> {
  return {
    initContainers: pod.initContainers,
    volumes: pod.volumes,
    serviceAccountName: pod.serviceAccountName,
    automountServiceAccountToken: options.automountServiceAccountToken,
    imagePullSecrets: options.imagePullSecrets,
    extraPodLabels: options.podLabels,
    podAnnotations: options.podAnnotations,
    nodeSelector: options.nodeSelector,
  };
}

/** Adds `labels` and `annotations` to every object `owner` writes (its pods' templates keep theirs). */
export function labelObjects(owner: Component, labels: Readonly<Record<string, string>> | undefined, annotations: Readonly<Record<string, string>> | undefined): void {
  for (const o of owner.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c))) {
    for (const [key, value] of Object.entries(labels ?? {})) o.metadata.addLabel(key, value);
    for (const [key, value] of Object.entries(annotations ?? {})) o.metadata.addAnnotation(key, value);
  }
}
