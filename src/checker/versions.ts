/** Which Kubernetes versions the checker accepts, and which shipped schema stands in for each. */
import { CheckUsageError } from './types';

export const MIN_MINOR = 21;
export const MAX_MINOR = 36;
export const DEFAULT_VERSION = '1.27';

export interface KubeVersion {
  /** Kubernetes 1.x minor number. */
  readonly minor: number;
  /** `1.27` */
  readonly label: string;
  /** Shipped schema file stem, `v1.27.0`. */
  readonly schema: SchemaVersion;
}

export type SchemaVersion = 'v1.24.0' | 'v1.27.0' | 'v1.33.0' | 'v1.34.0' | 'v1.35.0' | 'v1.36.0';

/**
 * Six schemas ship (~20 kB gzipped each, scripts/import-schemas.js): every current release has
 * its own, and each older one covers the versions up to it: a newer schema may accept a field
 * an older server lacks, which is milder than rejecting valid manifests. API availability is
 * decided per exact version by the served-API table.
 */
function schemaFor(minor: number): SchemaVersion {
  if (minor <= 24) return 'v1.24.0';
  if (minor <= 27) return 'v1.27.0';
  if (minor <= 33) return 'v1.33.0';
  return `v1.${minor as 34 | 35 | 36}.0`;
}

export function allowedVersions(): string[] {
  const out: string[] = [];
  for (let m = MIN_MINOR; m <= MAX_MINOR; m++) out.push(`1.${m}`);
  return out;
}

/** Accepts `1.27`, `v1.27` and `1.27.3`; anything else is a usage error listing the allowed values. */
export function resolveVersion(input: string = DEFAULT_VERSION): KubeVersion {
  const m = /^v?1\.(\d{1,2})(?:\.\d+)?$/.exec(input.trim());
  const minor = m ? Number(m[1]) : NaN;
  if (!(minor >= MIN_MINOR && minor <= MAX_MINOR)) {
    throw new CheckUsageError(
      `unsupported Kubernetes version "${input}"; allowed: ${allowedVersions().join(', ')}`,
    );
  }
  return { minor, label: `1.${minor}`, schema: schemaFor(minor) };
}
