/**
 * A real DNS responder on UDP 127.0.0.1 (dns-packet) serving TXT records: NXDOMAIN for unknown names,
 * NOERROR with no answer for known names without TXT, and scriptable SERVFAIL / REFUSED / silence.
 * Point config.network.dnsResolver at `address`.
 */
import dgram from 'node:dgram';
import * as dnsPacket from 'dns-packet';

export type DnsFailure = 'SERVFAIL' | 'REFUSED' | 'drop';

export interface DnsFake {
  /** `127.0.0.1:<port>` for config.network.dnsResolver. */
  address: string;
  port: number;
  /** name (lower-case) → TXT values; mutate freely between tests. */
  records: Record<string, string[]>;
  failures: Record<string, DnsFailure>;
  /** Every question received: `TXT example.com`. */
  queries: string[];
  close(): Promise<void>;
}

const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

export async function startDnsFake(
  options: { records?: Record<string, string[]>; failures?: Record<string, DnsFailure> } = {},
): Promise<DnsFake> {
  const records: Record<string, string[]> = { ...(options.records ?? {}) };
  const failures: Record<string, DnsFailure> = { ...(options.failures ?? {}) };
  const queries: string[] = [];
  const socket = dgram.createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return;
    }
    const q = query.questions?.[0];
    if (!q) return;
    const name = q.name.toLowerCase().replace(/\.$/, '');
    queries.push(`${q.type} ${name}`);
    const failure = failures[name];
    if (failure === 'drop') return;
    let rcode: number = RCODE.NOERROR;
    const answers: dnsPacket.Answer[] = [];
    if (failure) rcode = RCODE[failure];
    else if (!(name in records)) rcode = RCODE.NXDOMAIN;
    else if (q.type === 'TXT') {
      for (const value of records[name]!) {
        // A TXT value is a list of ≤255-byte character-strings.
        const chunks: Buffer[] = [];
        const bytes = Buffer.from(value);
        for (let i = 0; i < bytes.byteLength || i === 0; i += 255) chunks.push(bytes.subarray(i, i + 255));
        answers.push({ type: 'TXT', name: q.name, ttl: 60, class: 'IN', data: chunks });
      }
    }
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | rcode,
      questions: query.questions,
      answers,
    });
    socket.send(response, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  return {
    address: `127.0.0.1:${port}`,
    port,
    records,
    failures,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
