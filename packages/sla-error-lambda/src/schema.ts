// JSON Schemas of the request bodies, compiled to validator code at build time
// (scripts/compile-schemas.mjs). Self-contained: this file is loaded on its own by that script.

/** The one stored date-time form: UTC ISO 8601 with milliseconds (what normalisation produces). */
const CANONICAL_DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$';

/** What a caller is told when a date-time cannot be read. */
const DATE_TIME_ADVICE =
  "must be a date-time with a UTC offset, e.g. 2026-11-24T06:00:00Z; in PowerShell send (Get-Date).ToUniversalTime().ToString('o'). " +
  'A date-time without an offset is ambiguous; one like "11/24/2026 06:00:00" means ConvertTo-Json needs a larger -Depth.';

/**
 * What `ConvertTo-Json` writes for an object nested deeper than its `-Depth` (default 2): the type
 * name, with its type arguments for a generic collection (``System.Collections.Generic.List`1[System.Object]``).
 */
const DEPTH_ARTEFACT =
  '^(System\\.Collections\\.[\\w.`]+(\\[[\\w.,`\\[\\] ]*\\])?|System\\.Object\\[\\]|System\\.Management\\.Automation\\.PSCustomObject|@\\{.*\\})$';

/** A date-time after normalisation; one definition, referenced by every date-time field (compiled once). */
const dateTime = {
  type: 'string',
  pattern: CANONICAL_DATE_TIME,
  // One message for whatever is wrong with it (not a string, or not a date-time).
  errorMessage: DATE_TIME_ADVICE,
} as const;

/**
 * Text DynamoDB can store: no lone UTF-16 surrogate (a JSON `\uD800` without its pair), which has
 * no UTF-8 form. (Patterns are compiled with the `u` flag: a surrogate pair is one character.)
 */
const WELL_FORMED = '^[^\\uD800-\\uDFFF]*$';
const WELL_FORMED_ADVICE = 'must not contain a lone UTF-16 surrogate (\\uD800-\\uDFFF without its pair): it has no UTF-8 form';

/** Well-formed text; one definition, referenced by every text field (compiled once). */
const wellFormedText = { type: 'string', pattern: WELL_FORMED, errorMessage: { pattern: WELL_FORMED_ADVICE } } as const;

const text = (maxLength: number, minLength = 1) =>
  ({ type: 'string', minLength, maxLength, allOf: [{ $ref: '#/$defs/wellFormedText' }] }) as const;

/**
 * DynamoDB's smallest number magnitude other than 0 (it refuses 1e-131 with "Number underflow").
 * Its largest, 9.99…e125, and its 38 digits of precision lie beyond what the marshaller takes
 * (±(2^53 - 1), see `details`) and what a double holds (17 digits).
 */
const MIN_MAGNITUDE = 1e-130;

/** One SLA error as reported (after case-insensitive names, trimming and date normalisation). */
const slaErrorItem = {
  type: 'object',
  properties: {
    fileName: text(512),
    sourceSystem: text(128),
    slaDeadline: { $ref: '#/$defs/dateTime' },
    errorType: { type: 'string', enum: ['MISSING', 'LATE', 'EMPTY', 'INCOMPLETE', 'INVALID_FORMAT', 'DUPLICATE', 'OTHER'] },
    errorMessage: text(4000),
    severity: { type: 'string', enum: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] },
    detectedAt: { $ref: '#/$defs/dateTime' },
    receivedAt: { $ref: '#/$defs/dateTime' },
    filePath: text(2048),
    fileSizeBytes: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    hostName: text(255),
    details: {
      type: 'object',
      maxProperties: 50,
      // DynamoDB refuses an empty attribute name inside a map ("Empty attribute name").
      propertyNames: {
        minLength: 1,
        maxLength: 128,
        pattern: WELL_FORMED,
        errorMessage: { minLength: 'must not be empty (a details name needs at least one character)', pattern: WELL_FORMED_ADVICE },
      },
      additionalProperties: {
        type: ['string', 'number', 'boolean', 'null'],
        maxLength: 4000,
        pattern: WELL_FORMED,
        // The SDK's marshaller refuses numbers beyond ±2^53-1 (a 500 at write time otherwise).
        minimum: -Number.MAX_SAFE_INTEGER,
        maximum: Number.MAX_SAFE_INTEGER,
        allOf: [
          {
            not: { type: 'string', pattern: DEPTH_ARTEFACT },
            errorMessage:
              'is what ConvertTo-Json writes for an object nested too deep: add -Depth 10 to ConvertTo-Json (details values must be strings, numbers, booleans or null)',
          },
          {
            not: { type: 'number', exclusiveMinimum: -MIN_MAGNITUDE, exclusiveMaximum: MIN_MAGNITUDE, not: { const: 0 } },
            errorMessage: `must be 0 or at least ${MIN_MAGNITUDE} in magnitude, the smallest number DynamoDB stores (send it as a string, or round it to 0)`,
          },
        ],
        errorMessage: {
          pattern: WELL_FORMED_ADVICE,
          minimum: `must be >= ${-Number.MAX_SAFE_INTEGER} (send larger numbers as strings)`,
          maximum: `must be <= ${Number.MAX_SAFE_INTEGER} (send larger numbers as strings)`,
        },
      },
    },
  },
  required: ['fileName', 'sourceSystem', 'slaDeadline', 'errorType', 'errorMessage'],
  additionalProperties: false,
} as const;

/** `POST /sla-errors`: one SLA error, or an array of 1–100 of them. */
export const slaErrorRequestSchema = {
  $defs: { slaErrorItem, dateTime, wellFormedText },
  if: { type: 'array' },
  then: { type: 'array', minItems: 1, maxItems: 100, items: { $ref: '#/$defs/slaErrorItem' } },
  else: { $ref: '#/$defs/slaErrorItem' },
} as const;
