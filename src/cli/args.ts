import { parseArgs, ParseArgsConfig } from 'util';
import { ValidationError } from '../validation/prop-checker';

/** A command-line mistake: reported as `error: …` with exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node's parseArgs in strict mode, with its errors rewritten to name the flag and list the
 * allowed ones (its own messages mention internals like `args`). Flags npm swallowed (typed
 * without `--`) are reported first, with the command to type.
 */
export function parseFlags<O extends Options>(args: string[], options: O, allowPositionals: boolean) {
  const swallowed = npmSwallowedFlags(args, options);
  if (swallowed) throw new UsageError(swallowed);
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

/**
 * Flags typed without `--` (`npm run synth --profile modern`) never reach the command: npm takes
 * them as its own configuration, exports them as `npm_config_profile=true` and passes the value
 * (`modern`) on as a bare argument. When one of the command's own flags shows up there, this is
 * the message giving the exact command to type; undefined when nothing was swallowed.
 * String flags are paired with the bare arguments in the order the command declares them.
 */
export function npmSwallowedFlags(args: readonly string[], options: Options, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const script = env.npm_lifecycle_event;
  if (!script) return undefined;
  const bare = args.flatMap((a, i) => (a.startsWith('-') ? [] : [i]));
  const consumed = new Set<number>();
  const recovered: string[] = [];
  for (const [name, option] of Object.entries(options)) {
    const value = env[`npm_config_${name.replace(/-/g, '_')}`];
    if (value === undefined || value === '' || value === 'false' || args.includes(`--${name}`)) continue;
    if (option.type === 'boolean') recovered.push(`--${name}`);
    else if (value !== 'true') recovered.push(`--${name}`, shellWord(value));
    else {
      const index = bare.shift();
      if (index !== undefined) consumed.add(index);
      recovered.push(`--${name}`, index === undefined ? 'VALUE' : shellWord(args[index]));
    }
  }
  if (recovered.length === 0) return undefined;
  const rest = args.filter((_, i) => !consumed.has(i)).map(shellWord);
  const flags = recovered.filter((r) => r.startsWith('--')).join(', ');
  return `npm took ${flags} for itself (flags after \`npm run ${script}\` need a \`--\` before them); type: npm run ${script} -- ${[...recovered, ...rest].join(' ')}`;
}

/** A word as a POSIX shell reads it back unchanged. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
