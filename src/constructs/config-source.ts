import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { EnvBinding, EnvSourceKind } from './env-binding';
import { PropChecker } from '../validation/prop-checker';

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** Props of {@link ConfigSource}. */
export interface ConfigSourceProps {
  /** Object name (`metadata.name`). */
  readonly name: string;
  /** Namespace of the object. */
  readonly namespace: string;
  /** ConfigMap for plain settings, Secret for credentials. */
  readonly kind: EnvSourceKind;
  /** Entries, in the order they are written. Secret values are base64-encoded on output. */
  readonly entries: Readonly<Record<string, string>>;
  /** Labels of the object. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A ConfigMap or Secret that hands out references to its own keys, so a reference to a
 * key that does not exist fails at synth time instead of at pod start.
 */
export class ConfigSource extends Construct {
  /** Object name (`metadata.name`). */
  public readonly name: string;
  /** `ConfigMap` or `Secret`. */
  public readonly kind: EnvSourceKind;
  private readonly keys: ReadonlySet<string>;

  constructor(scope: Construct, id: string, props: ConfigSourceProps) {
    super(scope, id);
    const checker = new PropChecker(`${props.kind} ${props.name}`).name('name', props.name).namespace('namespace', props.namespace);
    for (const key of Object.keys(props.entries)) {
      checker.require(CONFIG_KEY.test(key) && key.length <= 253, `entries key "${key}" is invalid; allowed: letters, digits, "-", "_" and "."`);
    }
    checker.done();
    this.name = props.name;
    this.kind = props.kind;
    this.keys = new Set(Object.keys(props.entries));
    const metadata: k8s.ObjectMeta = { name: props.name, namespace: props.namespace, labels: props.labels && { ...props.labels } };
    if (props.kind === 'ConfigMap') {
      new k8s.KubeConfigMap(this, 'Resource', { metadata, data: { ...props.entries } });
    } else {
      // `data` (not stringData) so the committed manifest is exactly what the API server stores;
      // Buffer encoding never appends the newline that `echo | base64` does.
      const data = Object.fromEntries(
        Object.entries(props.entries).map(([key, value]) => [key, Buffer.from(value, 'utf-8').toString('base64')]),
      );
      new k8s.KubeSecret(this, 'Resource', { metadata, type: 'Opaque', data });
    }
  }

  /** True when the store has `key`. */
  public has(key: string): boolean {
    return this.keys.has(key);
  }

  /** A reference to `key`, exposed to a container as `envName` (default: the key itself). */
  public bind(key: string, envName: string = key): EnvBinding {
    new PropChecker(`${this.kind} ${this.name}`).envName('environment variable name', envName).done();
    if (!this.keys.has(key)) {
      throw new Error(`${this.kind} ${this.name} has no key "${key}" (keys: ${[...this.keys].join(', ')})`);
    }
    return { name: envName, sourceKind: this.kind, sourceName: this.name, key };
  }
}
