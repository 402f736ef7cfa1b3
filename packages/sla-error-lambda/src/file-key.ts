/**
 * The `byFile` index key of one file: `sourceSystem`, with `\` written `\\` and `#` written `\#`,
 * then `#`, then `fileName` as it is.
 *
 * The first unescaped `#` ends the source system, so the key names exactly one
 * (`sourceSystem`, `fileName`) pair whatever characters either holds: `PARTNER` + `EUx#feed.csv`
 * is `PARTNER#EUx#feed.csv`, `PARTNER#EUx` + `feed.csv` is `PARTNER\#EUx#feed.csv`. A source
 * system without `#` or `\` gives the plain, readable `sourceSystem#fileName`.
 *
 * @example
 * fileKeyOf('SAP-FI', 'GL#1.csv'); // 'SAP-FI#GL#1.csv'
 * fileKeyOf('SAP#FI', 'GL.csv'); // 'SAP\\#FI#GL.csv'
 */
export const fileKeyOf = (sourceSystem: string, fileName: string): string => `${sourceSystem.replace(/[\\#]/g, '\\$&')}#${fileName}`;

/** DynamoDB's limit for a partition key value, in UTF-8 bytes (the `byFile` partition is `fileKey`). */
export const MAX_FILE_KEY_BYTES = 2048;

/** The size of the file's index key in UTF-8 bytes, as DynamoDB counts it. */
export const fileKeyBytes = (sourceSystem: string, fileName: string): number => Buffer.byteLength(fileKeyOf(sourceSystem, fileName), 'utf8');
