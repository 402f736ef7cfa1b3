/** Prefix of every named resource: `file-sla-<Stage>-…`. */
export declare const RESOURCE_PREFIX: string;
/** The alias the HTTP API and event sources invoke, moved by the deploy script. */
export declare const LIVE_ALIAS: string;
/** `hello-world-lambda` → `hello-world`. */
export declare const shortName: (name: string) => string;
/** `hello-world` → `HelloWorld`. */
export declare const pascalCase: (text: string) => string;
/** The stack parameters and outputs of one function, from its manifest name. */
export interface FunctionNames {
  id: string;
  codeKeyParameter: string;
  memoryParameter: string;
  timeoutParameter: string;
  functionNameOutput: string;
  aliasArnOutput: string;
}
/** @example functionNames('hello-world-lambda').codeKeyParameter // 'HelloWorldCodeKey' */
export declare const functionNames: (name: string) => FunctionNames;
