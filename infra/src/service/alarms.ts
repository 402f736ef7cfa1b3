import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

/** How often the alarms look, and over how long. */
export const ALARM_PERIOD = Duration.minutes(5);

/**
 * An alarm that tells the operations topic when `metric` reaches `threshold` in one period, and
 * again when it is back to normal. No data (no traffic) is normal.
 */
export const operationsAlarm = (
  scope: Construct,
  id: string,
  props: { alarmName: string; description: string; metric: IMetric; threshold: number; topic: ITopic },
): Alarm => {
  const alarm = new Alarm(scope, id, {
    alarmName: props.alarmName,
    alarmDescription: props.description,
    metric: props.metric,
    threshold: props.threshold,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  const action = new SnsAction(props.topic);
  alarm.addAlarmAction(action);
  alarm.addOkAction(action);
  return alarm;
};
