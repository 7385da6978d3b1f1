#!/usr/bin/env node
// The checker validates Gateway API objects against the standard-channel CRDs vendored in
// schemas/gateway-api/<version>-standard-crds.yaml.gz (the file deploy installs). Parsing that
// 650 kB of YAML costs more than a whole check, so this script writes what validation needs,
// once, as compact JSON: per CRD its group, kind and served versions with their
// openAPIV3Schema, prose (`description` strings) dropped. Same input, same bytes.
// Usage: node scripts/import-gateway-schemas.js [version, default v1.6.1]
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { parseAllDocuments } = require('yaml');

const version = process.argv[2] ?? 'v1.6.1';
const dir = path.join(__dirname, '..', 'schemas', 'gateway-api');
const source = path.join(dir, `${version}-standard-crds.yaml.gz`);
const target = path.join(dir, `${version}-standard-schemas.json.gz`);

const { withoutProse } = require('./without-prose');

const crds = parseAllDocuments(zlib.gunzipSync(fs.readFileSync(source)).toString('utf8'))
  .map((d) => d.toJS())
  .filter((crd) => crd && crd.kind === 'CustomResourceDefinition')
  .map((crd) => ({
    group: crd.spec.group,
    kind: crd.spec.names.kind,
    versions: crd.spec.versions.filter((v) => v.served !== false).map((v) => ({ name: v.name, schema: withoutProse(v.schema?.openAPIV3Schema ?? null) })),
  }));
const gz = zlib.gzipSync(JSON.stringify({ source: path.basename(source), crds }), { level: 9 });
fs.writeFileSync(target, gz);
console.error(`${path.relative(process.cwd(), target)}: ${crds.map((c) => c.kind).join(', ')} (${gz.length} bytes)`);
