import { parseArgs, ParseArgsConfig } from 'util';
import { ValidationError } from '../validation/prop-checker';

/** A command-line mistake: reported as `error: …` with exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node's parseArgs in strict mode, with its errors rewritten to name the flag and list the
 * allowed ones (its own messages mention internals like `args`).
 */
export function parseFlags<O extends Options>(args: string[], options: O, allowPositionals: boolean) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    const message = errorMessage(err);
    const allowed = Object.keys(options).map((o) => `--${o}`).join(', ');
    const unknown = /Unknown option '([^']+)'/.exec(message);
    if (unknown) throw new UsageError(`unknown option ${unknown[1]}; allowed: ${allowed}`);
    const positional = /Unexpected argument '([^']+)'/.exec(message);
    if (positional) throw new UsageError(`unexpected argument "${positional[1]}"; allowed options: ${allowed}`);
    throw new UsageError(`${message.replace(/\.\s+(Did you forget|To specify)[\s\S]*$/, '').replace(/\s*\n\s*/g, ' ')}; allowed: ${allowed}`);
  }
}

/** The message of anything thrown; parseArgs errors come from another realm under jest, so no instanceof. */
export function errorMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}

/** One of `allowed`, or a UsageError naming the flag and the allowed values. */
export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag}: unknown value "${value}"; allowed: ${allowed.join(', ')}`);
}

/** Runs a CLI body, turning errors into an `error:` line and an exit code (2 for bad input, 1 otherwise). */
export async function runCli(body: () => Promise<number> | number): Promise<number> {
  try {
    return await body();
  } catch (err) {
    const message = errorMessage(err);
    process.stderr.write(`error: ${message}\n`);
    return err instanceof UsageError || err instanceof ValidationError ? 2 : 1;
  }
}
