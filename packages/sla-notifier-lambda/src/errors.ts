/** A stream record that cannot become an alert: no new image, or one that is not an SLA error. */
export class MalformedImageError extends Error {
  override readonly name = 'MalformedImageError';
  /** Every problem found, e.g. `fileName is missing`. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`The stream record's new image is not an SLA error: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

/** SNS did not take the message that carries a record (an entry of PublishBatch failed, or the call did). */
export class PublishFailedError extends Error {
  override readonly name = 'PublishFailedError';
  /** SNS's error code (e.g. `Throttling`, `InternalFailure`). */
  readonly code: string;
  /** True when SNS says the request was wrong (retrying the same message fails again). */
  readonly senderFault: boolean;

  constructor(code: string, message: string, senderFault: boolean, cause?: unknown) {
    super(`SNS did not publish the alert (${code}): ${message}`, { cause });
    this.code = code;
    this.senderFault = senderFault;
  }
}

/**
 * A record not attempted in this invocation because an earlier record of the batch failed: the
 * stream retries from the first failure anyway, so publishing it now would send it twice.
 */
export class HeldBackError extends Error {
  override readonly name = 'HeldBackError';

  constructor(firstFailure: string) {
    super(`Held back until the earlier record ${firstFailure} is through (the stream retries from there)`);
  }
}
