import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderYaml } from '../../src/output/render';

/**
 * A maker of fresh folders in the OS temp directory, all removed after the test file's tests
 * (call it at file or describe scope, where afterAll may be registered).
 */
export function tempFolders(prefix: string): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

/** A file exactly as this tool writes it (one ConfigMap of component `component`): name and text. */
export function ownFile(component: string, value = 'A'): [string, string] {
  return [`${component}.configmap.yaml`, renderYaml([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: component }, data: { value } }])];
}
