#!/usr/bin/env bash
# Regenerates every committed output folder (each stack × profile × routing) with development credentials,
# exactly as the committed-folder test compares them. Run after any change to synthesized output.
set -euo pipefail
cd "$(dirname "$0")/.."
unset POSTGRES_USER POSTGRES_PASSWORD POSTGRES_PASSWORD_FILE POSTGRES_DB
node bin/run.js build
node -e "
require('esbuild').buildSync({ entryPoints: ['src/charts/stacks.ts'], bundle: true, packages: 'external', platform: 'node', format: 'cjs', outfile: 'lib/stacks-list.js', logLevel: 'error' });
const { committedOutputs } = require('./lib/stacks-list.js');
for (const o of committedOutputs()) console.log(o.stack.name + ' ' + o.profile + ' ' + o.routing);
" | while read -r stack profile routing; do
  node bin/run.js synth --stack "$stack" --profile "$profile" --routing "$routing" >/dev/null 2>&1 || { echo "synth failed: $stack $profile $routing" >&2; node bin/run.js synth --stack "$stack" --profile "$profile" --routing "$routing"; }
done
