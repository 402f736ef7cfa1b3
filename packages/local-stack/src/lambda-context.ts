import type { Context } from 'aws-lambda';

/** What a Lambda context carries, as data (what crosses to a function's worker thread). */
export interface ContextData {
  functionName: string;
  awsRequestId: string;
  memoryLimitInMB: string;
  /** Epoch milliseconds when the invocation times out. */
  deadline: number;
}

let invocation = 0;

/** A new Lambda-style request id. */
export const newAwsRequestId = (): string => {
  invocation += 1;
  return `${Date.now().toString(16)}-${invocation.toString(16).padStart(4, '0')}-local`;
};

/** The Lambda context of `data`, like the runtime's. */
export const contextFromData = ({ functionName, awsRequestId, memoryLimitInMB, deadline }: ContextData): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
  memoryLimitInMB,
  awsRequestId,
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'local',
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

/** A Lambda context like the runtime's, with a fresh request id. */
export const lambdaContext = (functionName: string, timeoutMs = 10_000): Context =>
  contextFromData({ functionName, awsRequestId: newAwsRequestId(), memoryLimitInMB: '256', deadline: Date.now() + timeoutMs });

/** The data of a context (its remaining time becomes a deadline). */
export const contextData = (context: Context): ContextData => ({
  functionName: context.functionName,
  awsRequestId: context.awsRequestId,
  memoryLimitInMB: context.memoryLimitInMB,
  deadline: Date.now() + context.getRemainingTimeInMillis(),
});
