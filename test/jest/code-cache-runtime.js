// jest's module runtime with a V8 code cache per worker process (jest.config.js `runtime`).
//
// jest compiles every module again for every test file (each file has its own module registry);
// compiling — parsing cdk8s, yaml, the 1 MB generated imports/k8s.ts and our sources — was the
// largest single cost of `npm test` (15 % of its CPU). The first compilation of a module in a
// worker keeps V8's code cache; later test files in that worker compile the same source from it.
// Modules still run afresh in every test file: only the parsing is shared, never any state.
'use strict';
const vm = require('vm');
const Runtime = require('jest-runtime').default;

/** filename → the source compiled and V8's cache of it, for this worker process. */
const codeCache = new Map();

class CodeCacheRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    const executor = this.executor;
    const compile = executor.compile.bind(executor);
    executor.compile = (source, filename) => {
      const context = executor.environment.getVmContext();
      // Core modules and anything unusual keep jest's own path.
      if (context == null || executor.resolution.isCoreModule(filename)) return compile(source, filename);
      const known = codeCache.get(filename);
      const cachedData = known !== undefined && known.source === source ? known.data : undefined;
      let compiled;
      try {
        compiled = vm.compileFunction(source, executor.injectedModuleParameters, {
          filename,
          cachedData,
          produceCachedData: cachedData === undefined,
          importModuleDynamically: (specifier, _function, attributes, ...rest) => executor.dynamicImport(specifier, filename, context, attributes, rest[0]),
          parsingContext: context,
        });
      } catch {
        return compile(source, filename); // jest's own error reporting
      }
      if (cachedData === undefined && compiled.cachedData !== undefined) codeCache.set(filename, { source, data: compiled.cachedData });
      return compiled;
    };
  }
}

module.exports = CodeCacheRuntime;
module.exports.default = CodeCacheRuntime;
