#!/usr/bin/env node
// Offline `cdk8s import k8s@<version>`: the cdk8s CLI downloads the cdk8s project's
// kubernetes-schemas/v<version>/_definitions.json; we hand it the same file from disk.
// Usage: node scripts/import-k8s.js <path/to/_definitions.json> [version]
const fs = require('fs');
const path = require('path');
const cliRoot = path.join(__dirname, '..', 'node_modules', 'cdk8s-cli');
const util = require(path.join(cliRoot, 'lib/util'));
const [definitions, version = '1.27.0'] = process.argv.slice(2);
if (!definitions) {
  console.error('usage: node scripts/import-k8s.js <_definitions.json> [version]');
  process.exit(2);
}
util.download = async () => fs.readFileSync(definitions, 'utf-8');
const { ImportKubernetesApi } = require(path.join(cliRoot, 'lib/import/k8s'));
(async () => {
  const importer = new ImportKubernetesApi({ apiVersion: version });
  await importer.import({ outdir: path.join(__dirname, '..', 'imports'), targetLanguage: 'typescript' });
  console.error(`imports/k8s.ts generated from ${definitions} (Kubernetes ${version})`);
})().catch((e) => { console.error(e); process.exit(1); });
