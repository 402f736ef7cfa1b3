import { describe, expect, it } from '@jest/globals';
import { Match } from 'aws-cdk-lib/assertions';
import { functionNames } from '../../src/naming.mjs';
import { eventFixture, httpFixture } from '../fixtures/manifests.js';
import { actionsOf, loadManifests, resourceOf, statementsOfRole, synthesize } from '../support/app.js';

// A function added to packages/ (its manifest, nothing else) appears in the stack: no infra edit.
const real = await loadManifests();
const { service: template } = synthesize([...real, eventFixture, httpFixture]);

describe('an event function added through its manifest alone', () => {
  const names = functionNames(eventFixture.name);
  const alias = resourceOf(template, 'AWS::Lambda::Alias', `${names.id}Live`);
  const role = resourceOf(template, 'AWS::IAM::Role', `${names.id}Role`);
  const queue = resourceOf(template, 'AWS::SQS::Queue', `${names.id}DeadLetterQueue`);
  const topic = resourceOf(template, 'AWS::SNS::Topic', 'TopicsTopicfixturealerts');

  it('gets its function, alias, log group and parameters', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: { 'Fn::Join': ['', ['file-sla-', { Ref: 'Stage' }, '-fixture-watcher']] }, Runtime: 'nodejs24.x', Timeout: { Ref: names.timeoutParameter } });
    template.hasParameter(names.timeoutParameter, { Default: 60, MaxValue: 900 });
    template.hasParameter('FixtureMinLevel', { Default: 'HIGH', AllowedValues: ['LOW', 'HIGH'] });
    expect(alias.resource.Properties).toMatchObject({ Name: 'live' });
  });

  it('makes the table stream (the view its manifest asks for) and reads it through its live alias, with the filter, batching, partial failures, bisect, retries and record age', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_IMAGE' } });
    const mapping = resourceOf(template, 'AWS::Lambda::EventSourceMapping', `${names.id}Live`).resource.Properties as { FunctionName: unknown };
    // <function name>:live, the function name read from the alias ARN
    expect(mapping.FunctionName).toEqual({ 'Fn::Join': ['', [expect.anything(), ':live']] });
    expect(JSON.stringify(mapping.FunctionName)).toContain(JSON.stringify({ Ref: alias.id }));
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': ['Table', 'StreamArn'] },
      StartingPosition: 'LATEST',
      BatchSize: 25,
      MaximumBatchingWindowInSeconds: 5,
      MaximumRetryAttempts: 4,
      MaximumRecordAgeInSeconds: 3600,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(eventFixture.kind === 'event' ? eventFixture.eventSource.filters[0] : null) }] },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue.id, 'Arn'] } } },
    });
  });

  it('sends what fails after the retries to an encrypted dead-letter queue whose depth alarms the operations topic', () => {
    expect(queue.resource.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue.id, 'QueueName'] } }],
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^TopicsOperations') }],
    });
  });

  it('gets the topic it declares (encrypted, optional e-mail) and may publish to it and nowhere else', () => {
    expect(topic.resource.Properties).toMatchObject({ TopicName: { 'Fn::Join': ['', ['file-sla-', { Ref: 'Stage' }, '-fixture-alerts']] }, KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^TopicsKey/), 'Arn'] } });
    template.hasResource('AWS::SNS::Subscription', { Properties: { TopicArn: { Ref: topic.id }, Endpoint: { Ref: 'FixtureAlertsEmail' } } });
    const statements = statementsOfRole(template, role.id);
    const publish = statements.filter((statement) => actionsOf(statement).includes('sns:Publish'));
    expect(publish.map((statement) => statement.Resource)).toEqual([{ Ref: topic.id }]);
    const fn = resourceOf(template, 'AWS::Lambda::Function', `${names.id}Function`).resource.Properties as { Environment: { Variables: Record<string, unknown> } };
    expect(fn.Environment.Variables).toEqual({ TOPIC_ARN: { Ref: topic.id }, MIN_LEVEL: { Ref: 'FixtureMinLevel' }, NODE_OPTIONS: '--enable-source-maps' });
    const actions = statements.flatMap(actionsOf).sort();
    expect(actions).toEqual(
      [
        'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams',
        'kms:Decrypt', 'kms:GenerateDataKey*', 'logs:CreateLogStream', 'logs:PutLogEvents', 'sns:Publish',
        'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage',
      ].sort(),
    );
  });
});

describe('an HTTP function added through its manifest alone', () => {
  const names = functionNames(httpFixture.name);
  const alias = resourceOf(template, 'AWS::Lambda::Alias', `${names.id}Live`);

  it.each(['/fixture-reports', '/fixture-reports/{id}/ack'])('serves ANY %s through its live alias', (path) => {
    const route = Object.values(template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: `ANY ${path}` } }));
    expect(route).toHaveLength(1);
    const integrationId = ((route[0] as { Properties: { Target: { 'Fn::Join': [string, [string, { Ref: string }]] } } }).Properties.Target['Fn::Join'][1][1]).Ref;
    expect(template.toJSON().Resources[integrationId].Properties.IntegrationUri).toEqual({ Ref: alias.id });
    template.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: { Ref: alias.id }, SourceArn: { 'Fn::Join': ['', Match.arrayWith([`/*/*${path}`])] } });
  });

  it('may Query the table and its indexes, nothing more', () => {
    const role = resourceOf(template, 'AWS::IAM::Role', `${names.id}Role`);
    const table = statementsOfRole(template, role.id).filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')));
    expect(table).toEqual([expect.objectContaining({ Action: 'dynamodb:Query', Resource: [{ 'Fn::GetAtt': ['Table', 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Table', 'Arn'] }, '/index/*']] }] })]);
  });
});
