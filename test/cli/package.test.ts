import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8')) as {
  bin: Record<string, string>; files: string[]; scripts: Record<string, string>; license: string;
};
// tsconfig.build.json has comments: keep only its "files" line.
const buildFiles = JSON.parse(/"files":\s*(\[[^\]]*\])/.exec(fs.readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf-8'))![1]) as string[];

test('the package ships the bernstein-cdk8s bin and the compiled commands it runs', () => {
  expect(pkg.bin).toEqual({ 'bernstein-cdk8s': 'bin/run.js' });
  expect(pkg.files).toContain('bin/run.js');
  expect(fs.readFileSync(path.join(ROOT, 'bin', 'run.js'), 'utf-8').split('\n')[0]).toBe('#!/usr/bin/env node');
  for (const command of ['synth', 'check', 'deploy', 'diagram']) expect(buildFiles).toContain(`src/cli/${command}.ts`);
});

test('nothing runs at install time (a script there would need files the tarball does not ship)', () => {
  expect(Object.keys(pkg.scripts).filter((s) => ['preinstall', 'install', 'postinstall', 'prepare'].includes(s))).toEqual([]);
});

test('a LICENSE file says what package.json says', () => {
  expect(pkg.license).toBe('MIT');
  expect(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf-8')).toMatch(/^MIT License\n/);
});

test('--help lists every command; an unknown one exits 2 with the list', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin', 'run.js'), ...args], { cwd: ROOT, encoding: 'utf-8' });
  const help = run('--help');
  expect(help.status).toBe(0);
  expect(help.stdout.split('\n').filter((l) => /^ {2}[a-z]+ {2,}/.test(l)).map((l) => l.trim().split(' ')[0])).toEqual(['synth', 'check', 'deploy', 'diagram', 'bench']);
  for (const args of [['synht']]) {
    const wrong = run(...args);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/^error: unknown command "synht" \(did you mean synth\?\); allowed: synth, check, deploy, diagram, bench\n/);
  }
});
