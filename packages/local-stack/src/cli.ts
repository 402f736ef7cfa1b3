// `pnpm start`: the whole service on this machine. See `--help`.
import { parseArgs } from 'node:util';
import { banner } from './banner.ts';
import { startLocalStack, type LocalStack } from './stack.ts';
import { stopOnCtrlC } from './terminal-interrupt.ts';

const HELP = `Usage: pnpm start [-- options]

Runs the File SLA Error service on 127.0.0.1: API gateway, Cognito emulator and DynamoDB.

Options:
  --port <n>            gateway port (default 3000)
  --cognito-port <n>    Cognito emulator port (default 9229)
  --dynamodb-port <n>   DynamoDB port (default 8000)
  --dynamodb <engine>   embedded (dynalite, default) or local (official DynamoDB Local, needs Java 17+)
  --persist             keep tables, pools and users under .local/ across restarts
  -h, --help            this text
`;

const fail = (message: string): never => {
  process.stderr.write(`local-stack: ${message}\n`);
  process.exit(1);
};

const port = (name: string, value: string): number => {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1 || number > 65_535) fail(`--${name} must be a port number from 1 to 65535 (got "${value}")`);
  return number;
};

const main = async (): Promise<void> => {
  let values;
  try {
    ({ values } = parseArgs({
      // `pnpm start -- --port 3001` hands the `--` on to this script; options follow it.
      args: process.argv[2] === '--' ? process.argv.slice(3) : process.argv.slice(2),
      options: {
        port: { type: 'string', default: '3000' },
        'cognito-port': { type: 'string', default: '9229' },
        'dynamodb-port': { type: 'string', default: '8000' },
        dynamodb: { type: 'string', default: 'embedded' },
        persist: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    return fail(`${(error as Error).message}; see --help`);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (values.dynamodb !== 'embedded' && values.dynamodb !== 'local') fail(`--dynamodb must be "embedded" or "local" (got "${values.dynamodb}")`);

  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  let stack: LocalStack | undefined;
  let stopping = false;
  // A stop on request is a clean end: exit code 0, whether it came as Ctrl-C or as a signal (a
  // repeated one, as pnpm relays the terminal's, changes nothing).
  let restoreTerminal = (): void => undefined;
  const shutdown = async (reason: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    restoreTerminal();
    log(`\n${reason}: stopping…`);
    await stack?.stop();
    log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  restoreTerminal = stopOnCtrlC(() => void shutdown('Ctrl-C'));

  try {
    stack = await startLocalStack({
      port: port('port', values.port),
      cognitoPort: port('cognito-port', values['cognito-port']),
      dynamodbPort: port('dynamodb-port', values['dynamodb-port']),
      dynamodb: values.dynamodb as 'embedded' | 'local',
      persist: values.persist,
      log,
    });
  } catch (error) {
    fail((error as Error).message.split('\n')[0] ?? 'failed to start');
  }
  if (stopping) return;
  log(banner(stack!.url));
  log(`Ready: ${stack!.url}`);
};

await main();
