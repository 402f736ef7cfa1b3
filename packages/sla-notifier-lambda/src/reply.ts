import { blankMessage } from './errors.js';

/** A `POST /sla-notifier` body, as validated. */
export interface SlaNotifierRequest {
  message: string;
}

/** What `POST /sla-notifier` answers. */
export interface SlaNotifierReply {
  message: string;
  receivedBy: string;
}

/**
 * The function's logic: the message back, trimmed, with who sent it.
 *
 * @example
 * ```ts
 * reply({ message: ' hi ' }, 'svc-job'); // { message: 'hi', receivedBy: 'svc-job' }
 * ```
 */
export const reply = ({ message }: SlaNotifierRequest, username: string): SlaNotifierReply => {
  const text = message.trim();
  if (text === '') throw blankMessage();
  return { message: text, receivedBy: username };
};
