import type { Logger } from '../logger.js';
import { startMongoWireServer, type MongoWireServer } from './mongo-wire-server.js';

export interface SuperviseOptions {
  file: string;
  host?: string;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'fatal'>;
  /** Restarts in a row (without a stable period between them) before giving up. Default 5. */
  maxRestarts?: number;
  /** Wait before the n-th restart in a row: base * 2^n, capped at 10 s. Default 250 ms. */
  backoffBaseMs?: number;
  /** Up this long and the next crash starts counting from zero again. Default 60 s. */
  stableAfterMs?: number;
  /** Called once when restarting has failed maxRestarts times. */
  onGiveUp(reason: string): void;
}

export interface SupervisedMongoWireServer {
  /** Stable across restarts: the server comes back on the same port, so the driver reconnects by itself. */
  uri: string;
  /** The current Java process's id. */
  pid(): number;
  stop(): Promise<void>;
}

/**
 * Runs the embedded MongoDB-wire server and restarts it (same file, same port, with backoff) when
 * its Java process dies unexpectedly: until it is back, writes fail and callbacks answer 503,
 * so nothing is acknowledged meanwhile — but nothing should need a human to bring it back.
 */
export async function superviseMongoWireServer(options: SuperviseOptions): Promise<SupervisedMongoWireServer> {
  const { file, host, logger, onGiveUp } = options;
  const maxRestarts = options.maxRestarts ?? 5;
  const backoffBaseMs = options.backoffBaseMs ?? 250;
  const stableAfterMs = options.stableAfterMs ?? 60_000;

  let current: MongoWireServer = await startMongoWireServer({ file, host });
  const port = Number(new URL(current.uri).port);
  let stopping = false;
  let restartsInARow = 0;
  let upSince = Date.now();
  let restarting: Promise<void> = Promise.resolve();

  const restart = async (): Promise<void> => {
    while (!stopping) {
      if (restartsInARow >= maxRestarts) {
        const reason = `the embedded MongoDB-wire server (${file}) died and ${maxRestarts} restarts in a row failed`;
        logger.fatal(reason);
        onGiveUp(reason);
        return;
      }
      const delay = Math.min(backoffBaseMs * 2 ** restartsInARow, 10_000);
      restartsInARow++;
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (stopping) return;
      try {
        const server = await startMongoWireServer({ file, host, port });
        current = server;
        upSince = Date.now();
        logger.warn({ pid: server.pid, port, attempt: restartsInARow }, 'embedded MongoDB-wire server restarted');
        watch(server);
        if (stopping) await server.stop();
        return;
      } catch (error) {
        logger.error({ err: error, attempt: restartsInARow }, 'restarting the embedded MongoDB-wire server failed');
      }
    }
  };

  const watch = (server: MongoWireServer): void => {
    void server.exited.then((exit) => {
      if (stopping || server !== current) return;
      if (Date.now() - upSince >= stableAfterMs) restartsInARow = 0;
      logger.error(
        { pid: server.pid, exitCode: exit.code, signal: exit.signal, stderr: exit.stderrTail.slice(-10) },
        'embedded MongoDB-wire server exited unexpectedly; restarting it on the same file and port',
      );
      restarting = restart();
    });
  };
  watch(current);

  return {
    uri: current.uri,
    pid: () => current.pid,
    async stop() {
      stopping = true;
      await restarting;
      await current.stop();
    },
  };
}
