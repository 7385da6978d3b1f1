import type { IConstruct } from 'constructs';

import { IMAGE_REFERENCE_ALLOWED, imageReferenceProblem } from './image-reference';

/**
 * Thrown when props are invalid; lists every problem found, one per line, each naming the prop,
 * the value and what is allowed, after the construct path (`[shop/Api] …`) when it is known.
 */
export class ValidationError extends Error {
  /** Every problem found, one message each. */
  public readonly problems: readonly string[];
  /** Path of the construct whose props are invalid (`shop/Api`); undefined when not known. */
  public readonly constructPath: string | undefined;

  constructor(problems: readonly string[], constructPath?: string) {
    const text = problems.length === 1 ? problems[0] : `${problems.length} invalid props:\n  - ${problems.join('\n  - ')}`;
    super(constructPath ? `[${constructPath}] ${text}` : text);
    this.name = 'ValidationError';
    this.problems = problems;
    this.constructPath = constructPath;
  }
}

/** The path the construct `id` under `scope` will have, for messages written before it exists. */
export function constructPath(scope: IConstruct, id: string): string {
  return scope.node.path === '' ? id : `${scope.node.path}/${id}`;
}

const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RFC1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// Kubernetes resource.Quantity: signed decimal number, then a binary/decimal SI suffix or an exponent.
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
// What the API server accepts as a container variable name (validation.IsEnvVarName).
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
// An absolute URL path without spaces, as probes and Ingress paths take it.
const URL_PATH = /^\/\S*$/;
// An absolute file-system path without white space (mount paths, host paths).
const FILE_PATH = /^\/[^\s]*$/;
// A label or annotation key's name part, and a label value (Kubernetes' qualified name rules).
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
// PostgreSQL unquoted identifier (also fine for MySQL and MongoDB names used here).
const SQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/** Node-port range of a default kube-apiserver (--service-node-port-range). */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/**
 * Collects every problem of one owner's props, then throws them together.
 * Messages name the owner, the prop, the bad value and what is allowed — except for
 * secrets, whose value never appears in a message.
 */
export class PropChecker {
  private readonly problems: string[] = [];

  /**
   * @param owner what the props belong to, e.g. `StatelessApp api`
   * @param path the construct path, named first in the thrown error
   */
  constructor(private readonly owner: string, private readonly path?: string) {}

  private fail(prop: string, value: unknown, allowed: string): void {
    this.problems.push(`${this.owner}: ${prop} ${show(value)} is invalid; ${allowed}`);
  }

  /** An object name / label value: RFC 1123 label. */
  public name(prop: string, value: string | undefined): this {
    if (value !== undefined && !(RFC1123_LABEL.test(value) && value.length <= 63)) {
      this.fail(prop, value, 'allowed: an RFC 1123 label (lower-case letters, digits and "-", starting and ending alphanumeric, at most 63 characters)');
    }
    return this;
  }

  /** A Kubernetes namespace (an RFC 1123 label). */
  public namespace(prop: string, value: string | undefined): this {
    return this.name(prop, value);
  }

  /** A DNS host name (RFC 1123 subdomain). */
  public host(prop: string, value: string | undefined): this {
    if (value !== undefined && !(RFC1123_SUBDOMAIN.test(value) && value.length <= 253)) {
      this.fail(prop, value, 'allowed: a DNS name such as poll.dop.io (lower-case labels of letters, digits and "-", separated by dots)');
    }
    return this;
  }

  /** A node name, as the node's `kubernetes.io/hostname` label holds it (an RFC 1123 subdomain). */
  public nodeName(prop: string, value: string | undefined): this {
    if (value !== undefined && !(RFC1123_SUBDOMAIN.test(value) && value.length <= 63)) {
      this.fail(prop, value, 'allowed: a node name as `kubectl get nodes` lists it, e.g. worker-2 (lower-case letters, digits, "-" and ".", starting and ending alphanumeric, at most 63 characters)');
    }
    return this;
  }

  /** A StorageClass name (an RFC 1123 subdomain). */
  public storageClassName(prop: string, value: string | undefined): this {
    if (value !== undefined && !(RFC1123_SUBDOMAIN.test(value) && value.length <= 253)) {
      this.fail(prop, value, 'allowed: a StorageClass name as `kubectl get storageclass` lists it, e.g. local-path (lower-case letters, digits, "-" and ".", starting and ending alphanumeric)');
    }
    return this;
  }

  /** A TCP port. */
  public port(prop: string, value: number | undefined): this {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1 && value <= 65535)) {
      this.fail(prop, value, 'allowed: an integer from 1 to 65535');
    }
    return this;
  }

  /** A fixed node port of a NodePort Service. */
  public nodePort(prop: string, value: number | undefined): this {
    if (value !== undefined && !(Number.isInteger(value) && value >= NODE_PORT_RANGE.min && value <= NODE_PORT_RANGE.max)) {
      this.fail(prop, value, `allowed: an integer in the node-port range ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`);
    }
    return this;
  }

  /** A replica count. */
  public replicas(prop: string, value: number | undefined): this {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
      this.fail(prop, value, 'allowed: an integer >= 1');
    }
    return this;
  }

  /** A positive Kubernetes quantity (memory, CPU, storage), e.g. 128M, 256Mi, 500m, 1Gi. */
  public quantity(prop: string, value: string | undefined): this {
    if (value !== undefined && !(QUANTITY.test(value) && !value.startsWith('-') && /[1-9]/.test(value.replace(/[eE][+-]?\d+$/, '')))) {
      this.fail(prop, value, 'allowed: a positive Kubernetes quantity such as 128M, 256Mi, 500m or 1Gi');
    }
    return this;
  }

  /** A container image reference. */
  public image(prop: string, value: string | undefined): this {
    const problem = value === undefined ? undefined : imageReferenceProblem(value);
    if (problem) {
      this.fail(prop, value, `${problem}; allowed: ${IMAGE_REFERENCE_ALLOWED}`);
    }
    return this;
  }

  /** A database user or database name. */
  public identifier(prop: string, value: string | undefined): this {
    if (value !== undefined && !SQL_IDENTIFIER.test(value)) {
      this.fail(prop, value, 'allowed: a SQL identifier (letters, digits, "_" and "$", starting with a letter or "_", at most 63 characters)');
    }
    return this;
  }

  /** A container environment variable name. */
  public envName(prop: string, value: string | undefined): this {
    if (value !== undefined && !ENV_VAR_NAME.test(value)) {
      this.fail(prop, value, 'allowed: letters, digits, "_", "-" and ".", not starting with a digit');
    }
    return this;
  }

  /** An absolute URL path (probe or route path). */
  public urlPath(prop: string, value: string | undefined): this {
    if (value !== undefined && !URL_PATH.test(value)) {
      this.fail(prop, value, 'allowed: an absolute URL path such as /healthz');
    }
    return this;
  }

  /** An absolute file-system path without white space (a mount or host path). */
  public absolutePath(prop: string, value: string | undefined): this {
    if (value !== undefined && !FILE_PATH.test(value)) {
      this.fail(prop, value, 'allowed: an absolute path without spaces');
    }
    return this;
  }

  /** Label keys and values (`app.kubernetes.io/part-of: shop`), as the API server accepts them. */
  public labels(prop: string, value: Readonly<Record<string, string>> | undefined): this {
    for (const [key, v] of Object.entries(value ?? {})) {
      this.metadataKey(prop, key);
      if (!(v === '' || (QUALIFIED_NAME.test(v) && v.length <= 63))) {
        this.fail(`${prop}["${key}"]`, v, 'allowed: at most 63 letters, digits, "-", "_" and ".", starting and ending alphanumeric (or empty)');
      }
    }
    return this;
  }

  /** Annotation keys (any value is allowed). */
  public annotations(prop: string, value: Readonly<Record<string, string>> | undefined): this {
    for (const key of Object.keys(value ?? {})) this.metadataKey(prop, key);
    return this;
  }

  private metadataKey(prop: string, key: string): void {
    const slash = key.lastIndexOf('/');
    const prefix = slash < 0 ? undefined : key.slice(0, slash);
    const name = slash < 0 ? key : key.slice(slash + 1);
    const ok = QUALIFIED_NAME.test(name) && name.length <= 63 && (prefix === undefined || (RFC1123_SUBDOMAIN.test(prefix) && prefix.length <= 253));
    if (!ok) this.fail(`${prop} key`, key, 'allowed: [prefix/]name, the name at most 63 letters, digits, "-", "_" and ".", the prefix a DNS subdomain such as example.com');
  }

  /** A password: present and non-empty. Its value is never echoed. */
  public secret(prop: string, value: string | undefined): this {
    if (value === undefined || value.length === 0) this.problems.push(`${this.owner}: ${prop} must not be empty`);
    else if (/[\r\n]/.test(value)) this.problems.push(`${this.owner}: ${prop} must be a single line (it contains a line break)`);
    return this;
  }

  /** One of a fixed set of values. */
  public oneOf<T extends string>(prop: string, value: T | undefined, allowed: readonly T[]): this {
    if (value !== undefined && !allowed.includes(value)) this.fail(prop, value, `allowed: ${allowed.join(', ')}`);
    return this;
  }

  /** Records a problem found by the caller. */
  public require(condition: boolean, message: string): this {
    if (!condition) this.problems.push(`${this.owner}: ${message}`);
    return this;
  }

  /** Problems so far. */
  public get errors(): readonly string[] {
    return this.problems;
  }

  /** Throws a {@link ValidationError} with every problem, if any. */
  public done(): void {
    if (this.problems.length > 0) throw new ValidationError(this.problems, this.path);
  }
}
