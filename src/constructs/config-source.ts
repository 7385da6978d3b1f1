import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { EnvBinding, EnvSourceKind } from './env-binding';
import { constructPath, PropChecker, ValidationError } from '../validation/prop-checker';

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
  /**
   * Entries as a client in another namespace must read them: a Service's host name, fully
   * qualified there (`redis.cache.svc.cluster.local`). The copy this source writes into a
   * client's namespace ({@link ConfigSource.inNamespace}) holds these values instead; each key
   * must be a key of `entries`. @default - every entry reads the same everywhere
   */
  readonly elsewhere?: Readonly<Record<string, string>>;
}

/**
 * A ConfigMap or Secret that hands out references to its own keys, so a reference to a
 * key that does not exist fails at synth time instead of at pod start.
 *
 * A pod reads ConfigMaps and Secrets of its own namespace only. A component in another namespace
 * that uses a binding of this source gets a copy of it in its namespace ({@link inNamespace}),
 * written next to the original in the same component's files.
 */
export class ConfigSource extends Construct {
  /** Object name (`metadata.name`). */
  public readonly name: string;
  /** Namespace of the object. */
  public readonly namespace: string;
  /** `ConfigMap` or `Secret`. */
  public readonly kind: EnvSourceKind;
  /** The ConfigMap or Secret written; `ApiObject.of(source)` reaches it too. */
  public readonly apiObject: k8s.KubeConfigMap | k8s.KubeSecret;
  private readonly props: ConfigSourceProps;
  private readonly keys: ReadonlySet<string>;
  private readonly copies = new Map<string, ConfigSource>();
  private original: ConfigSource | undefined;

  constructor(scope: Construct, id: string, props: ConfigSourceProps) {
    super(scope, id);
    const checker = new PropChecker(`${props.kind} ${props.name}`, constructPath(scope, id)).name('name', props.name).namespace('namespace', props.namespace);
    for (const key of Object.keys(props.entries)) {
      checker.require(CONFIG_KEY.test(key) && key.length <= 253, `entries key "${key}" is invalid; allowed: letters, digits, "-", "_" and "."`);
    }
    for (const key of Object.keys(props.elsewhere ?? {})) {
      checker.require(key in props.entries, `elsewhere key "${key}" is invalid; allowed: a key of entries (${Object.keys(props.entries).join(', ')})`);
    }
    checker.done();
    this.props = props;
    this.name = props.name;
    this.namespace = props.namespace;
    this.kind = props.kind;
    this.keys = new Set(Object.keys(props.entries));
    const metadata: k8s.ObjectMeta = { name: props.name, namespace: props.namespace, labels: props.labels && { ...props.labels } };
    if (props.kind === 'ConfigMap') {
      this.apiObject = new k8s.KubeConfigMap(this, 'Resource', { metadata, data: { ...props.entries } });
    } else {
      // `data` (not stringData) so the committed manifest is exactly what the API server stores;
      // Buffer encoding never appends the newline that `echo | base64` does.
      const data = Object.fromEntries(
        Object.entries(props.entries).map(([key, value]) => [key, Buffer.from(value, 'utf-8').toString('base64')]),
      );
      this.apiObject = new k8s.KubeSecret(this, 'Resource', { metadata, type: 'Opaque', data });
    }
  }

  /** True when the store has `key`. */
  public has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Every key, in the order written. */
  public get entryKeys(): readonly string[] {
    return [...this.keys];
  }

  /** The source this one is a copy of, or itself. */
  public get origin(): ConfigSource {
    return this.original ?? this;
  }

  /** A reference to `key`, exposed to a container as `envName` (default: the key itself). */
  public bind(key: string, envName: string = key): EnvBinding {
    const origin = this.origin;
    new PropChecker(`${this.kind} ${this.name}`, origin.node.path).envName('environment variable name', envName).done();
    if (!this.keys.has(key)) {
      throw new ValidationError([`${this.kind} ${this.name} has no key "${key}"; allowed: ${[...this.keys].join(', ')}`], origin.node.path);
    }
    return { name: envName, sourceKind: this.kind, sourceName: this.name, key, source: origin };
  }

  /**
   * This source as a pod in `namespace` reads it: itself in its own namespace, elsewhere a copy
   * of the same name written there once (with the `elsewhere` values), owned by the same
   * component. Components call it for every binding they use; call it yourself only for a
   * reference you write by hand.
   */
  public inNamespace(namespace: string): ConfigSource {
    const origin = this.origin;
    if (namespace === origin.namespace) return origin;
    const existing = origin.copies.get(namespace);
    if (existing) return existing;
    new PropChecker(`${this.kind} ${this.name}`, origin.node.path).namespace('namespace of a reader', namespace).done();
    const copy = new ConfigSource(origin.node.scope as Construct, `${origin.node.id}-in-${namespace}`, {
      ...origin.props,
      namespace,
      entries: { ...origin.props.entries, ...origin.props.elsewhere },
      elsewhere: undefined,
    });
    copy.original = origin;
    origin.copies.set(namespace, copy);
    return copy;
  }

  /** The copies written into other namespaces so far (see {@link inNamespace}). */
  public get copiesElsewhere(): readonly ConfigSource[] {
    return [...this.origin.copies.values()];
  }
}
