import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A local DingTalk Stream gateway (chat-platforms.md §4): `POST /v1.0/gateway/connections/open`
 * checks clientId/secret and hands out a single-use ticket; `GET /connect?ticket=` upgrades to a
 * WebSocket (a minimal RFC 6455 text-frame server, enough for the SDK's `ws` client) over which
 * tests push downstream frames and read the client's acks.
 */
export interface StreamAck {
  code: number;
  headers: { messageId?: string; contentType?: string };
  message: string;
  data: string;
}

export interface StreamGateway {
  readonly baseUrl: string;
  readonly openRequests: Array<Record<string, unknown>>;
  readonly acks: StreamAck[];
  waitForConnection(timeoutMs?: number): Promise<void>;
  /** Sends a downstream frame; resolves with the client's ack for it (or rejects after timeoutMs). */
  push(frame: { type: string; headers: Record<string, string>; data: string }, timeoutMs?: number): Promise<StreamAck>;
  close(): Promise<void>;
}

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function encodeFrame(text: string, opcode = 0x1): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const len = payload.length;
  const header = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (len >= 126 && len < 65_536) {
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(len, 2);
  } else if (len >= 65_536) {
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([header, payload]);
}

/** Parses complete client frames (always masked) from `buffer`; returns them and the unused rest. */
function decodeFrames(buffer: Buffer): { frames: Array<{ opcode: number; payload: Buffer }>; rest: Buffer } {
  const frames: Array<{ opcode: number; payload: Buffer }> = [];
  let offset = 0;
  for (;;) {
    if (buffer.length - offset < 2) break;
    const opcode = buffer[offset]! & 0x0f;
    const masked = (buffer[offset + 1]! & 0x80) !== 0;
    let len = buffer[offset + 1]! & 0x7f;
    let pos = offset + 2;
    if (len === 126) {
      if (buffer.length < pos + 2) break;
      len = buffer.readUInt16BE(pos);
      pos += 2;
    } else if (len === 127) {
      if (buffer.length < pos + 8) break;
      len = Number(buffer.readBigUInt64BE(pos));
      pos += 8;
    }
    const maskLen = masked ? 4 : 0;
    if (buffer.length < pos + maskLen + len) break;
    const mask = masked ? buffer.subarray(pos, pos + 4) : null;
    pos += maskLen;
    const payload = Buffer.from(buffer.subarray(pos, pos + len));
    if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
    frames.push({ opcode, payload });
    offset = pos + len;
  }
  return { frames, rest: buffer.subarray(offset) };
}

export async function startStreamGateway(options: { clientId: string; clientSecret: string }): Promise<StreamGateway> {
  const openRequests: Array<Record<string, unknown>> = [];
  const acks: StreamAck[] = [];
  const tickets = new Set<string>();
  const waiters = new Map<string, (ack: StreamAck) => void>();
  let socket: Duplex | null = null;
  let onConnect: (() => void) | null = null;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1.0/gateway/connections/open') {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      openRequests.push(body);
      if (body.clientId !== options.clientId || body.clientSecret !== options.clientSecret) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'InvalidAuthentication', message: 'bad client' }));
        return;
      }
      const ticket = randomBytes(12).toString('hex');
      tickets.add(ticket);
      const { port } = server.address() as AddressInfo;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ endpoint: `ws://127.0.0.1:${port}/connect`, ticket }));
    });
  });

  server.on('upgrade', (req: IncomingMessage, sock: Duplex) => {
    const url = new URL(req.url ?? '/', 'http://gw');
    const ticket = url.searchParams.get('ticket') ?? '';
    const key = req.headers['sec-websocket-key'];
    // Tickets are single use (the real gateway also expires them after 90 s).
    if (url.pathname !== '/connect' || !tickets.delete(ticket) || typeof key !== 'string') {
      sock.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(key + WS_GUID).digest('base64');
    sock.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket = sock;
    let pending: Buffer = Buffer.alloc(0);
    sock.on('data', (chunk: Buffer) => {
      const { frames, rest } = decodeFrames(Buffer.concat([pending, chunk]));
      pending = rest;
      for (const f of frames) {
        if (f.opcode === 0x8) {
          sock.end(encodeFrame('', 0x8));
          continue;
        }
        if (f.opcode === 0x9) {
          sock.write(encodeFrame(f.payload.toString('utf8'), 0xa));
          continue;
        }
        if (f.opcode !== 0x1) continue;
        const ack = JSON.parse(f.payload.toString('utf8')) as StreamAck;
        acks.push(ack);
        const id = ack.headers?.messageId;
        if (id && waiters.has(id)) {
          waiters.get(id)!(ack);
          waiters.delete(id);
        }
      }
    });
    sock.on('error', () => {});
    onConnect?.();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    openRequests,
    acks,
    waitForConnection(timeoutMs = 5_000) {
      if (socket) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no Stream connection')), timeoutMs);
        onConnect = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
    push(frame, timeoutMs = 5_000) {
      if (!socket) return Promise.reject(new Error('no Stream connection'));
      const messageId = frame.headers.messageId ?? randomBytes(8).toString('hex');
      const full = { specVersion: '1.0', ...frame, headers: { contentType: 'application/json', time: String(Date.now()), ...frame.headers, messageId } };
      const s = socket;
      return new Promise<StreamAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(messageId);
          reject(new Error(`no ack for ${messageId}`));
        }, timeoutMs);
        waiters.set(messageId, (ack) => {
          clearTimeout(timer);
          resolve(ack);
        });
        s.write(encodeFrame(JSON.stringify(full)));
      });
    },
    async close() {
      socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
