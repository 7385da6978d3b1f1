#!/usr/bin/env bash
# Consumer test: the package as a user gets it. Packs the repository, installs the tarball into
# a fresh project outside the repository (npm registry only, cache first), then compiles every
# examples/*.ts there with `tsc --strict` against the INSTALLED package, twice: with the tsconfig
# `cdk8s init typescript-app` writes (CommonJS, lib es2016, no skipLibCheck: main/types) and with
# Node16 resolution (the `exports` map), and imports it from an ES module. Each compiled example
# runs with an output folder, and the installed package's own checker must find no error in
# what it wrote (Kubernetes 1.27, 1.33).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/bernstein-consumer-XXXXXX")"
trap 'rm -rf "$work"' EXIT
started=$(date +%s)

version_of() { node -p "require('$root/node_modules/$1/package.json').version"; }

echo "consumer-test: [$(($(date +%s) - started)) s] packing"
(cd "$root" && npm pack --offline --silent --pack-destination "$work" >/dev/null)
tarball="$(ls "$work"/bernstein-cdk8s-*.tgz)"
echo "consumer-test: [$(($(date +%s) - started)) s] $(basename "$tarball"): $(wc -c <"$tarball") bytes, $(tar -tzf "$tarball" | wc -l) files"

app="$work/app"
mkdir -p "$app/examples"
cp "$root"/examples/*.ts "$app/examples/"
cat >"$app/package.json" <<'JSON'
{ "name": "consumer", "version": "1.0.0", "private": true, "license": "MIT" }
JSON
# What `cdk8s init typescript-app` writes (cdk8s-cli templates/typescript-app/tsconfig.json).
cat >"$app/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "alwaysStrict": true, "declaration": true, "experimentalDecorators": true,
    "lib": ["es2016"], "module": "CommonJS", "noEmitOnError": true,
    "noFallthroughCasesInSwitch": true, "noImplicitAny": true, "noImplicitReturns": true,
    "noImplicitThis": true, "noUnusedLocals": true, "noUnusedParameters": true,
    "resolveJsonModule": true, "strict": true, "strictNullChecks": true,
    "strictPropertyInitialization": true, "stripInternal": true, "target": "ES2017",
    "types": ["node"], "outDir": "out"
  },
  "include": ["examples/*.ts"]
}
JSON

echo "consumer-test: [$(($(date +%s) - started)) s] installing the tarball with cdk8s, constructs, typescript"
(cd "$app" && npm install --prefer-offline --no-audit --no-fund --loglevel=error \
  "$tarball" "cdk8s@$(version_of cdk8s)" "constructs@$(version_of constructs)" \
  "typescript@$(version_of typescript)" "@types/node@$(version_of @types/node)" >/dev/null)

installed="$app/node_modules/bernstein-cdk8s"
# Nothing was built at install time and nothing of the repository's tooling came along.
for absent in lib bin src/index.ts node_modules/.bin/esbuild; do
  if [ -e "$installed/$absent" ] || [ -e "$app/$absent" ]; then echo "consumer-test: unexpected $absent after install" >&2; exit 1; fi
done

# Both compilations at once (the second only type-checks); each fails the script on its own.
echo "consumer-test: [$(($(date +%s) - started)) s] tsc --strict: cdk8s init tsconfig (CommonJS, main/types), and Node16 resolution through exports"
(cd "$app" && npx tsc -p tsconfig.json) & commonjs=$!
# The declarations are checked by the first pass; this one only resolves through `exports`.
(cd "$app" && npx tsc -p tsconfig.json --module node16 --moduleResolution node16 --noEmit --skipLibCheck) & node16=$!
wait "$commonjs" || { echo "consumer-test: tsc failed with the cdk8s init tsconfig" >&2; exit 1; }
wait "$node16" || { echo "consumer-test: tsc failed with Node16 resolution" >&2; exit 1; }

# ES module apps get the same named exports (Node detects them in the compiled CommonJS).
(cd "$app" && node --input-type=module -e '
  import { BernsteinChart, k8s, Redis, writeManifests } from "bernstein-cdk8s";
  for (const f of [BernsteinChart, k8s.KubeCronJob, Redis, writeManifests]) if (typeof f !== "function") process.exit(1);
') || { echo "consumer-test: named imports from an ES module failed" >&2; exit 1; }

for compiled in "$app"/out/*.js; do
  name="$(basename "$compiled" .js)"
  out="$work/manifests/$name"
  (cd "$app" && node "$compiled" "$out")
  count=$(ls "$out" | wc -l)
  (cd "$app" && node -e '
    const { check } = require("bernstein-cdk8s");
    let failed = false;
    for (const k8s of ["1.27", "1.33"]) {
      const errors = check(process.argv[1], { k8s }).problems.filter((p) => p.severity === "error");
      for (const p of errors) console.error(`  ${k8s} ${p.file} ${p.object} ${p.field}: ${p.message}`);
      failed = failed || errors.length > 0;
    }
    process.exit(failed ? 1 : 0);
  ' "$out") || { echo "consumer-test: examples/$name.ts wrote manifests with errors" >&2; exit 1; }
  echo "consumer-test: [$(($(date +%s) - started)) s] examples/$name.ts wrote $count files, 0 errors on Kubernetes 1.27 and 1.33"
done
echo "consumer-test: passed in $(($(date +%s) - started)) s"
