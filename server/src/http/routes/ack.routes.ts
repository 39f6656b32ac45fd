import Type from 'typebox';
import type { AppContext } from '../../context.ts';
import { formatDateTime, SEVERITY_LABELS } from '../../notifications/templates/render-message.ts';
import type { Severity } from '../../notifications/channel.ts';
import { LINK_PAGE_CSP, renderLinkPage, type LinkPage } from '../pages/link-page.ts';
import type { App } from './route-types.ts';

/**
 * Links from messages, outside /api and without a session: the signed token is the credential.
 * GET only shows what the link is about (mail scanners and chat previews open links on their
 * own, and must not acknowledge anything); the button POSTs back to the same URL to act.
 * Forged, altered or expired links get a plain explanation and change nothing.
 */
const Params = Type.Object({ token: Type.String({ minLength: 1, maxLength: 512 }) }, { additionalProperties: false });

const ERRORS: Record<string, { status: number; text: string }> = {
  expired: { status: 410, text: 'Liên kết đã hết hạn. Vui lòng mở cảnh báo trong Vigil để xác nhận. (This link has expired.)' },
  'bad-signature': { status: 400, text: 'Liên kết không hợp lệ. (This link is not valid.)' },
  malformed: { status: 400, text: 'Liên kết không hợp lệ. (This link is not valid.)' },
  'not-found': { status: 404, text: 'Không tìm thấy nội dung của liên kết này. (Nothing found for this link.)' },
};

type Reply = { status(n: number): Reply; header(k: string, v: string): Reply; type(t: string): Reply; send(b: string): unknown };

function page(reply: Reply, status: number, p: LinkPage) {
  return reply
    .status(status)
    .header('Content-Security-Policy', LINK_PAGE_CSP)
    .header('Cache-Control', 'no-store')
    .header('Referrer-Policy', 'no-referrer')
    .header('X-Content-Type-Options', 'nosniff')
    .type('text/html; charset=utf-8')
    .send(renderLinkPage(p));
}

const STATUS_VI: Record<string, string> = { triggered: 'Chưa xác nhận', acknowledged: 'Đã xác nhận', resolved: 'Đã khắc phục' };

export async function ackRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  // The button's form posts an empty urlencoded body: accept it (tiny) and ignore it.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, _body, done) => done(null, {}));

  const ackPage = async (token: string, post: boolean, ip: string) => {
    const v = post ? await ctx.alerting.alertAckLinks.acknowledge(token, ip) : await ctx.alerting.alertAckLinks.inspect(token);
    if (!v.ok) return { status: ERRORS[v.error]!.status, page: { title: 'Xác nhận cảnh báo', lines: [ERRORS[v.error]!.text], tone: 'error' as const } };
    const g = v.group;
    const lines = [
      g.title,
      `Mức độ: ${SEVERITY_LABELS.vi[g.severity as Severity] ?? g.severity}${g.alertCount > 1 ? ` · ${g.alertCount} cảnh báo` : ''}`,
      `Phát hiện lúc: ${formatDateTime(g.openedAt)}`,
      `Trạng thái: ${STATUS_VI[g.status] ?? g.status}${g.acknowledgedAt ? ` (${formatDateTime(g.acknowledgedAt)}${g.acknowledgedBy ? `, ${g.acknowledgedBy}` : ''})` : ''}`,
    ];
    if (g.status === 'triggered') return { status: 200, page: { title: 'Xác nhận đã nhận cảnh báo', lines, tone: 'warn' as const, button: 'Xác nhận đã nhận' } };
    const done = post && 'changed' in v && v.changed;
    return { status: 200, page: { title: done ? 'Đã xác nhận. Cảm ơn đồng chí.' : 'Cảnh báo đã được xử lý', lines: [...lines, done ? 'Việc chuyển cấp cảnh báo đã dừng. (Escalation stopped.)' : ''], tone: 'ok' as const } };
  };

  app.get('/ack/:token', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const r = await ackPage(req.params.token, false, req.ip);
    return page(reply as unknown as Reply, r.status, r.page);
  });
  app.post('/ack/:token', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const r = await ackPage(req.params.token, true, req.ip);
    return page(reply as unknown as Reply, r.status, r.page);
  });

  const answerPage = async (token: string, post: boolean) => {
    const v = post ? await ctx.alerting.rollCalls.answer(token) : await ctx.alerting.rollCalls.inspectAnswer(token);
    if (!v.ok) return { status: ERRORS[v.error]!.status, page: { title: 'Điểm danh đầu mối', lines: [ERRORS[v.error]!.text], tone: 'error' as const } };
    const lines = [v.title, `Đầu mối: ${v.contactName}`, `Hạn trả lời: ${formatDateTime(v.deadline)}`];
    if (!v.answeredAt) return { status: 200, page: { title: 'Điểm danh đầu mối 24/7', lines, tone: 'info' as const, button: 'Xác nhận tôi đã nhận được' } };
    return { status: 200, page: { title: 'Đã ghi nhận. Cảm ơn đồng chí.', lines: [...lines, `Đã trả lời lúc ${formatDateTime(v.answeredAt)}`], tone: 'ok' as const } };
  };

  app.get('/answer/:token', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const r = await answerPage(req.params.token, false);
    return page(reply as unknown as Reply, r.status, r.page);
  });
  app.post('/answer/:token', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const r = await answerPage(req.params.token, true);
    return page(reply as unknown as Reply, r.status, r.page);
  });

  const warningPage = async (token: string, post: boolean) => {
    const v = post ? await ctx.vulns.ackLinks.acknowledge(token) : await ctx.vulns.ackLinks.inspect(token);
    if (!v.ok) return { status: ERRORS[v.error]!.status, page: { title: 'Cảnh báo lỗ hổng', lines: [ERRORS[v.error]!.text], tone: 'error' as const } };
    const lines = [`Cảnh báo số ${v.number ?? ''}: ${v.title}`, `Đơn vị: ${v.agencyName}`, `Số hệ thống cần kiểm tra: ${v.systems}`, `Hạn cập nhật tình trạng xử lý: ${formatDateTime(v.deadline)}`];
    if (!v.acknowledgedAt) return { status: 200, page: { title: 'Xác nhận đã nhận cảnh báo lỗ hổng', lines, tone: 'warn' as const, button: 'Xác nhận đơn vị đã nhận' } };
    const done = post && 'changed' in v && v.changed;
    return { status: 200, page: { title: done ? 'Đã xác nhận. Cảm ơn Quý cơ quan.' : 'Đơn vị đã xác nhận cảnh báo này', lines: [...lines, `Đã xác nhận lúc ${formatDateTime(v.acknowledgedAt)}`, 'Vui lòng đăng nhập Vigil để cập nhật tình trạng xử lý từng hệ thống.'], tone: 'ok' as const } };
  };

  app.get('/warning-ack/:token', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const r = await warningPage(req.params.token, false);
    return page(reply as unknown as Reply, r.status, r.page);
  });
  app.post('/warning-ack/:token', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const r = await warningPage(req.params.token, true);
    return page(reply as unknown as Reply, r.status, r.page);
  });
}
