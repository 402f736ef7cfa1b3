import { InternalError, badRequest, httpProblem, validationProblem, type HttpProblem } from '@file-sla/shared-middleware';

/** What became of one item of a request. */
export interface ItemResult {
  index: number;
  errorId: string;
  status: 'created' | 'duplicate' | 'failed';
}

/**
 * `500` for a batch that failed part-way: the body still lists which items were written
 * (`results`), so the caller knows resending the whole batch is safe and what it will change.
 */
export class BatchWriteError extends InternalError {
  constructor(results: readonly ItemResult[], cause: unknown) {
    super(`Batch write failed for ${results.filter((result) => result.status === 'failed').length} of ${results.length} items`, cause);
    Object.assign(this.extensions, {
      results,
      created: results.filter((result) => result.status === 'created').length,
      duplicates: results.filter((result) => result.status === 'duplicate').length,
      failed: results.filter((result) => result.status === 'failed').length,
    });
  }
}

/** `400`: one record would exceed DynamoDB's item size limit. */
export const itemTooLarge = (index: number | undefined, bytes: number, limit: number): HttpProblem =>
  httpProblem(400, {
    type: 'item-too-large',
    title: 'SLA error too large',
    detail: `The SLA error${index === undefined ? '' : ` at index ${index}`} would take ${bytes} bytes; the limit is ${limit}. Shorten errorMessage or details.`,
  });

/** `400`: an `Idempotency-Key` header the service cannot use. */
export const badIdempotencyKey = (maxLength: number): HttpProblem =>
  badRequest(`The Idempotency-Key header must be 1 to ${maxLength} visible characters.`, undefined, 'bad-idempotency-key');

/**
 * `400`: `sourceSystem` and `fileName` too long together, in UTF-8, for the file's index key
 * (DynamoDB refuses a partition key over 2048 bytes); the problem points at `fileName`.
 */
export const fileKeyTooLong = (index: number | undefined, bytes: number, limit: number): HttpProblem =>
  validationProblem([
    {
      path: `${index === undefined ? '' : `/${index}`}/fileName`,
      message: `together with sourceSystem takes ${bytes} bytes in UTF-8 (the index key of the file); the limit is ${limit}: shorten fileName or sourceSystem`,
    },
  ]);
