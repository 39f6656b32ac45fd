import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { ChromiumPageRenderer } from '../../../server/src/monitoring/content/chromium-page-renderer.ts';
import { CONTENT_DEFAULTS, createContentProbe } from '../../../server/src/monitoring/probes/content.probe.ts';
import { startHttpServer, type LoopbackHttp } from '../../helpers/loopback/http-servers.ts';
import { LOOPBACK_POLICY, probeContext, PUBLIC_ONLY_POLICY, recordingPolicy } from '../../helpers/loopback/probe-context.ts';

const CHROMIUM = process.env.VIGIL_CHROMIUM_PATH ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}`;

let server: LoopbackHttp;
let hits: string[] = [];
let renderer: ChromiumPageRenderer;

before(async () => {
  const html = (body: string) => (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  };
  server = await startHttpServer({
    // The spam only exists after the script ran: a plain fetch never sees it.
    '/': html(`<html><head><title>Cổng thông tin</title></head><body><p>Tin tức</p>
      <script>var d=document.createElement('div');d.innerHTML='<a href="https://slot-gacor.example/">slot gacor maxwin</a>';document.body.appendChild(d);</script>
      <img src="/logo.png"></body></html>`),
    '/logo.png': html('x'),
    '/leak': html(`<html><body><img src="http://169.254.169.254/latest/meta-data/"><script>fetch('http://10.0.0.1/')</script><p>ok</p></body></html>`),
  });
  renderer = new ChromiumPageRenderer({ executablePath: CHROMIUM, concurrency: 2 });
});

after(async () => {
  await renderer?.close();
  await server?.close();
});

test('renders script-built content and takes a screenshot, fetching through the guarded client', { skip }, async () => {
  hits = [];
  const r = await renderer.render(`${server.url}/`, { signal: new AbortController().signal, timeoutMs: 20_000, addressPolicy: LOOPBACK_POLICY });
  assert.ok(r, 'rendered');
  assert.match(r.html, /slot gacor maxwin/);
  assert.deepEqual([...r.screenshotPng.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  assert.ok(hits.includes('/logo.png'), 'sub-resources come through our fetcher');
});

test('the address policy holds for the page and its sub-resources', { skip }, async () => {
  // Loopback is refused by the public-only policy: nothing renders, nothing is fetched.
  hits = [];
  const refused = await renderer.render(`${server.url}/`, { signal: new AbortController().signal, timeoutMs: 10_000, addressPolicy: PUBLIC_ONLY_POLICY });
  assert.equal(refused, null);
  assert.deepEqual(hits, []);
  // A loopback page asking for the metadata address and a private address: the page renders, those requests are refused.
  const policy = recordingPolicy(LOOPBACK_POLICY);
  const r = await renderer.render(`${server.url}/leak`, { signal: new AbortController().signal, timeoutMs: 20_000, addressPolicy: policy });
  assert.ok(r);
  assert.match(r.html, /<p>ok<\/p>/);
  assert.ok(policy.checked.includes('169.254.169.254'), 'the metadata address went through the policy (and was refused)');
  assert.equal(policy.check('169.254.169.254', 4) !== null, true);
});

test('a cancelled render returns null quickly and the pool stays usable', { skip }, async () => {
  const c = new AbortController();
  const started = Date.now();
  const p = renderer.render(`${server.url}/`, { signal: c.signal, timeoutMs: 20_000, addressPolicy: LOOPBACK_POLICY });
  c.abort();
  assert.equal(await p.catch(() => null), null);
  assert.ok(Date.now() - started < 10_000);
  const r = await renderer.render(`${server.url}/`, { signal: new AbortController().signal, timeoutMs: 20_000, addressPolicy: LOOPBACK_POLICY });
  assert.ok(r);
});

test('a content monitor with render on: spam built by script is found and the screenshot kept as evidence', { skip }, async () => {
  const probe = createContentProbe({ renderer });
  const settings = { ...CONTENT_DEFAULTS, variants: [], subpages: 0, sitemap: false, render: true };
  const r = await probe.run(`${server.url}/`, settings, probeContext({ timeoutMs: 20_000, baseline: null, addressPolicy: LOOPBACK_POLICY }));
  const a = r.artifacts!;
  assert.ok(a.screenshotSha256, r.reason);
  const shot = a.blobs.find((b) => b.sha256 === a.screenshotSha256)!;
  assert.equal(shot.contentType, 'image/png');
  assert.equal(r.status, 'down', `the script-built gambling link is an alarm: ${r.reason}`);
  // The rendered DOM has the link the raw HTML only holds inside a script string.
  assert.match(JSON.stringify(a.analysis?.detectors.find((d) => d.detector === 'rendered')?.evidence ?? []), /slot-gacor\.example/);
  // Without rendering there is no screenshot (the script scan still reads the spam out of the script).
  const raw = await probe.run(`${server.url}/`, { ...settings, render: false }, probeContext({ timeoutMs: 20_000, baseline: null, addressPolicy: LOOPBACK_POLICY }));
  assert.equal(raw.artifacts!.screenshotSha256, null);
});
