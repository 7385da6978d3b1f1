import * as fs from 'fs';
/** Runs a CLI `main` in-process and captures what it writes. */
export async function runMain(main: (args: string[]) => Promise<number>, args: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/**
 * {@link runMain} with `cwd` as the working directory (where a command writes its default
 * folders), restored afterwards; also returns the folder's entries once the command is done.
 */
export async function runMainIn(cwd: string, main: (args: string[]) => Promise<number>, args: string[], env: Record<string, string | undefined> = {}) {
  const saved = process.cwd();
  process.chdir(cwd);
  try {
    const result = await runMain(main, args, env);
    return { ...result, cwd, folders: fs.readdirSync(cwd).sort() };
  } finally {
    process.chdir(saved);
  }
}
