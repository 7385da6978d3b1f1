import * as fs from 'fs';
import * as path from 'path';

/**
 * Writes `files` (name → content) as the whole content of `outdir`, atomically: everything
 * goes to a fresh sibling folder first, which then replaces `outdir` in one rename. A failure
 * leaves the previous folder byte-identical; a success leaves no stale file behind.
 */
export function writeFolderAtomically(outdir: string, files: ReadonlyMap<string, string>): void {
  const target = path.resolve(outdir);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
  let retired: string | undefined;
  try {
    for (const [name, content] of files) {
      if (name !== path.basename(name)) throw new Error(`output file name "${name}" must not contain a path`);
      fs.writeFileSync(path.join(staging, name), content);
    }
    if (fs.existsSync(target)) {
      retired = `${staging}.old`;
      fs.renameSync(target, retired);
    }
    fs.renameSync(staging, target);
  } catch (err) {
    if (retired && !fs.existsSync(target)) fs.renameSync(retired, target);
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  if (retired) fs.rmSync(retired, { recursive: true, force: true });
}
