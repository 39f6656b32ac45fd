import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { emailChannel, MAX_ATTACHMENT_BYTES, messageIdFor, safeAttachmentName, type EmailConfig } from '../../server/src/notifications/channels/email.channel.ts';
import type { OutboundMessage, SendContext } from '../../server/src/notifications/channel.ts';
import { createAddressPolicy } from '../../server/src/monitoring/address-policy.ts';
import { parseMail, parsePart, type ParsedPart } from './mini-mime.ts';

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

/** The leaf parts of a (nested) multipart message, headers decoded, bodies still encoded. */
function leafParts(raw: string): ParsedPart[] {
  const part = parsePart(raw);
  const boundary = /boundary="?([^";]+)"?/i.exec(part.headers.get('content-type') ?? '')?.[1];
  if (!boundary) return [part];
  const out: ParsedPart[] = [];
  for (const chunk of part.body.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    out.push(...leafParts(chunk.replace(/^\r\n/, '')));
  }
  return out;
}

/** The file name of a Content-Disposition, plain or in RFC 2231 continuations (filename*0*=utf-8''…). */
function dispositionFilename(p: ParsedPart): string {
  const cd = p.headers.get('content-disposition') ?? '';
  const pieces = [...cd.matchAll(/filename\*(\d+)\*?=([^;]+)/g)].sort((a, b) => Number(a[1]) - Number(b[1])).map((m) => m[2]!.trim());
  if (pieces.length) return decodeURIComponent(pieces.join('').replace(/^utf-8''/i, ''));
  return /filename="?([^";]+)"?/.exec(cd)?.[1] ?? '';
}

test('attachments arrive byte for byte, with a safe one-line file name, next to the text and HTML', async () => {
  const smtp = await startSmtp();
  try {
    // Every byte value, and more than one base64 line, so no encoding step can hide a change.
    const bytes = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256))]);
    const r = await emailChannel.send({
      ...message,
      attachments: [{
        filename: '../../Công văn cảnh báo\r\nX-Evil: 1 "CB-2026-3".docx',
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        contentBase64: bytes.toString('base64'),
      }],
    }, config(smtp.port), ctx());
    assert.equal(r.ok, true);
    const raw = smtp.received[0]!.raw;
    assert.equal(parsePart(raw).headers.has('x-evil'), false);
    const parts = leafParts(raw);
    const file = parts.find((p) => /attachment/i.test(p.headers.get('content-disposition') ?? ''));
    assert.ok(file, 'an attachment part');
    assert.match(file.headers.get('content-type') ?? '', /^application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document/);
    assert.equal(file.headers.get('content-transfer-encoding'), 'base64');
    assert.ok(Buffer.from(file.body.replace(/\s+/g, ''), 'base64').equals(bytes), 'the decoded part is the bytes sent');
    const name = safeAttachmentName('../../Công văn cảnh báo\r\nX-Evil: 1 "CB-2026-3".docx');
    assert.equal(name, 'Công văn cảnh báo X-Evil_ 1 _CB-2026-3_.docx');
    assert.equal(dispositionFilename(file), name);
    assert.ok(parts.some((p) => (p.headers.get('content-type') ?? '').startsWith('text/plain')));
    assert.ok(parts.some((p) => (p.headers.get('content-type') ?? '').startsWith('text/html')));
  } finally {
    await smtp.close();
  }
});

test('attachments over 5 MB decoded, or broken base64, fail permanently without connecting', async () => {
  const smtp = await startSmtp();
  try {
    const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 1).toString('base64');
    const over = await emailChannel.send({ ...message, attachments: [{ filename: 'a.docx', contentType: 'application/octet-stream', contentBase64: big }] }, config(smtp.port), ctx());
    assert.deepEqual(over.ok === false && [over.code, over.retryable], ['rejected', false]);
    assert.match(!over.ok ? over.error : '', /5 MB/);
    // Two halves that fit alone but not together.
    const half = Buffer.alloc(MAX_ATTACHMENT_BYTES / 2 + 10, 2).toString('base64');
    const two = await emailChannel.send({ ...message, attachments: [1, 2].map((i) => ({ filename: `${i}.bin`, contentType: 'application/octet-stream', contentBase64: half })) }, config(smtp.port), ctx());
    assert.deepEqual(two.ok === false && [two.code, two.retryable], ['rejected', false]);
    const broken = await emailChannel.send({ ...message, attachments: [{ filename: 'a.docx', contentType: 'x', contentBase64: 'not base64!' }] }, config(smtp.port), ctx());
    assert.deepEqual(broken.ok === false && [broken.code, broken.retryable], ['rejected', false]);
    assert.equal(smtp.received.length, 0);

    // Exactly at the cap is fine; an odd content type becomes application/octet-stream.
    const atCap = Buffer.alloc(MAX_ATTACHMENT_BYTES, 3);
    const ok = await emailChannel.send({ ...message, attachments: [{ filename: '', contentType: 'text/html\r\nX-Evil: 1', contentBase64: atCap.toString('base64') }] }, config(smtp.port), ctx(10_000));
    assert.equal(ok.ok, true);
    const file = leafParts(smtp.received[0]!.raw).find((p) => /attachment/i.test(p.headers.get('content-disposition') ?? ''))!;
    assert.match(file.headers.get('content-type') ?? '', /^application\/octet-stream/);
    assert.equal(dispositionFilename(file), 'tep-dinh-kem');
    assert.equal(Buffer.from(file.body.replace(/\s+/g, ''), 'base64').length, MAX_ATTACHMENT_BYTES);
  } finally {
    await smtp.close();
  }
});
