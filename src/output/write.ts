import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ValidationError } from '../validation/prop-checker';
import { foreignEntries } from './ownership';

/**
 * Writes `files` (name → content) as the whole content of `outdir`, atomically: everything
 * goes to a fresh sibling folder first, which then replaces `outdir` in one rename. A failure
 * leaves the previous folder byte-identical and no staging folder behind; a success leaves no
 * stale file behind. The new folder and its files get the modes the user's umask gives, like
 * any folder made with `mkdir`. `subject` names the folder in messages (the CLI flag, or the
 * library function and its parameter).
 */
export function writeFolderAtomically(outdir: string, files: ReadonlyMap<string, string>, subject = '--outdir'): void {
  const target = path.resolve(outdir);
  assertReplaceable(outdir, target, subject);
  const parent = path.dirname(target);
  try {
    fs.mkdirSync(parent, { recursive: true });
  } catch (err) {
    throw new Error(`cannot create the parent folder of "${outdir}" (${parent}): ${systemReason(err)}`);
  }
  const staging = createStagingFolder(parent, path.basename(target));
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
    // System errors (EACCES, ENOSPC, …) get the folder's name; our own errors already say what is wrong.
    throw errorCode(err) === undefined ? err : new Error(`cannot write "${outdir}": ${systemReason(err)}`);
  }
  if (retired) {
    try {
      fs.rmSync(retired, { recursive: true, force: true });
    } catch (err) {
      throw new Error(`"${outdir}" was written, but its previous copy ${retired} could not be removed: ${systemReason(err)}`);
    }
  }
}

/**
 * A new hidden folder next to the target. `mkdir` (not `mkdtemp`, which always makes mode 700)
 * so that the folder that replaces the target has ordinary permissions.
 */
function createStagingFolder(parent: string, base: string): string {
  for (;;) {
    const staging = path.join(parent, `.${base}.tmp-${randomBytes(6).toString('hex')}`);
    try {
      fs.mkdirSync(staging);
      return staging;
    } catch (err) {
      if (errorCode(err) !== 'EEXIST') throw new Error(`cannot write next to "${base}" in ${parent}: ${systemReason(err)}`);
    }
  }
}

/** Foreign files named in a refusal; the rest are counted. */
const MAX_NAMED = 10;

/**
 * The output folder is replaced whole, so it must be ours: never the working directory or one
 * of its parents, never a folder holding anything this tool did not write (a file of another
 * name, a manifest written or edited by hand: see isOwnOutput). Refusals are ValidationErrors
 * naming every foreign file; nothing is changed. Replacing
 * needs write access to the folder (its files are removed) and to its parent (the new folder
 * is made there): both are checked before anything is written.
 */
export function assertReplaceable(outdir: string, target: string = path.resolve(outdir), subject = '--outdir'): void {
  const relativeToTarget = path.relative(target, process.cwd());
  if (relativeToTarget === '' || !relativeToTarget.startsWith('..')) {
    throw new ValidationError([`${subject} "${outdir}" is the working directory or one of its parents; allowed: a folder of its own, e.g. dist`]);
  }
  const parent = nearestExistingFolder(path.dirname(target));
  if (!canWrite(parent)) {
    throw new ValidationError([`${subject} "${outdir}": cannot write in its parent folder ${parent} (permission denied); allowed: a folder under a writable parent`]);
  }
  if (!fs.existsSync(target)) return;
  if (!fs.statSync(target).isDirectory()) throw new ValidationError([`${subject} "${outdir}" is a file; allowed: a folder of manifests`]);
  if (!canWrite(target)) {
    throw new ValidationError([`${subject} "${outdir}" is not writable, so it cannot be replaced (permission denied); make it writable (chmod u+w) or choose another folder`]);
  }
  const foreign = foreignEntries(target);
  if (foreign.length > 0) {
    const shown = foreign.length > MAX_NAMED ? `${foreign.slice(0, MAX_NAMED).join(', ')} and ${foreign.length - MAX_NAMED} more` : foreign.join(', ');
    throw new ValidationError([
      `${subject} "${outdir}" holds ${foreign.length === 1 ? 'a file' : `${foreign.length} files`} this tool did not write (${shown}); ` +
        'refusing to replace it, nothing was changed; allowed: a new or empty folder, or one holding only manifests this tool wrote ' +
        '(move your files elsewhere, or choose another folder)',
    ]);
  }
}

/** The folder itself, or its closest ancestor that exists (where `mkdir -p` would start). */
function nearestExistingFolder(folder: string): string {
  let current = folder;
  while (!fs.existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

/** Whether this process may create and remove entries in `folder`. */
function canWrite(folder: string): boolean {
  try {
    fs.accessSync(folder, fs.constants.W_OK | fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/** The message of a system error (thrown from another realm under jest, so no instanceof). */
function systemReason(err: unknown): string {
  return typeof err === 'object' && err !== null && 'message' in err ? String((err as { message: unknown }).message) : String(err);
}
