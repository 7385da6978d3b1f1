'use strict';
// Schemas as the checker reads them: every `description` string dropped (the checker never shows
// them, and they are most of a schema's size). Shared by import-schemas.js and import-gateway-schemas.js.
function withoutProse(node) {
  if (Array.isArray(node)) return node.map(withoutProse);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' && typeof value === 'string') continue;
    out[key] = withoutProse(value);
  }
  return out;
}

module.exports = { withoutProse };
