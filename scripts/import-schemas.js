#!/usr/bin/env node
// Makes the checker's strict schema of one Kubernetes release, schemas/k8s/v<version>.json.gz,
// from the cdk8s project's kubernetes-schemas/v<version>/_definitions.json (the release's own
// OpenAPI definitions, as cdk8s publishes them; the same file `cdk8s import k8s` reads).
// The definitions are kept as they are except for their prose: string `description`s, which the
// checker never reads, are dropped (a property *named* description is kept), and the JSON is
// written compact and gzipped (level 9, no timestamp), so the same input gives the same bytes.
// That makes each schema ~20 kB instead of ~200 kB.
// Usage: node scripts/import-schemas.js <path/to/_definitions.json> <version, e.g. 1.34.0>
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const [source, version] = process.argv.slice(2);
if (!source || !/^\d+\.\d+\.\d+$/.test(version ?? '')) {
  console.error('usage: node scripts/import-schemas.js <_definitions.json> <version, e.g. 1.34.0>');
  process.exit(2);
}

const { withoutProse } = require('./without-prose');

const definitions = JSON.parse(fs.readFileSync(source, 'utf8'));
if (!definitions || typeof definitions.definitions !== 'object') {
  console.error(`${source}: no "definitions" object; expected cdk8s kubernetes-schemas _definitions.json`);
  process.exit(1);
}
const target = path.join(__dirname, '..', 'schemas', 'k8s', `v${version}.json.gz`);
const gz = zlib.gzipSync(JSON.stringify(withoutProse(definitions)), { level: 9 });
fs.writeFileSync(target, gz);
console.error(`${path.relative(process.cwd(), target)}: ${gz.length} bytes from ${source}`);
