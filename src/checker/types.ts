/** Public and shared types of the manifest checker. */

import type { IssueSeverity } from '../manifests/types';

export type { JsonObject, JsonPrimitive, JsonValue, ManifestDocument } from '../manifests/types';

/** `info` notes never fail a check; they say what was not checked and why. */
export type Severity = IssueSeverity;

/** One problem the checker found, located by file, object and field. */
export interface Problem {
  /** `error` fails the check; `warning` and `info` do not. */
  readonly severity: Severity;
  /** File name relative to the checked folder (or the expected name of a missing file). */
  readonly file: string;
  /** `Kind/namespace/name`, `Kind/name` for cluster-scoped objects, `-` for file-level problems. */
  readonly object: string;
  /** Field path in kubectl notation (`spec.template.spec.containers[0].image`), `-` if none. */
  readonly field: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
  /** Stable rule id (`schema.unknown-field`, `ref.service-selector`, `bernstein.memory`, …). */
  readonly rule: string;
}

/** Rule sets the checker knows on top of its generic rules (see policies.ts). */
export type PolicyName = 'bernstein' | 'restricted';

/** What {@link check} checks against. */
export interface CheckOptions {
  /** Kubernetes minor version to check against: `1.21` … `1.36`. @default '1.27' */
  readonly k8s?: string;
  /** Extra policies on top of the generic rules: one name or several. @default - generic rules only */
  readonly policy?: PolicyName | readonly PolicyName[];
  /**
   * Bernstein policy: accept the "modern" profile's images (`traefik:v2.*`,
   * `ghcr.io/google/cadvisor:*`) with a note instead of an error.
   * @default false
   */
  readonly allowModern?: boolean;
}

/** Problem counts of a {@link CheckReport}. */
export interface CheckSummary {
  /** Number of errors. */
  readonly errors: number;
  /** Number of warnings. */
  readonly warnings: number;
  /** Number of notes. */
  readonly notes: number;
  /** Number of files read. */
  readonly files: number;
  /** The one-line summary printed under the table. */
  readonly text: string;
}

/** The result of {@link check}: every problem found and a summary. */
export interface CheckReport {
  /** Kubernetes version checked against (`1.27`). */
  readonly version: string;
  /** Shipped schema used for field validation (`v1.27.0`). */
  readonly schema: string;
  /** The policies applied, comma-separated (`bernstein,restricted`), or null for generic rules only. */
  readonly policy: string | null;
  /** The folder checked (as given). @default - absent for in-memory documents */
  readonly directory?: string;
  /** Files read, relative to the checked folder, in the order read. */
  readonly files: readonly string[];
  /** Every problem found. */
  readonly problems: readonly Problem[];
  /** Counts and the one-line summary. */
  readonly summary: CheckSummary;
}

/** Thrown for bad options (unsupported version, unknown policy): the CLI maps it to exit code 2. */
export class CheckUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckUsageError';
  }
}
