import { spawnSync } from 'child_process';
import { buildSync } from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeFolderAtomically } from '../../src/output/write';
import { ownFile } from '../helpers/temp';

// Files as this tool writes them: a folder of them may be replaced, anything else may not.
const [A, a1] = ownFile('a', 'A');
const [, a2] = ownFile('a', 'A2');
const [B, b1] = ownFile('b', 'B');

function folder(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf-8')]));
}

describe('writeFolderAtomically', () => {
  let parent: string;
  beforeEach(() => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'write-test-'));
  });
  afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));

  test('creates the folder, and a second write replaces it whole (no stale files)', () => {
    const out = path.join(parent, 'dist');
    writeFolderAtomically(out, new Map([[A, a1], [B, b1]]));
    writeFolderAtomically(out, new Map([[A, a2]]));
    expect(folder(out)).toEqual({ [A]: a2 });
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test('a failure half-way leaves the previous folder byte-identical and no staging folder behind', () => {
    const out = path.join(parent, 'dist');
    writeFolderAtomically(out, new Map([[A, a1]]));
    expect(() => writeFolderAtomically(out, new Map([[B, b1], ['../escape.yaml', 'X']]))).toThrow('must not contain a path');
    expect(folder(out)).toEqual({ [A]: a1 });
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });
});

describe('writeFolderAtomically: permissions', () => {
  let parent: string;
  let savedUmask: number;
  beforeEach(() => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'write-mode-'));
    savedUmask = process.umask(0o022);
  });
  afterEach(() => {
    process.umask(savedUmask);
    fs.rmSync(parent, { recursive: true, force: true });
  });

  test.each([['022', '755', '644'], ['002', '775', '664'], ['077', '700', '600']])(
    'with umask %s the folder is %s and its files %s, on creation and on replacement',
    (umask, folderMode, fileMode) => {
      process.umask(parseInt(umask, 8));
      const out = path.join(parent, 'dist');
      for (let write = 0; write < 2; write++) {
        writeFolderAtomically(out, new Map([[A, a1]]));
        expect((fs.statSync(out).mode & 0o777).toString(8)).toBe(folderMode);
        expect((fs.statSync(path.join(out, A)).mode & 0o777).toString(8)).toBe(fileMode);
      }
    },
  );
});

/**
 * Permission checks are bypassed by root, so when the suite runs as root the writer runs in a
 * child process as `nobody`; otherwise it runs as the current user, who owns the test folders.
 */
describe('writeFolderAtomically: a folder that cannot be written', () => {
  const NOBODY = 65534;
  const asRoot = process.getuid?.() === 0;
  let work: string;
  let writer: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'write-perm-'));
    fs.chmodSync(work, 0o755);
    writer = path.join(work, 'writer.js');
    buildSync({ entryPoints: [path.resolve(__dirname, '../../src/output/write.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: path.join(work, 'write-bundle.js'), logLevel: 'error' });
    fs.writeFileSync(writer, `const { writeFolderAtomically } = require('./write-bundle.js');
try { writeFolderAtomically(process.argv[2], new Map([['a.yaml', 'new']])); } catch (err) { process.stderr.write(err.message); process.exit(1); }`);
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** A fresh folder owned by the user the writer runs as. */
  function ownedFolder(name: string): string {
    const dir = path.join(work, name);
    fs.mkdirSync(dir);
    if (asRoot) fs.chownSync(dir, NOBODY, NOBODY);
    return dir;
  }

  function runWriter(outdir: string) {
    return spawnSync(process.execPath, [writer, outdir], { cwd: work, encoding: 'utf-8', ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}) });
  }

  test('a read-only output folder: error naming it, before anything is replaced, no hidden leftovers', () => {
    const parent = ownedFolder('readonly-target');
    const out = path.join(parent, 'dist');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'a.yaml'), 'old');
    if (asRoot) fs.chownSync(out, NOBODY, NOBODY);
    fs.chmodSync(out, 0o555);
    const result = runWriter(out);
    fs.chmodSync(out, 0o755);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`--outdir "${out}" is not writable, so it cannot be replaced (permission denied); make it writable (chmod u+w) or choose another folder`);
    expect(folder(out)).toEqual({ 'a.yaml': 'old' });
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test('a read-only parent folder: error naming the parent, nothing created', () => {
    const parent = ownedFolder('readonly-parent');
    fs.chmodSync(parent, 0o555);
    const out = path.join(parent, 'new', 'dist');
    const result = runWriter(out);
    fs.chmodSync(parent, 0o755);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`--outdir "${out}": cannot write in its parent folder ${parent} (permission denied); allowed: a folder under a writable parent`);
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  test('the same writer succeeds on a writable folder (the refusals above are about permissions)', () => {
    const parent = ownedFolder('writable');
    const out = path.join(parent, 'dist');
    const result = runWriter(out);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(folder(out)).toEqual({ 'a.yaml': 'new' });
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });
});
