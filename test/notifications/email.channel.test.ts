import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { emailChannel, messageIdFor, type EmailConfig } from '../../server/src/notifications/channels/email.channel.ts';
import type { OutboundMessage, SendContext } from '../../server/src/notifications/channel.ts';
import { createAddressPolicy } from '../../server/src/monitoring/address-policy.ts';
import { parseMail } from './mini-mime.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

type RcptAnswer = null | { code: number; message: string };

async function startSmtp(rcpt: (address: string) => RcptAnswer = () => null): Promise<{ port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onRcptTo(address, _session, cb) {
      const a = rcpt(address.address);
      if (!a) return cb();
      cb(Object.assign(new Error(a.message), { responseCode: a.code }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function ctx(timeoutMs = 3000): SendContext {
  return { signal: new AbortController().signal, timeoutMs };
}

const config = (port: number): EmailConfig => ({ host: '127.0.0.1', port, secure: false, starttls: 'never', from: 'Vigil <canhbao@vigil.gov.vn>' });

const message: OutboundMessage = {
  id: 'dlv_01HZX3K9',
  to: 'truc.ban@soyte.gov.vn',
  subject: '[Vigil][NGHIÊM TRỌNG] Cổng TTĐT Sở Y tế không truy cập được',
  text: 'Kính gửi đồng chí,\nCổng thông tin điện tử Sở Y tế không phản hồi.\nXác nhận đã nhận: https://vigil.example.gov.vn/ack/abc',
  html: '<p>Cổng thông tin điện tử Sở Y tế không phản hồi.</p>',
  severity: 'critical',
};

test('e-mail reaches a real SMTP server with a UTF-8 Vietnamese subject, both bodies and a Message-ID from msg.id', async () => {
  const smtp = await startSmtp();
  try {
    const r = await emailChannel.send(message, config(smtp.port), ctx());
    assert.deepEqual(r, { ok: true, providerId: '<dlv_01HZX3K9.vigil@vigil.gov.vn>' });
    assert.equal(smtp.received.length, 1);
    const got = smtp.received[0]!;
    assert.equal(got.from, 'canhbao@vigil.gov.vn');
    assert.deepEqual(got.to, ['truc.ban@soyte.gov.vn']);
    const mail = parseMail(got.raw);
    assert.equal(mail.headers.get('subject'), message.subject);
    assert.equal(mail.headers.get('message-id'), '<dlv_01HZX3K9.vigil@vigil.gov.vn>');
    assert.equal(mail.headers.get('x-vigil-delivery'), 'dlv_01HZX3K9');
    assert.equal(mail.headers.get('auto-submitted'), 'auto-generated');
    assert.equal(mail.text, message.text);
    assert.match(mail.html ?? '', /Cổng thông tin điện tử Sở Y tế/);

    // A retry of the same delivery carries the same Message-ID (receivers dedupe on it).
    await emailChannel.send(message, config(smtp.port), ctx());
    assert.equal(parseMail(smtp.received[1]!.raw).headers.get('message-id'), '<dlv_01HZX3K9.vigil@vigil.gov.vn>');
  } finally {
    await smtp.close();
  }
});

test('CR/LF in a subject cannot inject headers', async () => {
  const smtp = await startSmtp();
  try {
    const r = await emailChannel.send({ ...message, subject: 'Cảnh báo\r\nBcc: attacker@evil.example\r\nX-Evil: 1' }, config(smtp.port), ctx());
    assert.equal(r.ok, true);
    assert.deepEqual(smtp.received[0]!.to, ['truc.ban@soyte.gov.vn']);
    const mail = parseMail(smtp.received[0]!.raw);
    assert.equal(mail.headers.has('bcc'), false);
    assert.equal(mail.headers.has('x-evil'), false);
    assert.equal(mail.headers.get('subject'), 'Cảnh báo Bcc: attacker@evil.example X-Evil: 1');
  } finally {
    await smtp.close();
  }
});

test('SMTP 450 is retryable, 550 user unknown is a permanent bounce', async () => {
  const smtp = await startSmtp((a) => (a.startsWith('busy') ? { code: 450, message: '4.2.1 Mailbox busy, try later' } : a.startsWith('ghost') ? { code: 550, message: '5.1.1 User unknown' } : null));
  try {
    const busy = await emailChannel.send({ ...message, to: 'busy@soyte.gov.vn' }, config(smtp.port), ctx());
    assert.equal(busy.ok, false);
    assert.equal(!busy.ok && busy.retryable, true);
    assert.equal(!busy.ok && busy.code, 'server-error');

    const ghost = await emailChannel.send({ ...message, to: 'ghost@soyte.gov.vn' }, config(smtp.port), ctx());
    assert.equal(ghost.ok, false);
    assert.equal(!ghost.ok && ghost.retryable, false);
    assert.equal(!ghost.ok && ghost.code, 'bounced');
    assert.match(!ghost.ok ? ghost.error : '', /550/);
    assert.equal(smtp.received.length, 0);
  } finally {
    await smtp.close();
  }
});

test('a server that accepts and never greets times out within the bound, retryable', async () => {
  const sockets: Socket[] = [];
  const server: Server = createServer((s) => sockets.push(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    const t0 = performance.now();
    const r = await emailChannel.send(message, config(port), ctx(300));
    const took = performance.now() - t0;
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.retryable, true);
    assert.equal(!r.ok && r.code, 'timeout');
    assert.ok(took < 1500, `took ${took} ms`);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('connection refused is retryable; a bad address is refused before connecting', async () => {
  const refused = await emailChannel.send(message, config(1), ctx(1000));
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.retryable, true);
  assert.equal(!refused.ok && refused.code, 'network');

  const bad = await emailChannel.send({ ...message, to: 'a@b.vn\r\nRCPT TO:<x@y.z>' }, config(1), ctx());
  assert.deepEqual(bad.ok === false && [bad.code, bad.retryable], ['bad-address', false]);
  assert.equal(emailChannel.validateAddress('truc.ban@soyte.gov.vn'), null);
  assert.notEqual(emailChannel.validateAddress('khong hop le@x'), null);
});

test('with an address policy, a relay on a refused address is never contacted', async () => {
  const smtp = await startSmtp();
  try {
    const policy = createAddressPolicy({ allowInternal: false });
    const r = await emailChannel.send(message, config(smtp.port), { ...ctx(), addressPolicy: policy });
    assert.deepEqual(r.ok === false && [r.code, r.retryable], ['policy', false]);
    assert.equal(smtp.received.length, 0);
    const allowed = await emailChannel.send(message, config(smtp.port), { ...ctx(), addressPolicy: createAddressPolicy({ allowInternal: false, allowLoopbackForTests: true }) });
    assert.equal(allowed.ok, true);
    assert.equal(smtp.received.length, 1);
  } finally {
    await smtp.close();
  }
});

test('Message-IDs of unusual ids are hashed, never copied into the header', () => {
  assert.match(messageIdFor('a b>\r\nX: y', 'vigil.gov.vn'), /^<[0-9a-f]{40}\.vigil@vigil\.gov\.vn>$/);
});
