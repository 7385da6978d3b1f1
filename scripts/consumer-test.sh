#!/usr/bin/env bash
# Consumer test: the package as a user gets it. Packs the repository, installs the tarball into
# a fresh project outside the repository (npm registry only, cache first), then compiles every
# examples/*.ts there with `tsc --strict` against the INSTALLED package, twice: with the tsconfig
# `cdk8s init typescript-app` writes (CommonJS, lib es2016, no skipLibCheck: main/types) and with
# Node16 resolution (the `exports` map), and imports it from an ES module. Each compiled example
# runs with an output folder, and the installed package's own checker must find no error in
# what it wrote (Kubernetes 1.27, 1.33). Then the shipped bin, as a user of the library runs it on
# the app's output: `npx bernstein-cdk8s --help` lists the commands; `check` passes the output and
# fails it with a planted dangling Secret reference; `deploy --dry-run --dir` applies postgres
# before the API that reads it; `diagram --dir` draws it; `synth --outdir` refuses a folder holding
# a file of the user's, changing nothing.
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
# Nothing was built at install time and nothing of the repository's tooling came along, but the bin.
for absent in lib src/index.ts scripts node_modules/.bin/esbuild; do
  if [ -e "$installed/$absent" ] || [ -e "$app/$absent" ]; then echo "consumer-test: unexpected $absent after install" >&2; exit 1; fi
done
[ -x "$app/node_modules/.bin/bernstein-cdk8s" ] || { echo "consumer-test: no bernstein-cdk8s bin after install" >&2; exit 1; }
# The packed package.json runs nothing at install time (npm warns about scripts needing unshipped files).
node -e '
  const scripts = require(process.argv[1]).scripts ?? {};
  const run = ["preinstall", "install", "postinstall", "prepare"].filter((s) => s in scripts);
  if (run.length > 0) { console.error(`consumer-test: packed package.json has install-time scripts: ${run.join(", ")}`); process.exit(1); }
' "$installed/package.json"

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
# cdk8s's own CLI runs a compiled example as any cdk8s app (CDK8S_OUTDIR, <chart>.k8s.yaml).
cli_out="$work/cdk8s-cli"
(cd "$app" && CDK8S_CHECK_UPGRADE=false "$root/node_modules/.bin/cdk8s" synth --app "node out/shop.js" --output "$cli_out" >/dev/null) \
  || { echo "consumer-test: cdk8s synth --app failed on examples/shop.ts" >&2; exit 1; }
if [ -z "$(ls "$cli_out")" ] || ls "$cli_out" | grep -qv '\.k8s\.yaml$'; then echo "consumer-test: cdk8s synth --app wrote $(ls "$cli_out")" >&2; exit 1; fi
echo "consumer-test: [$(($(date +%s) - started)) s] npx cdk8s synth --app 'node out/shop.js': $(ls "$cli_out" | wc -l) <chart>.k8s.yaml file(s)"

# The shipped bin on the shop example's output, from the consumer project (no repository around).
shop="$work/manifests/shop"
help="$(cd "$app" && npx bernstein-cdk8s --help)"
for command in synth check deploy diagram; do
  grep -q "^  $command " <<<"$help" || { echo "consumer-test: bernstein-cdk8s --help does not list $command" >&2; echo "$help" >&2; exit 1; }
done
(cd "$app" && npx bernstein-cdk8s check "$shop" >/dev/null) || { echo "consumer-test: bernstein-cdk8s check failed on the shop output" >&2; exit 1; }
planted="$work/planted"
cp -r "$shop" "$planted"
cat >"$planted/intruder.deployment.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: intruder, namespace: default}
spec:
  selector: {matchLabels: {app: intruder}}
  template:
    metadata: {labels: {app: intruder}}
    spec:
      containers:
        - name: intruder
          image: example/intruder:1.0
          env: [{name: TOKEN, valueFrom: {secretKeyRef: {name: no-such-secret, key: token}}}]
YAML
set +e
report="$(cd "$app" && npx bernstein-cdk8s check "$planted")"; status=$?
set -e
if [ "$status" -eq 0 ] || ! grep -q 'no-such-secret' <<<"$report"; then echo "consumer-test: check did not fail on a dangling Secret reference (exit $status)" >&2; echo "$report" >&2; exit 1; fi
plan="$(cd "$work/manifests" && KUBECTL=kubectl "$app/node_modules/.bin/bernstein-cdk8s" deploy --dry-run --dir shop)"
postgres_line=$(grep -n ' apply .*shop/postgres\.' <<<"$plan" | head -1 | cut -d: -f1)
api_line=$(grep -n ' apply .*shop/api\.' <<<"$plan" | head -1 | cut -d: -f1)
if [ -z "$postgres_line" ] || [ -z "$api_line" ] || [ "$postgres_line" -ge "$api_line" ]; then
  echo "consumer-test: deploy --dry-run --dir does not apply postgres before the API that reads it" >&2; echo "$plan" >&2; exit 1
fi
(cd "$app" && npx bernstein-cdk8s diagram --dir "$shop" | grep -q '^flowchart LR$') || { echo "consumer-test: diagram --dir drew nothing" >&2; exit 1; }
echo 'mine' >"$planted/notes.txt"
before="$(cd "$planted" && sha256sum -- * | sha256sum)"
set +e
refusal="$(cd "$app" && npx bernstein-cdk8s synth --outdir "$planted" 2>&1)"; status=$?
set -e
if [ "$status" -ne 2 ] || ! grep -q 'notes.txt' <<<"$refusal" || [ "$before" != "$(cd "$planted" && sha256sum -- * | sha256sum)" ]; then
  echo "consumer-test: synth --outdir did not refuse a folder holding the user's files (exit $status)" >&2; echo "$refusal" >&2; exit 1
fi
echo "consumer-test: [$(($(date +%s) - started)) s] bin: --help lists the commands; check exits 0 on the shop output, non-zero on a planted dangling Secret; deploy --dry-run --dir applies postgres (line $postgres_line) before api (line $api_line); diagram --dir draws; synth --outdir refuses a folder holding notes.txt (exit 2, unchanged)"
echo "consumer-test: passed in $(($(date +%s) - started)) s"
