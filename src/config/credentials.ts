import * as fs from 'fs';
import { ValidationError } from '../validation/prop-checker';

/** One credential read from the environment at synth time. */
export interface CredentialSource {
  /** Environment variable holding the value, e.g. POSTGRES_PASSWORD. */
  readonly envVar: string;
  /** Development default used when the variable is unset; announced on stderr. */
  readonly developmentDefault: string;
  /** Also read `<envVar>_FILE` (path to a file holding the value), the Docker-secrets convention. @default false */
  readonly fileVariant?: boolean;
}

/** Credentials resolved from the environment, and which ones fell back to defaults. */
export interface ResolvedCredentials<K extends string> {
  /** The value of each credential, by key. */
  readonly values: Readonly<Record<K, string>>;
  /** Environment variables that were not set, so the development default was used. */
  readonly defaulted: readonly string[];
}

/** The environment as a plain map (process.env in the CLI, a literal in tests). */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads each credential from `env` (or from the file named by `<VAR>_FILE`), falling back to
 * its development default. Values are never echoed: only variable names are reported.
 */
export function resolveCredentials<K extends string>(
  sources: Readonly<Record<K, CredentialSource>>,
  env: Environment,
): ResolvedCredentials<K> {
  const values = {} as Record<K, string>;
  const defaulted: string[] = [];
  for (const key of Object.keys(sources) as K[]) {
    const source = sources[key];
    const filePath = source.fileVariant ? env[`${source.envVar}_FILE`] : undefined;
    const direct = env[source.envVar];
    if (filePath !== undefined && filePath !== '') {
      if (direct !== undefined) throw new ValidationError([`${source.envVar}_FILE "${filePath}" is invalid with ${source.envVar} also set; allowed: either ${source.envVar} or ${source.envVar}_FILE, not both`]);
      let content: string;
      try {
        content = fs.readFileSync(filePath, 'utf-8');
      } catch {
        throw new ValidationError([`${source.envVar}_FILE "${filePath}" is invalid: cannot read file "${filePath}"; allowed: the path of a readable file holding the value`]);
      }
      // Files written by `echo` or editors end with a newline that is not part of the secret.
      values[key] = content.replace(/\r?\n$/, '');
    } else if (direct !== undefined) {
      values[key] = direct;
    } else {
      values[key] = source.developmentDefault;
      defaulted.push(source.envVar);
    }
  }
  return { values, defaulted };
}

/** The stderr notice for defaulted credentials, or undefined when all were given. */
export function defaultedNotice(defaulted: readonly string[]): string | undefined {
  if (defaulted.length === 0) return undefined;
  return `notice: ${defaulted.join(', ')} not set: using development defaults (see README "Credentials"); set them for a real deployment`;
}
