import { App, Chart } from 'cdk8s';
import * as path from 'path';
import * as ts from 'typescript';
import * as library from 'bernstein-cdk8s';

// The package's public entry point (src/index.ts), read with the TypeScript compiler as a
// user's editor reads the published declarations: every export documented, every optional
// prop with its @default, an @example on the main constructs, no internals.
const ROOT = path.join(__dirname, '..', '..');
const INDEX = path.join(ROOT, 'src', 'index.ts');

// The repository's compiler options (ES2022 without the DOM), the same for this program and the
// snippet program below, which then reuses every file this one parsed.
const configFile = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
const OPTIONS: ts.CompilerOptions = { ...ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT).options, noEmit: true, types: ['node'], noUnusedLocals: false };
const program = ts.createProgram([INDEX], OPTIONS);
const checker = program.getTypeChecker();
const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(INDEX) as ts.SourceFile) as ts.Symbol;
const exported = checker.getExportsOfModule(moduleSymbol).filter((s) => s.name !== 'k8s');
const resolve = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
const docOf = (s: ts.Symbol): string => ts.displayPartsToString(s.getDocumentationComment(checker)).trim();
const tagsOf = (s: ts.Symbol): string[] => s.getJsDocTags(checker).map((t) => t.name);

const MAIN_CONSTRUCTS = ['StatelessApp', 'StatefulApp', 'Job', 'CronJob', 'Volume', 'ServiceAccount', 'ScalingTarget', 'Redis', 'Postgres', 'MySql', 'MongoDb', 'Kafka', 'Cassandra', 'Traefik', 'Cadvisor', 'Namespace', 'Component', 'BernsteinChart', 'writeManifests'];

test('the constructs, charts, writeManifests, the checker and the k8s classes are exported', () => {
  for (const name of [...MAIN_CONSTRUCTS, 'SingleWriterDatabase', 'PromotionsChart', 'LifespanChart', 'SmackChart', 'renderManifests', 'check', 'HealthCheck', 'ConfigSource']) {
    expect(library).toHaveProperty(name);
  }
  expect(typeof library.k8s.KubeCronJob).toBe('function');
  expect(typeof library.k8s.KubeDeployment).toBe('function');
});

test('internals are not public API', () => {
  const names = exported.map((s) => s.name);
  for (const internal of ['deploymentProps', 'statefulSetProps', 'serviceProps', 'PodParts', 'DeploymentParts', 'memoryLimit', 'PropChecker', 'layoutChart',
    'renderYaml', 'writeFolderAtomically', 'manifestFileName', 'synthesize', 'STACKS', 'findStack', 'spreadAcrossNodes', 'checkDatabaseProps', 'containerEnv',
    'toEnvVars', 'checkHealthCheck', 'checkResources', 'checkNamedPorts', 'checkPodFieldEnv', 'resourceRequirements']) {
    expect(names).not.toContain(internal);
  }
});

test('every export has documentation', () => {
  const undocumented = exported.filter((s) => docOf(resolve(s)) === '').map((s) => s.name);
  expect(undocumented).toEqual([]);
});

test('every property of an exported interface is documented, and every optional one names its @default', () => {
  const problems: string[] = [];
  for (const symbol of exported.map(resolve)) {
    if (!(symbol.flags & ts.SymbolFlags.Interface)) continue;
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    for (const property of checker.getPropertiesOfType(type)) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      if (!declaration || declaration.getSourceFile().fileName.includes('node_modules')) continue;
      if (docOf(property) === '') problems.push(`${symbol.name}.${property.name}: no documentation`);
      if (property.flags & ts.SymbolFlags.Optional && !tagsOf(property).includes('default')) problems.push(`${symbol.name}.${property.name}: optional without @default`);
    }
  }
  expect(problems).toEqual([]);
});

test('every public member of an exported class is documented, and none but @internal ones takes internal types', () => {
  const problems: string[] = [];
  for (const symbol of exported.map(resolve)) {
    if (!(symbol.flags & ts.SymbolFlags.Class)) continue;
    const declaration = symbol.valueDeclaration as ts.ClassDeclaration;
    for (const member of declaration.members) {
      if (ts.isConstructorDeclaration(member) || !member.name) continue;
      const modifiers = ts.getCombinedModifierFlags(member);
      if (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) || ts.isPrivateIdentifier(member.name)) continue;
      const memberSymbol = checker.getSymbolAtLocation(member.name);
      if (memberSymbol && tagsOf(memberSymbol).includes('internal')) continue; // stripped from the published declarations
      if (memberSymbol && docOf(memberSymbol) === '') problems.push(`${symbol.name}.${member.name.getText()}: no documentation`);
      const signature = ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member) || ts.isPropertyDeclaration(member)
        ? [...(ts.isPropertyDeclaration(member) ? [] : member.parameters.map((p) => p.type?.getText() ?? '')), member.type?.getText() ?? ''].join(' ')
        : '';
      if (/\bPropChecker\b/.test(signature)) problems.push(`${symbol.name}.${member.name.getText()}: takes the internal PropChecker (mark it @internal)`);
    }
  }
  expect(problems).toEqual([]);
});

test('the main constructs and writeManifests show an @example', () => {
  const withoutExample = MAIN_CONSTRUCTS.filter((name) => {
    const symbol = exported.find((s) => s.name === name);
    return !symbol || !tagsOf(resolve(symbol)).includes('example');
  });
  expect(withoutExample).toEqual([]);
});

test('every @example compiles against the public API, with a `chart` in scope', () => {
  const snippets = exported.map(resolve).flatMap((symbol) => symbol.getJsDocTags(checker)
    .filter((t) => t.name === 'example')
    .map((t) => `// ${symbol.name}\n{\n${ts.displayPartsToString(t.text)}\n}\n`));
  expect(snippets.length).toBeGreaterThanOrEqual(MAIN_CONSTRUCTS.length);
  const names = exported.map((s) => s.name).filter((n) => n !== 'k8s');
  const file = path.join(ROOT, 'test', 'library', '__examples-from-docs__.ts');
  const text = [
    "import { App, Chart, Cron } from 'cdk8s';",
    "import { Construct } from 'constructs';",
    `import { k8s, ${names.join(', ')} } from 'bernstein-cdk8s';`,
    `void [${names.filter((n) => (resolve(exported.find((s) => s.name === n) as ts.Symbol).flags & ts.SymbolFlags.Value) !== 0).join(', ')}, k8s, Construct, Cron];`,
    "const chart = new Chart(new App(), 'example', { disableResourceNameHashes: true });",
    ...snippets,
  ].join('\n');
  const host = ts.createCompilerHost({});
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => (f === file ? text : readFile(f));
  host.fileExists = ((exists) => (f: string) => f === file || exists(f))(host.fileExists.bind(host));
  const snippetProgram = ts.createProgram([file], OPTIONS, host, program);
  const sourceFile = snippetProgram.getSourceFile(file) as ts.SourceFile;
  const messages = [...snippetProgram.getSyntacticDiagnostics(sourceFile), ...snippetProgram.getSemanticDiagnostics(sourceFile)]
    .map((d) => `${d.start === undefined ? '' : text.slice(0, d.start).split('\n').length}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  expect(messages).toEqual([]);
});

test('issue 21 exports: neutral image defaults, qualified hosts, and the endpoint method on every server', () => {
  expect(library.DEFAULT_REDIS_IMAGE).toBe('redis:7.4');
  expect(library.DEFAULT_POSTGRES_IMAGE).toBe('postgres:17');
  expect(library.VOTES_TABLE_SQL).toContain('CREATE TABLE IF NOT EXISTS votes');
  expect(library.qualifiedServiceHost('postgres', 'db')).toBe('postgres.db.svc.cluster.local');
  const chart = new Chart(new App(), 'api-test');
  const redis = new library.Redis(chart, 'R', { namespace: 'cache' });
  expect(library.endpointHost(redis.endpoint(), 'cache')).toBe('redis');
  expect(library.endpointHost(redis.endpoint(), 'shop')).toBe('redis.cache.svc.cluster.local');
});
