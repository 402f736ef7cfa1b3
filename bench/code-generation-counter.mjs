// Counts run-time code generation: Ajv compiles a schema by `new Function(...)`, so a schema
// compiled on the warm path shows up here (as would any other `Function` constructor call).

/**
 * Replaces the global `Function` by a counting proxy until `stop()` is called.
 * @returns {{ stop: () => number }} `stop` restores `Function` and returns the calls seen
 */
export const countCodeGeneration = () => {
  const original = globalThis.Function;
  let calls = 0;
  globalThis.Function = new Proxy(original, {
    construct(target, args, newTarget) {
      calls += 1;
      return Reflect.construct(target, args, newTarget === globalThis.Function ? target : newTarget);
    },
    apply(target, thisArg, args) {
      calls += 1;
      return Reflect.apply(target, thisArg, args);
    },
  });
  return {
    stop: () => {
      globalThis.Function = original;
      return calls;
    },
  };
};
