import { KubectlResult, KubectlRunner } from '../../src/deploy/kubectl';

/** What a scripted kubectl answers to one command line (args joined by spaces). */
export type Answer = Partial<KubectlResult>;

export interface ScriptedKubectl {
  readonly run: KubectlRunner;
  /** Every call, in order: its args and the standard input it was given. */
  readonly calls: { args: string[]; input?: string }[];
}

/**
 * A kubectl that answers only the command lines it is told (exit 0 with empty output unless the
 * answer says otherwise), for the deploy functions that take a runner; any other call fails the
 * test, so a function cannot call more than its contract says. An answer given as a list is used
 * one entry per call (the last one repeats).
 */
export function scriptedKubectl(answers: Readonly<Record<string, Answer | readonly Answer[]>>): ScriptedKubectl {
  const calls: { args: string[]; input?: string }[] = [];
  const used = new Map<string, number>();
  const run: KubectlRunner = (args, input) => {
    const line = args.join(' ');
    calls.push({ args: [...args], ...(input === undefined ? {} : { input }) });
    const scripted = answers[line];
    if (scripted === undefined) throw new Error(`unexpected kubectl call: ${line}`);
    const n = used.get(line) ?? 0;
    used.set(line, n + 1);
    const answer = Array.isArray(scripted) ? scripted[Math.min(n, scripted.length - 1)] : (scripted as Answer);
    return { status: 0, signal: null, stdout: '', stderr: '', ...answer };
  };
  return { run, calls };
}

/** A failed call as kubectl reports one. */
export const failure = (stderr: string, status = 1): Answer => ({ status, stderr });
