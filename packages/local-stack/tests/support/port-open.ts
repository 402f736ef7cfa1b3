import { connect } from 'node:net';

/** Whether something accepts connections on `port` of 127.0.0.1 (a stopped stack leaves none). */
export const portOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
