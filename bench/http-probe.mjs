// The plain round trip to a fake endpoint: the same kind of POST the SDK makes (keep-alive agent,
// similar body), without SDK, signing or handler. What the full stack costs beyond this is our own
// work plus the SDK's.
import { Agent, request } from 'node:http';

/**
 * Sends one POST and resolves with the whole answer body once read.
 * @param {Agent} agent
 * @param {URL} url
 * @param {{ target: string, contentType: string, body: string }} call
 * @returns {Promise<Buffer>}
 */
const post = (agent, url, call) =>
  new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': call.contentType,
          'x-amz-target': call.target,
          'x-bench-probe': '1',
          'content-length': Buffer.byteLength(call.body),
        },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks)));
        response.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(call.body);
  });

/**
 * Times `count` sequential POSTs (after a tenth as many untimed ones), in µs.
 * @param {string} endpoint - e.g. `http://127.0.0.1:40123`
 * @param {{ target: string, contentType: string, body: string }} call
 * @param {number} count
 * @returns {Promise<{ samplesUs: Float64Array, cpuUsPerCall: number }>}
 */
export const probeRoundTrips = async (endpoint, call, count) => {
  const agent = new Agent({ keepAlive: true, maxSockets: 50 });
  const url = new URL('/', endpoint);
  for (let i = 0; i < Math.max(10, count / 10); i += 1) await post(agent, url, call);
  const samplesUs = new Float64Array(count);
  let cpuUs = 0;
  for (let i = 0; i < count; i += 1) {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    await post(agent, url, call);
    samplesUs[i] = Number(process.hrtime.bigint() - start) / 1000;
    const used = process.cpuUsage(cpu);
    cpuUs += used.user + used.system;
  }
  agent.destroy();
  return { samplesUs, cpuUsPerCall: cpuUs / count };
};
