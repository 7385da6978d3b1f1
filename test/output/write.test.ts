import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeFolderAtomically } from '../../src/output/write';

function folder(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf-8')]));
}

describe('writeFolderAtomically', () => {
  let parent: string;
  beforeEach(() => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'write-test-'));
  });

  test('creates the folder, and a second write replaces it whole (no stale files)', () => {
    const out = path.join(parent, 'dist');
    writeFolderAtomically(out, new Map([['a.yaml', 'A'], ['b.yaml', 'B']]));
    writeFolderAtomically(out, new Map([['a.yaml', 'A2']]));
    expect(folder(out)).toEqual({ 'a.yaml': 'A2' });
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test('a failure half-way leaves the previous folder byte-identical and no staging folder behind', () => {
    const out = path.join(parent, 'dist');
    writeFolderAtomically(out, new Map([['a.yaml', 'A']]));
    expect(() => writeFolderAtomically(out, new Map([['b.yaml', 'B'], ['../escape.yaml', 'X']]))).toThrow('must not contain a path');
    expect(folder(out)).toEqual({ 'a.yaml': 'A' });
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });
});
