import * as fs from 'fs';
import * as path from 'path';

/**
 * Writes `files` (name → content) as the whole content of `outdir`, atomically: everything
 * goes to a fresh sibling folder first, which then replaces `outdir` in one rename. A failure
 * leaves the previous folder byte-identical; a success leaves no stale file behind.
 */
export function writeFolderAtomically(outdir: string, files: ReadonlyMap<string, string>): void {
  const target = path.resolve(outdir);
  assertReplaceable(outdir, target);
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

const MANIFEST_FILE = /\.ya?ml$/;

/**
 * The output folder is replaced whole, so it must be a folder of manifests: never the working
 * directory or one of its parents, never a folder holding anything but YAML files.
 */
export function assertReplaceable(outdir: string, target: string = path.resolve(outdir)): void {
  const relativeToTarget = path.relative(target, process.cwd());
  if (relativeToTarget === '' || !relativeToTarget.startsWith('..')) {
    throw new Error(`--outdir "${outdir}" is the working directory or one of its parents; allowed: a folder of its own, e.g. dist`);
  }
  if (!fs.existsSync(target)) return;
  if (!fs.statSync(target).isDirectory()) throw new Error(`--outdir "${outdir}" is a file; allowed: a folder of manifests`);
  const foreign = fs.readdirSync(target).filter((name) => !MANIFEST_FILE.test(name) || !fs.statSync(path.join(target, name)).isFile());
  if (foreign.length > 0) {
    throw new Error(`--outdir "${outdir}" holds other things than manifests (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}); refusing to replace it; allowed: a new folder or one holding only *.yaml files`);
  }
}
