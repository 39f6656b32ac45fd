import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenTracked, type Tracked } from '../../helpers/loopback/tracked-server.ts';

/**
 * Pages of a small provincial portal, clean and compromised, and a loopback site whose
 * behaviour a test switches at will (and which records every request it gets).
 */
const NEWS = [
  'UBND tỉnh họp phiên thường kỳ tháng 8 về tình hình kinh tế - xã hội',
  'Triển khai dịch vụ công trực tuyến toàn trình tại cấp xã',
  'Hướng dẫn thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ',
  'Thông báo lịch tiếp công dân của Chủ tịch UBND tỉnh',
  'Kế hoạch chuyển đổi số năm 2026 của tỉnh Đồng Nai',
];

export function portalHtml(o: { extra?: string; title?: string; links?: string[] } = {}): string {
  const links = o.links ?? ['/tin-tuc/', '/gioi-thieu/', '/lien-he/'];
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${o.title ?? 'Cổng thông tin điện tử tỉnh Đồng Nai'}</title>
<meta name="description" content="Cổng thông tin điện tử Ủy ban nhân dân tỉnh Đồng Nai"></head><body>
<header><h1>Cổng thông tin điện tử tỉnh Đồng Nai</h1><nav>${links.map((l) => `<a href="${l}">${l.replace(/\//g, ' ').trim() || 'Trang chủ'}</a>`).join(' ')}</nav></header>
<main>${NEWS.map((n, i) => `<article><h2><a href="/tin-tuc/bai-${i}.html">${n}</a></h2><p>${n}. Nội dung chi tiết được cập nhật bởi Văn phòng UBND tỉnh, đề nghị các cơ quan, đơn vị nghiêm túc thực hiện.</p></article>`).join('\n')}
${o.extra ?? ''}</main>
<footer><p>Cơ quan chủ quản: Văn phòng Ủy ban nhân dân tỉnh Đồng Nai. Địa chỉ: số 2 Nguyễn Văn Trị, Biên Hòa.</p></footer></body></html>`;
}

/** The classic injected block: gambling links hidden off-screen for search engines only. */
export const GAMBLING_BLOCK = `<div style="position:absolute;left:-9999px;top:-9999px">
<a href="https://judi-slot-gacor88.example/">slot gacor hari ini</a> <a href="https://situs-judi-online.example/">situs judi online terpercaya</a>
<a href="https://togel-hk.example/">bandar togel online</a> <a href="https://nha-cai-uy-tin.example/">nhà cái uy tín cá cược bóng đá</a>
<a href="https://slot88-maxwin.example/">slot88 maxwin gampang menang</a> <a href="https://casino-online.example/">casino trực tuyến đánh bài đổi thưởng</a>
</div>`;

export function spamPage(): string {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>SLOT GACOR HARI INI - Situs Judi Slot Online Terpercaya Gampang Maxwin</title></head><body>
<h1>Slot Gacor Hari Ini Gampang Menang Maxwin</h1>
<p>Situs judi slot online terpercaya, daftar slot gacor hari ini, bandar togel online, slot88 maxwin, deposit pulsa tanpa potongan, RTP live slot gacor tertinggi.</p>
<p>Nhà cái uy tín, cá cược bóng đá, đánh bài đổi thưởng, nổ hũ, bắn cá, casino trực tuyến, link vào nhà cái mới nhất.</p>
${['https://judi-slot-gacor88.example/', 'https://situs-judi-online.example/', 'https://togel-hk.example/', 'https://slot88-maxwin.example/'].map((u) => `<a href="${u}">daftar slot gacor</a>`).join(' ')}
</body></html>`;
}

export interface SeenRequest {
  path: string;
  ua: string;
  referer: string;
}

export type Responder = (req: IncomingMessage, res: ServerResponse) => void;

export interface Site extends Tracked {
  url: string;
  seen: SeenRequest[];
  /** Replaces what the site answers (path → responder; '*' for anything else). */
  routes: Record<string, Responder>;
}

export const html = (body: string, status = 200): Responder => (_req, res) => {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);
};
export const xml = (body: string): Responder => (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/xml' }).end(body);
};

export async function startSite(routes: Record<string, Responder>, host = '127.0.0.1'): Promise<Site> {
  const seen: SeenRequest[] = [];
  const site = { routes } as Site;
  const server = createServer({ keepAliveTimeout: 500 }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    seen.push({ path, ua: String(req.headers['user-agent'] ?? ''), referer: String(req.headers.referer ?? '') });
    const h = site.routes[path] ?? site.routes['*'];
    if (h) return h(req, res);
    res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Không tìm thấy trang</h1>');
  });
  const t = await listenTracked(server, host);
  return Object.assign(site, t, { url: `http://${host}:${t.port}`, seen });
}
