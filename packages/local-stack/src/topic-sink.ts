/**
 * A local stand-in for SNS topics (no SNS emulator exists): an HTTP endpoint that speaks the AWS
 * query protocol of `@aws-sdk/client-sns` (form-encoded `Action=Publish` / `Action=PublishBatch`,
 * XML answers), so a function's real SNS client talks to it through an endpoint override. It
 * checks what SNS checks (topic, subject, JSON message structure, sizes, batch rules), prints each
 * message in the console (what an e-mail subscriber would read) and appends it to
 * `<dir>/<topic>.jsonl`. Faults can be injected for tests (`failNext`).
 */
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** One message as the sink stored it (a line of `<topic>.jsonl`). */
export interface SunkMessage {
  topic: string;
  messageId: string;
  receivedAt: string;
  subject?: string;
  messageStructure?: string;
  /** The raw `Message` parameter. */
  message: string;
  /** With `MessageStructure: json`, the message of each protocol (`default`, `email`, …). */
  protocols?: Record<string, string>;
  attributes: Record<string, string>;
}

/** Options of {@link startTopicSink}. */
export interface TopicSinkOptions {
  /** Topic ids (e.g. `alerts`): each is `arn:aws:sns:local:000000000000:<id>`. */
  topics: readonly string[];
  /** Where `<topic>.jsonl` files go (created when missing). */
  dir: string;
  /** 0 (default): any free port. */
  port?: number;
  /** Console output; one block per message. */
  log?: (line: string) => void;
}

/** An injected failure of the next published entries. */
export interface InjectedFault {
  code?: string;
  message?: string;
  senderFault?: boolean;
  /** Only entries this accepts fail (default: any entry). */
  match?: (entry: { subject?: string; message: string }) => boolean;
}

/** A running sink. */
export interface TopicSink {
  /** `http://127.0.0.1:<port>`: the SNS endpoint override. */
  readonly endpoint: string;
  /** The ARN a function publishes to. */
  topicArn(topic: string): string;
  /** Every message accepted so far (of one topic, or all). */
  messages(topic?: string): SunkMessage[];
  /** The next `count` entries (Publish or PublishBatch entries; those `fault.match` accepts) fail as SNS reports a failed entry. */
  failNext(count: number, fault?: InjectedFault): void;
  /** The next `count` requests fail whole, as a throttled or failing SNS answers (default `400 Throttling`: the SDK retries it). */
  failNextRequests(count: number, fault?: { status?: number; code?: string; message?: string }): void;
  /** Requests answered so far (accepted or not). */
  requests(): number;
  stop(): Promise<void>;
}

const REGION = 'local';
const ACCOUNT = '000000000000';
const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';
const MAX_MESSAGE_BYTES = 262_144;
const MAX_BATCH_ENTRIES = 10;
const MAX_BODY_BYTES = 2 * 1024 * 1024;

const escapeXml = (text: string): string =>
  text.replace(/[<>&'"]/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[char]!);

/** An error of a whole request, as SNS answers it. */
class SnsError extends Error {
  readonly status: number;
  readonly code: string;
  readonly sender: boolean;

  constructor(status: number, code: string, message: string, sender = true) {
    super(message);
    this.status = status;
    this.code = code;
    this.sender = sender;
  }
}

interface Entry {
  id?: string;
  message?: string;
  subject?: string;
  messageStructure?: string;
  attributes: Record<string, string>;
}

/** `prefix.N.field` parameters of a query-protocol list/map, by N. */
const membersOf = (params: URLSearchParams, prefix: string): Map<number, Map<string, string>> => {
  const members = new Map<number, Map<string, string>>();
  for (const [key, value] of params) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const dot = rest.indexOf('.');
    const index = Number(dot === -1 ? rest : rest.slice(0, dot));
    if (!Number.isInteger(index)) continue;
    const fields = members.get(index) ?? new Map<string, string>();
    fields.set(dot === -1 ? '' : rest.slice(dot + 1), value);
    members.set(index, fields);
  }
  return new Map([...members].sort(([a], [b]) => a - b));
};

const readEntry = (fields: Map<string, string> | URLSearchParams): Entry => {
  const params = fields instanceof URLSearchParams ? fields : new URLSearchParams([...fields]);
  const attributes: Record<string, string> = {};
  for (const attribute of membersOf(params, 'MessageAttributes.entry.').values()) {
    const name = attribute.get('Name');
    if (name === undefined) continue;
    attributes[name] = attribute.get('Value.StringValue') ?? attribute.get('Value.BinaryValue') ?? '';
    if (!['String', 'Number', 'Binary', 'String.Array'].some((type) => attribute.get('Value.DataType')?.startsWith(type))) {
      throw new SnsError(400, 'ParameterValueInvalid', `The message attribute '${name}' has an invalid message attribute type`);
    }
  }
  const entry: Entry = { attributes };
  const id = params.get('Id');
  const message = params.get('Message');
  const subject = params.get('Subject');
  const messageStructure = params.get('MessageStructure');
  if (id !== null) entry.id = id;
  if (message !== null) entry.message = message;
  if (subject !== null) entry.subject = subject;
  if (messageStructure !== null) entry.messageStructure = messageStructure;
  return entry;
};

/** What SNS refuses in one message, or the parsed protocols of a JSON message. */
const checkEntry = (entry: Entry): { problem: string } | { protocols?: Record<string, string> } => {
  if (entry.message === undefined || entry.message === '') return { problem: 'Empty message' };
  if (Buffer.byteLength(entry.message, 'utf8') > MAX_MESSAGE_BYTES) return { problem: 'Message too long' };
  if (entry.subject !== undefined) {
    if (entry.subject === '') return { problem: 'Subject: must not be empty' };
    if (entry.subject.length >= 100) return { problem: 'Subject: must be less than 100 characters long' };
    if (!/^[\x21-\x7e][\x20-\x7e]*$/.test(entry.subject)) {
      return { problem: 'Subject: must be ASCII text that begins with a letter, number or punctuation mark, without line breaks or control characters' };
    }
  }
  if (entry.messageStructure === undefined) return {};
  if (entry.messageStructure !== 'json') return { problem: `MessageStructure: invalid value ${entry.messageStructure}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(entry.message);
  } catch {
    return { problem: 'Message Structure - JSON message body failed to parse' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || typeof (parsed as { default?: unknown }).default !== 'string') {
    return { problem: 'Message Structure - No default entry in JSON message body' };
  }
  const protocols = Object.fromEntries(Object.entries(parsed).filter((pair): pair is [string, string] => typeof pair[1] === 'string'));
  return { protocols };
};

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new SnsError(413, 'RequestEntityTooLarge', 'Request body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

const sendXml = (response: ServerResponse, status: number, xml: string): void => {
  response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
  response.end(`<?xml version="1.0"?>\n${xml}`);
};

/** The console view of a message: its subject, then what an e-mail subscriber reads. */
const printable = (message: SunkMessage): string => {
  const body = message.protocols?.email ?? message.protocols?.default ?? message.message;
  const attributes = Object.entries(message.attributes)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  return [`── ${message.topic}: ${message.subject ?? '(no subject)'}${attributes ? `  [${attributes}]` : ''}`, ...body.split('\n').map((line) => `   ${line}`)].join('\n');
};

/**
 * Starts the sink on 127.0.0.1.
 *
 * @example
 * ```ts
 * const sink = await startTopicSink({ topics: ['alerts'], dir: '.local', log: console.log });
 * process.env.SNS_ENDPOINT = sink.endpoint;
 * process.env.ALERTS_TOPIC_ARN = sink.topicArn('alerts');
 * ```
 */
export const startTopicSink = async (options: TopicSinkOptions): Promise<TopicSink> => {
  const log = options.log ?? (() => undefined);
  const topicArn = (topic: string): string => `arn:aws:sns:${REGION}:${ACCOUNT}:${topic}`;
  const topicsByArn = new Map(options.topics.map((topic) => [topicArn(topic), topic]));
  const stored: SunkMessage[] = [];
  const faults: InjectedFault[] = [];
  const requestFaults: { status: number; code: string; message: string }[] = [];
  let requestCount = 0;
  /** Takes the first pending fault that applies to `entry`. */
  const faultFor = (entry: Entry): InjectedFault | undefined => {
    const index = faults.findIndex((fault) => fault.match === undefined || fault.match({ ...(entry.subject === undefined ? {} : { subject: entry.subject }), message: entry.message ?? '' }));
    return index === -1 ? undefined : faults.splice(index, 1)[0];
  };
  await mkdir(options.dir, { recursive: true });
  // One write at a time, in order, so that the files' lines follow the console.
  let writes = Promise.resolve();

  const accept = async (topic: string, entry: Entry, protocols: Record<string, string> | undefined): Promise<SunkMessage> => {
    const sunk: SunkMessage = {
      topic,
      messageId: randomUUID(),
      receivedAt: new Date().toISOString(),
      ...(entry.subject !== undefined ? { subject: entry.subject } : {}),
      ...(entry.messageStructure !== undefined ? { messageStructure: entry.messageStructure } : {}),
      message: entry.message ?? '',
      ...(protocols ? { protocols } : {}),
      attributes: entry.attributes,
    };
    stored.push(sunk);
    log(printable(sunk));
    writes = writes.then(() => appendFile(join(options.dir, `${topic}.jsonl`), `${JSON.stringify(sunk)}\n`));
    await writes;
    return sunk;
  };

  const topicOf = (params: URLSearchParams): string => {
    const arn = params.get('TopicArn');
    if (arn === null) throw new SnsError(400, 'InvalidParameter', 'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter');
    const topic = topicsByArn.get(arn);
    if (topic === undefined) throw new SnsError(404, 'NotFound', 'Topic does not exist');
    return topic;
  };

  const publish = async (params: URLSearchParams): Promise<string> => {
    const topic = topicOf(params);
    const entry = readEntry(params);
    const fault = faultFor(entry);
    if (fault) throw new SnsError(500, fault.code ?? 'InternalFailure', fault.message ?? 'Injected failure', fault.senderFault ?? false);
    const checked = checkEntry(entry);
    if ('problem' in checked) throw new SnsError(400, 'InvalidParameter', `Invalid parameter: ${checked.problem}`);
    const sunk = await accept(topic, entry, checked.protocols);
    return `<PublishResponse xmlns="${XMLNS}"><PublishResult><MessageId>${sunk.messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`;
  };

  const publishBatch = async (params: URLSearchParams): Promise<string> => {
    const topic = topicOf(params);
    const entries = [...membersOf(params, 'PublishBatchRequestEntries.member.').values()].map(readEntry);
    if (entries.length === 0) throw new SnsError(400, 'EmptyBatchRequest', 'The batch request does not contain any entries');
    if (entries.length > MAX_BATCH_ENTRIES) throw new SnsError(400, 'TooManyEntriesInBatchRequest', `The batch request contains more entries than permissible (${MAX_BATCH_ENTRIES})`);
    const ids = entries.map((entry) => entry.id ?? '');
    if (ids.some((id) => !/^[\w-]{1,80}$/.test(id))) throw new SnsError(400, 'InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores, at most 80');
    if (new Set(ids).size !== ids.length) throw new SnsError(400, 'BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id');
    const total = entries.reduce((sum, entry) => sum + Buffer.byteLength(entry.message ?? '', 'utf8'), 0);
    if (total > MAX_MESSAGE_BYTES) throw new SnsError(400, 'BatchRequestTooLong', `The length of all the batch messages put together is more than the limit (${MAX_MESSAGE_BYTES} bytes)`);
    const successful: string[] = [];
    const failed: string[] = [];
    for (const entry of entries) {
      const fault = faultFor(entry);
      const checked = fault ? undefined : checkEntry(entry);
      if (fault || (checked && 'problem' in checked)) {
        const code = fault ? (fault.code ?? 'InternalFailure') : 'InvalidParameter';
        const message = fault ? (fault.message ?? 'Injected failure') : `Invalid parameter: ${(checked as { problem: string }).problem}`;
        const senderFault = fault ? (fault.senderFault ?? false) : true;
        failed.push(`<member><Id>${escapeXml(entry.id!)}</Id><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message><SenderFault>${senderFault}</SenderFault></member>`);
        log(`── ${topic}: entry ${entry.id} failed (${code}: ${message})`);
        continue;
      }
      const sunk = await accept(topic, entry, (checked as { protocols?: Record<string, string> }).protocols);
      successful.push(`<member><Id>${escapeXml(entry.id!)}</Id><MessageId>${sunk.messageId}</MessageId></member>`);
    }
    return `<PublishBatchResponse xmlns="${XMLNS}"><PublishBatchResult><Successful>${successful.join('')}</Successful><Failed>${failed.join('')}</Failed></PublishBatchResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishBatchResponse>`;
  };

  const server = createServer((request, response) => {
    void (async () => {
      try {
        if (request.method !== 'POST') throw new SnsError(405, 'InvalidAction', 'Only POST is supported by the local topic sink');
        const params = new URLSearchParams(await readBody(request));
        requestCount += 1;
        const requestFault = requestFaults.shift();
        if (requestFault) throw new SnsError(requestFault.status, requestFault.code, requestFault.message, requestFault.status < 500);
        const action = params.get('Action');
        if (action === 'Publish') sendXml(response, 200, await publish(params));
        else if (action === 'PublishBatch') sendXml(response, 200, await publishBatch(params));
        else throw new SnsError(400, 'InvalidAction', `The action ${action ?? '(none)'} is not valid for the local topic sink (Publish, PublishBatch)`);
      } catch (error) {
        const sns = error instanceof SnsError ? error : new SnsError(500, 'InternalFailure', String(error), false);
        sendXml(
          response,
          sns.status,
          `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${sns.sender ? 'Sender' : 'Receiver'}</Type><Code>${escapeXml(sns.code)}</Code><Message>${escapeXml(sns.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
        );
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    topicArn,
    messages: (topic) => stored.filter((message) => topic === undefined || message.topic === topic),
    failNext: (count, fault = {}) => {
      for (let i = 0; i < count; i += 1) faults.push(fault);
    },
    failNextRequests: (count, { status = 400, code = 'Throttling', message = 'Rate exceeded' } = {}) => {
      for (let i = 0; i < count; i += 1) requestFaults.push({ status, code, message });
    },
    requests: () => requestCount,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await writes.catch(() => undefined);
    },
  };
};
