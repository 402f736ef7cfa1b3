import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { powershellFixtures, readFixtureBody, type PowerShellFixture } from '../fixtures/powershell/index.js';
import { startLocalServices, type LocalServices } from '../support/local-services.js';
import { httpApiEvent, lambdaContext } from '@file-sla/local-stack';

// Every PowerShell fixture, byte for byte as PowerShell sends it, through the built bundle into
// DynamoDB Local; what is stored is read straight from the table.

let services: LocalServices;
let token: string;

beforeAll(async () => {
  services = await startLocalServices();
  token = await services.login();
}, 60_000);

afterAll(async () => {
  await services?.stop();
});

const send = async (fixture: PowerShellFixture) => {
  const body = readFixtureBody(fixture);
  const event = httpApiEvent({
    method: 'POST',
    path: '/sla-errors',
    headers: { authorization: `Bearer ${token}`, ...(fixture.contentType ? { 'content-type': fixture.contentType } : {}) },
  });
  // Bytes that are not UTF-8 text arrive base64-encoded, as API Gateway passes them.
  Object.assign(event, typeof body === 'string' ? { body, isBase64Encoded: false } : { body: body.base64, isBase64Encoded: true });
  const response = await services.slaErrors(event, lambdaContext('sla-error-lambda'));
  return { ...response, json: JSON.parse(response.body) as Record<string, unknown> };
};

describe.each(powershellFixtures.map((fixture) => [fixture.name, fixture] as const))('PowerShell fixture %s', (_name, fixture) => {
  it(`answers ${fixture.expect.status} and stores what it must`, async () => {
    // Several fixtures report the same breach; each starts from an empty table.
    await services.clearTable();
    const response = await send(fixture);
    expect({ status: response.statusCode, body: response.json }).toMatchObject({ status: fixture.expect.status });
    if (fixture.expect.status === 400) {
      const paths = (response.json.errors as Array<{ path: string }> | undefined)?.map((error) => error.path) ?? [''];
      for (const path of fixture.expect.paths) expect(paths).toContain(path);
      return;
    }
    const ids = Array.isArray(response.json.results)
      ? (response.json.results as Array<{ errorId: string }>).map((result) => result.errorId)
      : [response.json.errorId as string];
    expect(ids).toHaveLength(fixture.expect.items);
    const stored = await services.tableItems();
    fixture.expect.stored.forEach((expected, index) => {
      expect(stored.find((item) => item.errorId === ids[index])).toMatchObject(expected);
    });
  });
});
