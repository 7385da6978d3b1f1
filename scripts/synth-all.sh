#!/usr/bin/env bash
# Regenerates every committed output folder (each stack × profile) with development credentials,
# exactly as the committed-folder test compares them. Run after any change to synthesized output.
set -euo pipefail
cd "$(dirname "$0")/.."
unset POSTGRES_USER POSTGRES_PASSWORD POSTGRES_PASSWORD_FILE POSTGRES_DB
node bin/run.js build
node -e "
require('esbuild').buildSync({ entryPoints: ['src/charts/stacks.ts'], bundle: true, packages: 'external', platform: 'node', format: 'cjs', outfile: 'lib/stacks-list.js', logLevel: 'error' });
const { STACKS } = require('./lib/stacks-list.js');
for (const s of STACKS) for (const p of s.profiles) console.log(s.name + ' ' + p);
" | while read -r stack profile; do
  node bin/run.js synth --stack "$stack" --profile "$profile" >/dev/null 2>&1 || { echo "synth failed: $stack $profile" >&2; node bin/run.js synth --stack "$stack" --profile "$profile"; }
done
