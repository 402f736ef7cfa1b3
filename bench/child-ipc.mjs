// The child side of `child.mjs`: report a result, or wait for the parent at a mark.

/**
 * Sends the result to the parent, then exits (open keep-alive sockets must not keep it alive).
 * @param {unknown} value
 */
export const sendResult = (value) => {
  process.send({ type: 'result', value }, () => process.exit(0));
};

/**
 * Sends an error message to the parent, then exits with code 1.
 * @param {unknown} error
 */
export const sendError = (error) => {
  const message = error instanceof Error ? `${error.stack ?? error.message}` : String(error);
  process.send({ type: 'error', message }, () => process.exit(1));
};

/**
 * Tells the parent that `name` is reached and resolves when it has answered.
 * @param {string} name
 * @returns {Promise<void>}
 */
export const mark = (name) =>
  new Promise((resolve) => {
    const onMessage = (message) => {
      if (message?.type === 'ack' && message.name === name) {
        process.off('message', onMessage);
        resolve();
      }
    };
    process.on('message', onMessage);
    process.send({ type: 'mark', name });
  });
