import * as fs from 'fs';
import * as path from 'path';
import { committedOutputs } from '../../src/charts/stacks';
import { synthesize } from '../../src/synth';

const ROOT = path.join(__dirname, '..', '..');

const outputs = committedOutputs().map((o) => ({ stack: o.stack.name, profile: o.profile, routing: o.routing, outdir: o.outdir }));

test('every routing of a profile has its committed folder: Bernstein modern and hardened through the Gateway API too', () => {
  expect(outputs.filter((o) => o.routing === 'gateway').map((o) => o.outdir)).toEqual(['dist-modern-gateway', 'dist-hardened-gateway']);
  expect(new Set(outputs.map((o) => o.outdir)).size).toBe(outputs.length);
});

describe.each(outputs)('committed $outdir/ ($stack, profile $profile, routing $routing)', ({ stack, profile, routing, outdir }) => {
  // Development credentials: what `npm run synth` writes when no POSTGRES_* variable is set.
  const fresh = synthesize({ stack, profile, routing, env: {} });

  test('equals a fresh synth byte for byte and holds nothing else', () => {
    const dir = path.join(ROOT, outdir);
    expect(fs.readdirSync(dir).sort()).toEqual([...fresh.rendered.keys()].sort());
    for (const [file, text] of fresh.rendered) {
      expect({ file, text: fs.readFileSync(path.join(dir, file), 'utf-8') }).toEqual({ file, text });
    }
  });
});
