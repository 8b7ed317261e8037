// Who holds SUMO's TraCI client slot. SUMO 1.15 listens on --remote-port on every interface (it has no option to
// bind loopback only) until its single client (--num-clients 1) connects, then stops listening. cavlab connects
// within milliseconds of SUMO's start, and afterwards checks here that the one connection SUMO accepted is its
// own (Linux: the sockets in /proc/<pid>/fd matched against /proc/net/tcp{,6}).
import { readdir, readFile, readlink } from 'node:fs/promises';

/** TCP state ESTABLISHED in /proc/net/tcp. */
const ESTABLISHED = '01';

/** "0100007F:B9FE" → "127.0.0.1:47614"; IPv6 addresses are kept as /proc writes them (only ports are compared). */
function endpoint(hex: string): { readonly address: string; readonly port: number } {
  const [addr = '', port = '0'] = hex.split(':');
  const address = addr.length === 8
    ? [3, 2, 1, 0].map((i) => parseInt(addr.slice(i * 2, i * 2 + 2), 16)).join('.')
    : addr === '0000000000000000FFFF00000100007F' ? '127.0.0.1' : `[${addr}]`;
  return { address, port: parseInt(port, 16) };
}

/**
 * The remote ends ("address:port") of the established TCP connections process `pid` holds on its local `port`,
 * or null where this cannot be known (no /proc, or the process is gone).
 */
export async function tcpPeers(pid: number, port: number): Promise<string[] | null> {
  let inodes: Set<string>;
  try {
    const fds = await readdir(`/proc/${pid}/fd`);
    const links = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
    inodes = new Set(links.map((l) => /^socket:\[(\d+)\]$/.exec(l)?.[1]).filter((i): i is string => i !== undefined));
  } catch {
    return null;
  }
  const peers: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== ESTABLISHED || !inodes.has(f[9] ?? '')) continue;
      if (endpoint(f[1] ?? '').port !== port) continue;
      const remote = endpoint(f[2] ?? '');
      peers.push(`${remote.address}:${remote.port}`);
    }
  }
  return peers;
}
