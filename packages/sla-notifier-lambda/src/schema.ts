/**
 * `POST /sla-notifier` body. Compiled to `src/generated/validators.js` (`validateSlaNotifierRequest`) by
 * `pnpm codegen`, so no schema compiler runs at cold start.
 */
export const slaNotifierRequestSchema = {
  type: 'object',
  properties: {
    message: { type: 'string', minLength: 1, maxLength: 500 },
  },
  required: ['message'],
  additionalProperties: false,
} as const;
