import { parseArgs } from 'util';
import { editDistance } from '../validation/closest';
import { ValidationError } from '../validation/prop-checker';

/** A command-line mistake: reported as `error: …` with exit code 2. */
export class UsageError extends Error {}

/** Exit code of every usage error of every command. */
export const USAGE_EXIT = 2;

/** One flag of a command. */
export interface Flag {
  readonly type: 'string' | 'boolean';
  /** Repeatable; the values arrive as an array. @default false */
  readonly multiple?: boolean;
  /** One-letter alias, e.g. `h` for `-h`. @default - none */
  readonly short?: string;
  /** What a string flag takes, shown in the allowed list, e.g. `NAME`. @default - the flag alone */
  readonly value?: string;
}

/** A command's flags by long name (without `--`). */
export type Flags = Readonly<Record<string, Flag>>;

/** The parsed values of `O`: a string, a boolean or an array of them, absent when not given. */
export type FlagValues<O extends Flags> = {
  -readonly [K in keyof O]?: O[K]['type'] extends 'boolean'
    ? O[K]['multiple'] extends true ? boolean[] : boolean
    : O[K]['multiple'] extends true ? string[] : string;
};

/** What {@link parseFlags} returns. */
export interface ParsedFlags<O extends Flags> {
  readonly values: FlagValues<O>;
  readonly positionals: string[];
}

/**
 * The one argument parser of every command (synth, check, deploy, diagram, bench). Every
 * mistake on the line is reported at once, as one UsageError (exit 2) that names the flag,
 * suggests the closest allowed one for a typo (`--polcy` → did you mean --policy?) and lists
 * the allowed flags. `positionals` is how many bare arguments the command takes (`true`: any
 * number). Flags npm swallowed (typed without `--` after `npm run X`) are reported first,
 * with the command to type.
 */
export function parseFlags<O extends Flags>(args: readonly string[], options: O, positionals: boolean | number = false): ParsedFlags<O> {
  const swallowed = npmSwallowedFlags(args, options);
  if (swallowed) throw new UsageError(swallowed);
  const config = Object.fromEntries(Object.entries(options).map(([name, o]) => [name, { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) }]));
  // Lenient tokenizing first, so that every problem is found and worded by us, not by node.
  const { tokens = [] } = parseArgs({ args: [...args], options: config, strict: false, allowPositionals: true, tokens: true });
  const problems: string[] = [];
  const bare: string[] = [];
  // The bare word after an unknown flag is most likely its value, not an argument of its own.
  let valueOfUnknown = -1;
  for (const token of tokens) {
    if (token.kind === 'positional') {
      if (token.index !== valueOfUnknown) bare.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const raw = args[token.index];
    const flag = Object.prototype.hasOwnProperty.call(options, token.name) ? options[token.name] : undefined;
    if (!flag) {
      // `-profile` is tokenized as -p -r -o …: name the whole word once.
      const word = raw.startsWith('--') ? raw.split('=')[0] : raw.length > 2 && !raw.startsWith('--') ? raw.split('=')[0] : token.rawName;
      const guess = closest(word.replace(/^-+/, ''), Object.keys(options));
      const message = `unknown option ${word}${guess ? ` (did you mean --${guess}?)` : ''}`;
      if (!problems.includes(message)) problems.push(message);
      if (!token.inlineValue && (!guess || options[guess].type === 'string')) valueOfUnknown = token.index + 1;
      continue;
    }
    if (flag.type === 'boolean' && token.inlineValue) {
      problems.push(`--${token.name} takes no value (got "${token.value ?? ''}"); give it alone: --${token.name}`);
    } else if (flag.type === 'string' && token.value === undefined) {
      problems.push(`--${token.name} needs a value${flag.value ? ` (${flag.value})` : ''}`);
    } else if (flag.type === 'string' && !token.inlineValue && token.value !== undefined && /^--?[A-Za-z]/.test(token.value)) {
      problems.push(`--${token.name} needs a value${flag.value ? ` (${flag.value})` : ''}, got the flag ${token.value}; a value starting with a dash is written --${token.name}=${token.value}`);
    }
  }
  const allowedBare = positionals === true ? Infinity : positionals === false ? 0 : positionals;
  if (bare.length > allowedBare) {
    const extra = bare.slice(allowedBare);
    problems.push(allowedBare === 0
      ? `unexpected argument${extra.length > 1 ? 's' : ''} ${extra.map((e) => `"${e}"`).join(' ')} (this command takes only flags)`
      : `expected at most ${allowedBare} folder${allowedBare > 1 ? 's' : ''}, got ${bare.length}: ${bare.join(' ')}`);
  }
  if (problems.length > 0) {
    const allowed = `allowed: ${allowedFlags(options)}`;
    throw new UsageError(problems.length === 1 ? `${problems[0]}; ${allowed}` : `${problems.length} problems:\n  - ${problems.join('\n  - ')}\n${allowed}`);
  }
  // Every token is now a known flag with a fitting value: collect them as parseArgs would
  // (the last of a repeated flag wins, a `multiple` one keeps them all).
  const values: Record<string, string | boolean | (string | boolean)[]> = {};
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const value = options[token.name].type === 'boolean' ? true : token.value ?? '';
    if (options[token.name].multiple) values[token.name] = [...((values[token.name] as (string | boolean)[] | undefined) ?? []), value];
    else values[token.name] = value;
  }
  return { values: values as FlagValues<O>, positionals: bare };
}

/** `--stack NAME, --dry-run, --help`: the flags of a command as the error messages list them. */
export function allowedFlags(options: Flags): string {
  return Object.entries(options).map(([name, o]) => `--${name}${o.type === 'string' && o.value ? ` ${o.value}` : ''}`).join(', ');
}

/** The allowed name a typo most likely meant: a small edit distance, or a prefix of one name only. */
export function closest(typed: string, names: readonly string[]): string | undefined {
  const lower = typed.toLowerCase();
  if (lower === '') return undefined;
  const exact = names.find((n) => n.toLowerCase() === lower);
  if (exact) return exact;
  const scored = names.map((name) => ({ name, distance: editDistance(lower, name.toLowerCase()) })).sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
  const best = scored[0];
  if (best && best.distance <= Math.max(1, Math.floor(Math.max(lower.length, best.name.length) / 3))) return best.name;
  const prefixed = names.filter((n) => n.startsWith(lower) || lower.startsWith(n));
  return lower.length >= 3 && prefixed.length === 1 ? prefixed[0] : undefined;
}

/** The message of anything thrown; parseArgs errors come from another realm under jest, so no instanceof. */
export function errorMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}

/** One of `allowed`, or a UsageError naming the flag and the allowed values. */
export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const guess = closest(value, allowed);
  throw new UsageError(`${flag}: unknown value "${value}"${guess && guess !== value ? ` (did you mean ${guess}?)` : ''}; allowed: ${allowed.join(', ')}`);
}

/** Where a command's output and messages go; tests pass collectors. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** The process's own streams. */
export const processIO = (): CliIO => ({
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
});

/**
 * Runs a CLI body, turning errors into one `error:` line and an exit code: 2 for bad input
 * (a usage error, whose message lists what is allowed, or a ValidationError), 1 otherwise.
 */
export async function runCli(body: () => Promise<number> | number, io: CliIO = processIO()): Promise<number> {
  try {
    return await body();
  } catch (err) {
    io.stderr(`error: ${errorMessage(err)}\n`);
    return err instanceof UsageError || err instanceof ValidationError ? USAGE_EXIT : 1;
  }
}

/** The repository's npm scripts that run a command (package.json). */
const REPOSITORY_SCRIPTS: readonly string[] = ['synth', 'check', 'deploy', 'diagram', 'bench'];

/**
 * How the user types `command` here: `npm run synth --` inside this repository (where npm
 * runs the script), `bernstein-cdk8s synth` everywhere else (the shipped bin), so hints name
 * a command that exists where the user is.
 */
export function commandLine(command: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const script = env.npm_lifecycle_event;
  return script !== undefined && REPOSITORY_SCRIPTS.includes(script) ? `npm run ${command} --` : `bernstein-cdk8s ${command}`;
}

/**
 * Flags typed without `--` (`npm run synth --profile modern`) never reach the command: npm takes
 * them as its own configuration, exports them as `npm_config_profile=true` and passes the value
 * (`modern`) on as a bare argument. When one of the command's own flags shows up there, this is
 * the message giving the exact command to type; undefined when nothing was swallowed.
 * String flags are paired with the bare arguments in the order the command declares them.
 */
export function npmSwallowedFlags(args: readonly string[], options: Flags, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
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
