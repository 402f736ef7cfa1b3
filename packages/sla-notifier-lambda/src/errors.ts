import { HttpProblem } from '@file-sla/shared-middleware';

/**
 * `422`: the message holds nothing but white space.
 *
 * @example
 * ```ts
 * if (message.trim() === '') throw blankMessage();
 * ```
 */
export const blankMessage = (): HttpProblem =>
  new HttpProblem(422, { type: 'blank-message', title: 'Blank message', detail: 'The message holds nothing but white space; send some text.' });
