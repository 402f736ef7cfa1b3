import { RemovalPolicy, type CfnResource } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/** The stream views a manifest can ask for; the table gets the widest one asked. */
export type StreamView = 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';

/**
 * The SLA error table (see docs/architecture.md, "Data model"): key `errorId`, indexes `byFile`
 * (fileKey/slaDeadline) and `byDay` (deadlineDay/deadlineSort), TTL `expiresAt`, on-demand,
 * point-in-time recovery, encrypted, kept when the stack goes. It has a stream only when some
 * manifest declares a stream event source on it.
 */
export class SlaErrorTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: { tableName: string; streamViews: readonly StreamView[] }) {
    super(scope, id);
    const stream = props.streamViews.length === 0
      ? undefined
      : props.streamViews.includes('NEW_AND_OLD_IMAGES') ? StreamViewType.NEW_AND_OLD_IMAGES : StreamViewType.NEW_IMAGE;
    this.table = new Table(this, 'Table', {
      tableName: props.tableName,
      partitionKey: { name: 'errorId', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: 'expiresAt',
      removalPolicy: RemovalPolicy.RETAIN,
      ...(stream ? { stream } : {}),
    });
    (this.table.node.defaultChild as CfnResource).overrideLogicalId('Table');
    this.table.addGlobalSecondaryIndex({
      indexName: 'byFile',
      partitionKey: { name: 'fileKey', type: AttributeType.STRING },
      sortKey: { name: 'slaDeadline', type: AttributeType.STRING },
    });
    this.table.addGlobalSecondaryIndex({
      indexName: 'byDay',
      partitionKey: { name: 'deadlineDay', type: AttributeType.STRING },
      sortKey: { name: 'deadlineSort', type: AttributeType.STRING },
    });
  }
}
