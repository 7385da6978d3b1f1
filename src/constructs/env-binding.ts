import * as k8s from '../../imports/k8s';

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
}

/** Renders a binding as a container `env` entry with a key reference. */
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
    if (seen.has(b.name)) throw new Error(`${owner}: environment variable ${b.name} is bound twice`);
    seen.add(b.name);
  }
  return bindings.map(toEnvVar);
}
