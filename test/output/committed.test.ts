import * as fs from 'fs';
import * as path from 'path';
import { STACKS } from '../../src/charts/stacks';
import { synthesize } from '../../src/synth';

const ROOT = path.join(__dirname, '..', '..');

const outputs = STACKS.flatMap((stack) => stack.profiles.map((profile) => ({ stack: stack.name, profile, outdir: stack.defaultOutdir(profile) })));

describe.each(outputs)('committed $outdir/ ($stack, profile $profile)', ({ stack, profile, outdir }) => {
  // Development credentials: what `npm run synth` writes when no POSTGRES_* variable is set.
  const fresh = synthesize({ stack, profile, env: {} });

  test('equals a fresh synth byte for byte and holds nothing else', () => {
    const dir = path.join(ROOT, outdir);
    expect(fs.readdirSync(dir).sort()).toEqual([...fresh.rendered.keys()].sort());
    for (const [file, text] of fresh.rendered) {
      expect({ file, text: fs.readFileSync(path.join(dir, file), 'utf-8') }).toEqual({ file, text });
    }
  });
});
