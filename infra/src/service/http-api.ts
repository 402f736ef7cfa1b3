import { RemovalPolicy, Validations, type CfnParameter } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { MathExpression } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { HttpFunctionManifest } from '../manifests.js';
import { ALARM_PERIOD, operationsAlarm } from './alarms.js';

// No header is logged, so neither a bearer token nor a password can reach the access log.
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
});

const NOT_AUTHORIZED_AT_THE_GATEWAY =
  "Each function checks its own routes' access tokens (aws-jwt-verify against the user pool, group per route) and answers 401/403 as problem+json; POST /auth is public by design, it is where tokens come from.";

/** One HTTP function and what it serves. */
export interface HttpFunction {
  manifest: HttpFunctionManifest;
  /** The `live` alias, which the routes invoke. */
  target: IFunction;
}

/**
 * The HTTP API: the `$default` stage with throttling and a JSON access log, each manifest's
 * routes, and the alarm on its 5xx rate.
 *
 * A path is routed as `ANY <path>` to the one function that declares it, so that a wrong method
 * still reaches that function (`405` with `Allow`); a path that several functions share is routed
 * method by method. Every other request goes to the first HTTP function (`$default`), which
 * answers `404` as problem+json like any function built on shared-middleware.
 */
export class ServiceHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLog: LogGroup;

  constructor(
    scope: Construct,
    id: string,
    props: {
      namePrefix: string;
      logRetention: CfnParameter;
      rateLimit: CfnParameter;
      burstLimit: CfnParameter;
      errorRatePercent: CfnParameter;
      operations: ITopic;
      functions: readonly HttpFunction[];
    },
  ) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', { apiName: props.namePrefix, description: 'File SLA Error service.', createDefaultStage: false });
    this.accessLog = new LogGroup(this, 'AccessLog', {
      logGroupName: `/aws/apigateway/${props.namePrefix}-http-api`,
      retention: props.logRetention.valueAsNumber as RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit.valueAsNumber, burstLimit: props.burstLimit.valueAsNumber },
      detailedMetricsEnabled: false,
      accessLogSettings: { destination: new LogGroupLogDestination(this.accessLog), format: AccessLogFormat.custom(ACCESS_LOG_FORMAT) },
    });
    this.addRoutes(props.functions);

    const serverErrors = this.api.metricServerError({ period: ALARM_PERIOD, statistic: 'Sum' });
    const requests = this.api.metricCount({ period: ALARM_PERIOD, statistic: 'Sum' });
    operationsAlarm(this, 'ServerErrorRate', {
      alarmName: `${props.namePrefix}-api-5xx-rate`,
      description: 'Share of HTTP API requests answered 5xx (percent over 5 minutes); the function logs hold the cause, by request id.',
      metric: new MathExpression({ expression: 'IF(requests > 0, 100 * errors / requests, 0)', usingMetrics: { errors: serverErrors, requests }, period: ALARM_PERIOD, label: '5xx rate (%)' }),
      threshold: props.errorRatePercent.valueAsNumber,
      topic: props.operations,
    });
  }

  private addRoutes(functions: readonly HttpFunction[]): void {
    const integrations = new Map<HttpFunction, HttpLambdaIntegration>();
    const integrationOf = (fn: HttpFunction) => {
      let integration = integrations.get(fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${fn.manifest.name}-integration`, fn.target);
        integrations.set(fn, integration);
      }
      return integration;
    };

    const byPath = new Map<string, { fn: HttpFunction; method: string }[]>();
    for (const fn of functions) {
      for (const route of fn.manifest.routes) byPath.set(route.path, [...(byPath.get(route.path) ?? []), { fn, method: route.method }]);
    }
    for (const [path, entries] of byPath) {
      const owners = new Set(entries.map((entry) => entry.fn));
      const routes = owners.size === 1
        ? this.api.addRoutes({ path, methods: [HttpMethod.ANY], integration: integrationOf(entries[0]!.fn) })
        : entries.flatMap((entry) => this.api.addRoutes({ path, methods: [entry.method as HttpMethod], integration: integrationOf(entry.fn) }));
      for (const route of routes) Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: NOT_AUTHORIZED_AT_THE_GATEWAY });
    }
    const fallback = functions[0];
    if (fallback) {
      const route = new HttpRoute(this, 'DefaultRoute', { httpApi: this.api, routeKey: HttpRouteKey.DEFAULT, integration: integrationOf(fallback) });
      Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: NOT_AUTHORIZED_AT_THE_GATEWAY });
    }
  }
}
