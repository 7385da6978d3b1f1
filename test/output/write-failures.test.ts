// The atomic write under file-system failures injected where only a broken disk or a racing
// process would put them: the rename that puts the new folder in place, the rename that moves the
// old one aside, the removal of the old copy. The real file system does the rest, in a temporary
// folder this file removes.
import * as os from 'os';
import * as path from 'path';

type Rename = (from: string, to: string) => void;
type Remove = (target: string, options?: { recursive?: boolean; force?: boolean }) => void;
type Write = (file: string, data: string | Uint8Array) => void;
type MakeFolder = (folder: string, options?: { recursive?: boolean }) => void;
type Access = (target: string, mode?: number) => void;
type Read = (file: string, encoding: BufferEncoding) => string;

/** Failures to inject: each returns the error to throw for a call, or undefined to let it through. */
const inject: {
  rename?: (from: string, to: string) => Error | undefined;
  remove?: (target: string) => Error | undefined;
  write?: (file: string) => Error | undefined;
  mkdir?: (folder: string) => Error | undefined;
  access?: (target: string, mode: number) => Error | undefined;
  read?: (file: string) => Error | undefined;
  /** Reorders what readdir lists (file systems list in creation or hash order, not by name). */
  listing?: <T>(entries: T[]) => T[];
} = {};

jest.mock('fs', () => {
  const real = jest.requireActual<typeof import('fs')>('fs');
  return {
    ...real,
    renameSync: jest.fn((from: string, to: string) => {
      const error = inject.rename?.(from, to);
      if (error) throw error;
      (real.renameSync as Rename)(from, to);
    }),
    rmSync: jest.fn((target: string, options?: { recursive?: boolean; force?: boolean }) => {
      const error = inject.remove?.(target);
      if (error) throw error;
      (real.rmSync as Remove)(target, options);
    }),
    mkdirSync: jest.fn((folder: string, options?: { recursive?: boolean }) => {
      const error = inject.mkdir?.(String(folder));
      if (error) throw error;
      return (real.mkdirSync as MakeFolder)(folder, options);
    }),
    writeFileSync: jest.fn((file: string, data: string | Uint8Array) => {
      const error = inject.write?.(String(file));
      if (error) throw error;
      (real.writeFileSync as Write)(file, data);
    }),
    // access(2) and reads answer as for a user without the permission (the tests run as root).
    accessSync: jest.fn((target: string, mode?: number) => {
      const error = inject.access?.(String(target), mode ?? real.constants.F_OK);
      if (error) throw error;
      (real.accessSync as Access)(target, mode);
    }),
    readdirSync: jest.fn((folder: string, options?: unknown) => {
      const entries = (real.readdirSync as (f: string, o?: unknown) => unknown[])(folder, options);
      return inject.listing ? inject.listing(entries) : entries;
    }),
    readFileSync: jest.fn((file: string, encoding: BufferEncoding) => {
      const error = inject.read?.(String(file));
      if (error) throw error;
      return (real.readFileSync as Read)(file, encoding);
    }),
  };
});

// Imported after the mock is declared (jest hoists jest.mock above imports anyway).
import * as fs from 'fs';
import { writeFolderAtomically } from '../../src/output/write';
import { ownFile } from '../helpers/temp';

/** An error as the system gives it (an errno code), which the writer reports with the folder's name. */
function systemError(code: string, message: string): Error {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

/** Every file of a folder, as bytes. */
function bytesOf(dir: string): Record<string, Buffer> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f))]));
}

// A previous output of this tool (the writer replaces nothing else), with a value that only
// survives a byte-exact copy (non-ASCII, trailing spaces).
const OLD: ReadonlyMap<string, string> = new Map([ownFile('a', 'A'), ownFile('b', 'B \u00e9\u2603  '), ownFile('c', 'C')]);

let work: string;
let parent: string;
let out: string;
let before: Record<string, Buffer>;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'write-failures-'));
});
function clearInjections(): void {
  inject.rename = undefined;
  inject.remove = undefined;
  inject.write = undefined;
  inject.mkdir = undefined;
  inject.access = undefined;
  inject.read = undefined;
  inject.listing = undefined;
}

afterAll(() => {
  clearInjections();
  fs.rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  clearInjections();
  parent = fs.mkdtempSync(path.join(work, 'case-'));
  out = path.join(parent, 'dist');
  writeFolderAtomically(out, OLD);
  before = bytesOf(out);
  expect(Object.keys(before)).toEqual(['a.configmap.yaml', 'b.configmap.yaml', 'c.configmap.yaml']);
});

const NEW = new Map([['a.yaml', 'kind: A2\n'], ['d.yaml', 'kind: D\n']]);

test('the new folder cannot be put in place: the old folder is renamed back, byte-identical, and no staging or old copy is left', () => {
  const renames: Array<[string, string]> = [];
  let intoTarget = 0;
  inject.rename = (from, to) => {
    renames.push([from, to]);
    // The first rename into the output folder is the new folder's: it fails; the next is the restore.
    return path.resolve(to) === out && ++intoTarget === 1 ? systemError('EIO', 'i/o error, rename') : undefined;
  };
  expect(() => writeFolderAtomically(out, NEW)).toThrow(`cannot write "${out}": EIO: i/o error, rename`);
  expect(bytesOf(out)).toEqual(before);
  expect(fs.readdirSync(parent)).toEqual(['dist']);
  // What happened: the old folder went aside, the new one failed to replace it, the old one came back.
  const aside = renames.find(([from]) => path.resolve(from) === out);
  expect(aside).toBeDefined();
  expect(renames.filter(([, to]) => path.resolve(to) === out)).toEqual([
    [expect.not.stringMatching(/^$/), out],
    [aside![1], out],
  ]);
  expect(renames[renames.length - 1]).toEqual([aside![1], out]);
});

test('the old folder cannot be moved aside: it stays in place, byte-identical, and the staging folder is removed', () => {
  inject.rename = (from) => (path.resolve(from) === out ? systemError('EBUSY', 'resource busy or locked, rename') : undefined);
  expect(() => writeFolderAtomically(out, NEW)).toThrow(`cannot write "${out}": EBUSY: resource busy or locked, rename`);
  expect(bytesOf(out)).toEqual(before);
  expect(fs.readdirSync(parent)).toEqual(['dist']);
});

test('a file of the new folder cannot be written: nothing was moved, and the staging folder is removed', () => {
  inject.write = (file) => (file.endsWith('d.yaml') ? systemError('ENOSPC', 'no space left on device, open') : undefined);
  const renames: string[] = [];
  inject.rename = (from) => {
    renames.push(from);
    return undefined;
  };
  expect(() => writeFolderAtomically(out, NEW)).toThrow(`cannot write "${out}": ENOSPC: no space left on device, open`);
  expect(renames).toEqual([]);
  expect(bytesOf(out)).toEqual(before);
  expect(fs.readdirSync(parent)).toEqual(['dist']);
});

test('the old copy cannot be removed after a successful write: the new folder is in place and the error names the leftover', () => {
  let leftover: string | undefined;
  inject.rename = (from, to) => {
    if (path.resolve(from) === out) leftover = to;
    return undefined;
  };
  inject.remove = (target) => (target === leftover ? systemError('EACCES', 'permission denied, rmdir') : undefined);
  let message = '';
  try {
    writeFolderAtomically(out, NEW);
  } catch (err) {
    message = (err as Error).message;
  }
  expect(leftover).toBeDefined();
  expect(message).toBe(`"${out}" was written, but its previous copy ${leftover} could not be removed: EACCES: permission denied, rmdir`);
  expect(bytesOf(out)).toEqual({ 'a.yaml': Buffer.from('kind: A2\n'), 'd.yaml': Buffer.from('kind: D\n') });
  expect(bytesOf(leftover!)).toEqual(before);
});

test('without injected failures the same write replaces the folder whole (the failures above are the only difference)', () => {
  writeFolderAtomically(out, NEW);
  expect(bytesOf(out)).toEqual({ 'a.yaml': Buffer.from('kind: A2\n'), 'd.yaml': Buffer.from('kind: D\n') });
  expect(fs.readdirSync(parent)).toEqual(['dist']);
});

test('the parent folder cannot be created: the error names the folder and the parent, nothing is made', () => {
  const nested = path.join(parent, 'new', 'dist');
  inject.mkdir = (folder) => (folder === path.dirname(nested) ? systemError('EROFS', 'read-only file system, mkdir') : undefined);
  expect(() => writeFolderAtomically(nested, NEW)).toThrow(`cannot create the parent folder of "${nested}" (${path.dirname(nested)}): EROFS: read-only file system, mkdir`);
  expect(fs.readdirSync(parent)).toEqual(['dist']);
});

test('a staging name already taken is skipped for a fresh one; any other failure to make it is named', () => {
  let attempts = 0;
  inject.mkdir = (folder) => (path.basename(folder).startsWith('.dist.tmp-') && ++attempts <= 2 ? systemError('EEXIST', 'file already exists, mkdir') : undefined);
  writeFolderAtomically(out, NEW);
  expect(attempts).toBe(3);
  expect(bytesOf(out)).toEqual({ 'a.yaml': Buffer.from('kind: A2\n'), 'd.yaml': Buffer.from('kind: D\n') });
  expect(fs.readdirSync(parent)).toEqual(['dist']);

  inject.mkdir = (folder) => (path.basename(folder).startsWith('.fresh.tmp-') ? systemError('EACCES', 'permission denied, mkdir') : undefined);
  expect(() => writeFolderAtomically(path.join(parent, 'fresh'), OLD)).toThrow(`cannot write next to "fresh" in ${parent}: EACCES: permission denied, mkdir`);
  expect(fs.readdirSync(parent)).toEqual(['dist']);
});

test('when something else took the output folder\'s place meanwhile, the old copy is not forced over it: the write\'s own error is reported', () => {
  let intoTarget = 0;
  inject.rename = (_from, to) => {
    if (path.resolve(to) !== out || ++intoTarget !== 1) return undefined;
    // Another process made the folder again between our two renames.
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'theirs.yaml'), 'kind: Theirs\n');
    return systemError('ENOTEMPTY', 'directory not empty, rename');
  };
  expect(() => writeFolderAtomically(out, NEW)).toThrow(`cannot write "${out}": ENOTEMPTY: directory not empty, rename`);
  expect(intoTarget).toBe(1);
  expect(bytesOf(out)).toEqual({ 'theirs.yaml': Buffer.from('kind: Theirs\n') });
  // Our previous output is kept aside, whole, rather than lost.
  const aside = fs.readdirSync(parent).filter((n) => n.endsWith('.old'));
  expect(aside).toHaveLength(1);
  expect(bytesOf(path.join(parent, aside[0]))).toEqual(before);
});

test('a file name with a path is refused before anything is moved', () => {
  expect(() => writeFolderAtomically(out, new Map([['ok.yaml', 'x'], ['../escape.yaml', 'x']]))).toThrow(/^output file name "\.\.\/escape\.yaml" must not contain a path$/);
  expect(bytesOf(out)).toEqual(before);
  expect(fs.readdirSync(parent)).toEqual(['dist']);
});

describe('permissions, as access(2) answers a user who lacks them: refused before anything is made or moved', () => {
  const denied = () => systemError('EACCES', 'permission denied, access');

  test.each([
    ['write', fs.constants.W_OK],
    ['search (x)', fs.constants.X_OK],
  ])('an output folder without %s permission is not replaced', (_, missing) => {
    inject.access = (target, mode) => (target === out && (mode & missing) !== 0 ? denied() : undefined);
    const renames: string[] = [];
    inject.rename = (from) => void renames.push(from);
    expect(() => writeFolderAtomically(out, NEW)).toThrow(
      `--outdir "${out}" is not writable, so it cannot be replaced (permission denied); make it writable (chmod u+w) or choose another folder`,
    );
    expect(renames).toEqual([]);
    expect(bytesOf(out)).toEqual(before);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test('a new folder under a parent without write permission: the nearest existing parent is named, nothing is created', () => {
    const nested = path.join(parent, 'new', 'deeper', 'dist');
    inject.access = (target, mode) => (target === parent && (mode & fs.constants.W_OK) !== 0 ? denied() : undefined);
    expect(() => writeFolderAtomically(nested, NEW, 'writeManifests: outdir')).toThrow(
      `writeManifests: outdir "${nested}": cannot write in its parent folder ${parent} (permission denied); allowed: a folder under a writable parent`,
    );
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test('an existing output folder whose parent is not writable is refused, naming the parent', () => {
    inject.access = (target, mode) => (target === parent && (mode & fs.constants.W_OK) !== 0 ? denied() : undefined);
    expect(() => writeFolderAtomically(out, NEW)).toThrow(`--outdir "${out}": cannot write in its parent folder ${parent} (permission denied)`);
    expect(bytesOf(out)).toEqual(before);
  });

  test('a file of the folder that cannot be read is not known to be ours: named, nothing replaced', () => {
    inject.read = (file) => (file === path.join(out, 'b.configmap.yaml') ? systemError('EACCES', 'permission denied, open') : undefined);
    expect(() => writeFolderAtomically(out, NEW)).toThrow(`--outdir "${out}" holds a file this tool did not write (b.configmap.yaml); refusing to replace it`);
    inject.read = undefined;
    expect(bytesOf(out)).toEqual(before);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });
});

test('foreign files are named sorted by name, whatever order the file system lists them in', () => {
  for (const name of ['b.txt', 'a.txt', 'c.txt']) fs.writeFileSync(path.join(out, name), 'mine');
  inject.listing = (entries) => [...entries].reverse();
  expect(() => writeFolderAtomically(out, NEW)).toThrow(`--outdir "${out}" holds 3 files this tool did not write (a.txt, b.txt, c.txt); `);
});
