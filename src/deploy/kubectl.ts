/** Running kubectl (no shell) and printing commands (POSIX shell quoting). */
import { spawnSync } from 'child_process';

export interface KubectlResult {
  /** Exit code; null when the process could not start or was killed by a signal. */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the binary could not be started (ENOENT, EACCES, …). */
  readonly spawnError?: string;
}

/** Runs kubectl with `args`; `input`, when given, is its standard input (for `-f -`). */
export type KubectlRunner = (args: readonly string[], input?: string) => KubectlResult;

/** The kubectl binary: `$KUBECTL` when set and non-empty, else `kubectl` from PATH. */
export function resolveKubectl(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.KUBECTL;
  return fromEnv !== undefined && fromEnv.trim() !== '' ? fromEnv : 'kubectl';
}

/** A runner that executes `bin args…` synchronously, capturing stdout and stderr. */
export function spawnKubectl(bin: string, env: NodeJS.ProcessEnv, cwd: string): KubectlRunner {
  return (args, input) => {
    const r = spawnSync(bin, [...args], {
      cwd,
      env,
      encoding: 'utf8',
      ...(input === undefined ? { stdio: ['ignore', 'pipe', 'pipe'] as const } : { input, stdio: ['pipe', 'pipe', 'pipe'] as const }),
      maxBuffer: 64 * 1024 * 1024,
      windowsHide: true,
    });
    const spawnError = r.error
      ? (r.error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `kubectl binary "${bin}" not found (install kubectl or set KUBECTL=/path/to/kubectl)`
        : `cannot run "${bin}": ${r.error.message}`
      : undefined;
    return {
      status: r.status,
      signal: r.signal,
      stdout: r.stdout ?? '',
      stderr: r.stderr ?? '',
      ...(spawnError ? { spawnError } : {}),
    };
  };
}

/** Prefix `--context NAME` (global kubectl flag) when a context is given. */
export function withContext(context: string | undefined, args: readonly string[]): string[] {
  return context === undefined ? [...args] : ['--context', context, ...args];
}

/** True when the call exited 0. */
export function succeeded(r: KubectlResult): boolean {
  return r.status === 0 && r.spawnError === undefined;
}

/** Human-readable reason for a failed call: kubectl's stderr, else stdout, else the exit status. */
export function failureText(r: KubectlResult): string {
  if (r.spawnError) return r.spawnError;
  const text = r.stderr.trim() || r.stdout.trim();
  const status = r.signal ? `killed by ${r.signal}` : `exit code ${r.status}`;
  return text ? `${text} (${status})` : status;
}

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quote one word for a POSIX shell. */
export function shellQuote(word: string): string {
  if (word !== '' && SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Quote a whole command line. */
export function shellCommand(bin: string, args: readonly string[]): string {
  return [bin, ...args].map(shellQuote).join(' ');
}
