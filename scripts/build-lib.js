#!/usr/bin/env node
// Builds the library as `npm pack` ships it: a clean build/ holding the JavaScript and the
// declarations of src/index.ts and of every module it imports (tsconfig.build.json). Cleaning
// first keeps a module that is no longer imported out of the tarball. Runs on `prepack` only,
// so neither `npm ci` in the repository nor a consumer installing the tarball compiles anything.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
fs.rmSync(path.join(root, 'build'), { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
  cwd: root,
  stdio: 'inherit',
});
