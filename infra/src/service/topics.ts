import { Aws, CfnCondition, Duration, Fn, RemovalPolicy, Validations, type CfnParameter } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { CfnSubscription, Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ManifestParameters } from './parameters.js';

/**
 * The service's SNS topics, encrypted with one customer managed key (CloudWatch alarms cannot
 * publish to a topic encrypted with the AWS managed SNS key) and reachable only over TLS: the
 * operations topic the alarms go to, and each topic a manifest declares (`resources.topics`).
 * Each can have an e-mail address subscribed by a stack parameter (empty = none).
 */
export class ServiceTopics extends Construct {
  readonly key: Key;
  readonly operations: Topic;
  private readonly declared = new Map<string, Topic>();

  constructor(scope: Construct, id: string, private readonly props: { namePrefix: string; parameters: ManifestParameters }) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the File SLA Error service topics (operations alarms, alerts).',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(30),
    });
    // Alarm actions publish as CloudWatch: it must be able to use the key.
    this.key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.operations = this.topic('Operations', {
      name: 'operations',
      description: 'CloudWatch alarms of the service (API 5xx rate, function errors and throttles, dead-letter queues).',
      emailParameter: 'OperationsEmail',
    });
    this.operations.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.operations.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
  }

  /** The topic a manifest declares as `resources.topics[id]` (created once, whoever declares it). */
  declare(id: string, resource: { description: string; emailSubscriptionParameter?: string }): Topic {
    const known = this.declared.get(id);
    if (known) return known;
    const topic = this.topic(`Topic-${id}`, { name: id, description: resource.description, ...(resource.emailSubscriptionParameter ? { emailParameter: resource.emailSubscriptionParameter } : {}) });
    this.declared.set(id, topic);
    return topic;
  }

  /** A declared topic, for a `topic-arn:<id>` reference or a `topic:<id>` permission. */
  get(id: string, by: string): Topic {
    const topic = this.declared.get(id);
    if (!topic) throw new Error(`${by} refers to topic "${id}", which no manifest declares in resources.topics`);
    return topic;
  }

  private topic(id: string, options: { name: string; description: string; emailParameter?: string }): Topic {
    const topic = new Topic(this, id, {
      topicName: `${this.props.namePrefix}-${options.name}`,
      displayName: options.description.slice(0, 100),
      masterKey: this.key,
      enforceSSL: true,
    });
    if (options.emailParameter) this.emailSubscription(topic, id, options.emailParameter, options.description);
    return topic;
  }

  private emailSubscription(topic: Topic, id: string, parameterName: string, what: string): void {
    const email: CfnParameter = this.props.parameters.get(parameterName, {
      type: 'String',
      default: '',
      allowedPattern: '^$|^[^@\\s]+@[^@\\s]+$',
      description: `E-mail address subscribed to the topic: ${what} Empty = no subscription (the address must confirm it).`,
    });
    const condition = new CfnCondition(this, `${id}HasEmail`, { expression: Fn.conditionNot(Fn.conditionEquals(email.valueAsString, '')) });
    const subscription = new CfnSubscription(this, `${id}Email`, { topicArn: topic.topicArn, protocol: 'email', endpoint: email.valueAsString });
    subscription.cfnOptions.condition = condition;
    Validations.of(subscription).acknowledge({
      id: 'Serverless-SNSRedrivePolicy',
      reason: 'An e-mail subscription the operator opts into; what it would miss stays visible where it came from (the alarm state in CloudWatch, the record in the table).',
    });
  }
}
