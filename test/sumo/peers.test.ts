// tcpPeers: the remote ends of a process's established connections on one local port (what tells cavlab's
// TraCI link from another program's), checked on a real socket pair of this process.
import { createServer, connect } from 'node:net';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { tcpPeers } from '../../src/sumo/peers.js';

describe('tcpPeers', () => {
  it.skipIf(process.platform !== 'linux')('lists the client ports connected to a listening port of a process', async () => {
    const accepted: Socket[] = [];
    const server = createServer((s) => void accepted.push(s));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const clients = await Promise.all([0, 1].map(() => new Promise<Socket>((done) => {
      const c = connect({ port, host: '127.0.0.1' }, () => done(c));
    })));
    while (accepted.length < 2) await new Promise((r) => setTimeout(r, 5));
    const peers = await tcpPeers(process.pid, port);
    expect(peers?.sort()).toEqual(clients.map((c) => `127.0.0.1:${c.localPort}`).sort());
    expect(await tcpPeers(process.pid, port + 1 === 65536 ? 1 : port + 1)).toEqual([]);
    expect(await tcpPeers(2 ** 22 + 7, port)).toBeNull();
    for (const s of [...clients, ...accepted]) s.destroy();
    await new Promise<void>((done) => server.close(() => done()));
  });
});
