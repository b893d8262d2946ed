/** Starting and stopping the preview's servers, with a busy port reported as a rejection instead of a crash. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Listens on 127.0.0.1:`port` (0 = any free port) and resolves with the port in use. A failure to listen (the port is
 * taken: `EADDRINUSE`) rejects: `server.listen`'s callback only runs on success, and an `'error'` event without a
 * listener would end the process.
 */
export function listenOn(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error) => reject(error);
    server.once('error', failed);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', failed);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops `server` and drops its open connections; resolves also when it was not listening. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
