import * as k8s from '../../imports/k8s';
import type { Endpoint } from './component';
import type { ConfigSource } from './config-source';
import { PropChecker, ValidationError } from '../validation/prop-checker';

/** Where an environment variable takes its value from. */
export type EnvSourceKind = 'ConfigMap' | 'Secret';

/**
 * One environment variable read from a key of a ConfigMap or Secret.
 *
 * Components hand these out (see `connectionEnv`) so consumers never repeat the
 * name of another component's ConfigMap, Secret or key.
 */
export interface EnvBinding {
  /** Variable name inside the container. */
  readonly name: string;
  /** Kind of the object holding the value. */
  readonly sourceKind: EnvSourceKind;
  /** Name of the ConfigMap or Secret. */
  readonly sourceName: string;
  /** Key inside the ConfigMap or Secret. */
  readonly key: string;
  /**
   * The server this value lets a client reach (a host, port or credential of a database):
   * a container given the binding connects to it. @default - a plain setting, no connection
   */
  readonly endpoint?: Endpoint;
  /**
   * The ConfigMap or Secret holding the key ({@link ConfigSource.bind} sets it): a component using
   * the binding records that it reads it, and in another namespace gets a copy of it.
   * @default - an object the chart does not write (nothing recorded, nothing copied)
   */
  readonly source?: ConfigSource;
}

/** `bindings`, each marked as leading to `endpoint`. */
export function leadingTo(endpoint: Endpoint, bindings: readonly EnvBinding[]): EnvBinding[] {
  return bindings.map((b) => ({ ...b, endpoint }));
}

/**
 * Renders a binding as a container `env` entry with a key reference, and records nothing. For a
 * container of your own inside a component, use `component.useEnv(bindings)` instead: it also
 * records the connection and the read (apply order, diagram and network policies follow them) and
 * copies the source into the component's namespace; synth refuses a pod that reads another
 * component's ConfigMap or Secret without that record.
 */
export function toEnvVar(binding: EnvBinding): k8s.EnvVar {
  const ref = { name: binding.sourceName, key: binding.key };
  return binding.sourceKind === 'ConfigMap'
    ? { name: binding.name, valueFrom: { configMapKeyRef: ref } }
    : { name: binding.name, valueFrom: { secretKeyRef: ref } };
}

/** Renders bindings in order, refusing two variables of the same name. */
export function toEnvVars(bindings: readonly EnvBinding[], owner: string): k8s.EnvVar[] {
  const seen = new Set<string>();
  for (const b of bindings) {
    if (seen.has(b.name)) throw new ValidationError([`${owner}: environment variable ${b.name} is bound twice; allowed: each variable name once`]);
    seen.add(b.name);
  }
  return bindings.map(toEnvVar);
}

/** Pod fields the downward API can hand a container as a variable (values known only once the pod exists). */
export type PodField = 'metadata.name' | 'metadata.namespace' | 'status.podIP';

/** Allowed values of {@link PodField}, for validation messages. */
export const POD_FIELDS: readonly PodField[] = ['metadata.name', 'metadata.namespace', 'status.podIP'];

/**
 * A container's whole environment: pod fields first, so that later values, `command` and
 * `args` can use them through Kubernetes' `$(NAME)` expansion, then key references in order,
 * then literal values (which may use `$(NAME)` of all before them).
 * Refuses two variables of the same name; undefined when there is no variable at all.
 */
export function containerEnv(
  owner: string,
  podFields: Readonly<Record<string, PodField>>,
  bindings: readonly EnvBinding[],
  values: Readonly<Record<string, string>> = {},
): k8s.EnvVar[] | undefined {
  const fromPod: k8s.EnvVar[] = Object.entries(podFields).map(([name, fieldPath]) => ({ name, valueFrom: { fieldRef: { fieldPath } } }));
  const seen = new Set(Object.keys(podFields));
  for (const name of [...bindings.map((b) => b.name), ...Object.keys(values)]) {
    if (seen.has(name)) throw new ValidationError([`${owner}: environment variable ${name} is bound twice (podFieldEnv, env and envValues together); allowed: each variable name once`]);
    seen.add(name);
  }
  const all = [...fromPod, ...bindings.map(toEnvVar), ...Object.entries(values).map(([name, value]) => ({ name, value }))];
  return all.length > 0 ? all : undefined;
}

/** Validates the variable names and fields of a `podFieldEnv` prop. */
export function checkPodFieldEnv(checker: PropChecker, prop: string, fields: Readonly<Record<string, PodField>> | undefined): PropChecker {
  for (const [name, field] of Object.entries(fields ?? {})) {
    checker
      .envName(`${prop} name`, name)
      .oneOf(`${prop}.${name}`, field, POD_FIELDS);
  }
  return checker;
}
