import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { LogController, type FastifyServerOptions } from 'fastify';
import type { AppContext } from '../context.ts';
import { Problem } from '../contracts/common.schema.ts';
import authPlugin from './plugins/auth.plugin.ts';
import metricsPlugin from './plugins/metrics.plugin.ts';
import { webPlugin } from './plugins/web.plugin.ts';
import { problem, sendProblem, toProblem } from './problem.ts';
import { agencyRoutes } from './routes/agencies.routes.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { contactRoutes } from './routes/contacts.routes.ts';
import { detectionRoutes } from './routes/detections.routes.ts';
import { dutyRoutes } from './routes/duty.routes.ts';
import { dutyReportRoutes } from './routes/duty-report.routes.ts';
import { calendarFeedRoutes } from './routes/calendar-feed.routes.ts';
import { ackRoutes } from './routes/ack.routes.ts';
import { alertRoutes } from './routes/alerts.routes.ts';
import { incidentRoutes } from './routes/incidents.routes.ts';
import { incidentDocumentRoutes } from './routes/incident-documents.routes.ts';
import { incidentEvidenceRoutes } from './routes/incident-evidence.routes.ts';
import { incidentConfigRoutes } from './routes/incident-config.routes.ts';
import { escalationRoutes } from './routes/escalation.routes.ts';
import { rollCallRoutes } from './routes/roll-calls.routes.ts';
import { evidenceRoutes } from './routes/evidence.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { importExportRoutes } from './routes/import-export.routes.ts';
import { jobRoutes } from './routes/jobs.routes.ts';
import { maintenanceRoutes } from './routes/maintenance.routes.ts';
import { monitorRoutes } from './routes/monitors.routes.ts';
import { notificationChannelRoutes } from './routes/notification-channels.routes.ts';
import { notificationDeliveryRoutes } from './routes/notification-deliveries.routes.ts';
import { notificationPreferenceRoutes } from './routes/notification-preferences.routes.ts';
import { notificationTemplateRoutes } from './routes/notification-templates.routes.ts';
import type { App, RoutesPlugin } from './routes/route-types.ts';
import { systemRoutes } from './routes/systems.routes.ts';
import { tokenRoutes } from './routes/tokens.routes.ts';
import { userRoutes } from './routes/users.routes.ts';
import { vulnRoutes } from './routes/vulns.routes.ts';
import { warningRoutes } from './routes/warnings.routes.ts';

export const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'web', 'dist');

/** The API, in registration order. Adding a resource = adding its routes file here. */
export const API_ROUTES: RoutesPlugin[] = [
  authRoutes, tokenRoutes, userRoutes, agencyRoutes, systemRoutes, contactRoutes, importExportRoutes, auditRoutes,
  monitorRoutes, maintenanceRoutes, jobRoutes, detectionRoutes, dutyRoutes, dutyReportRoutes,
  notificationChannelRoutes, notificationDeliveryRoutes, notificationPreferenceRoutes, notificationTemplateRoutes,
  alertRoutes, escalationRoutes, rollCallRoutes, incidentRoutes, incidentDocumentRoutes, incidentEvidenceRoutes, incidentConfigRoutes,
  vulnRoutes, warningRoutes,
];

function makeAjv(coerce: boolean) {
  // Bodies are JSON and must carry the right types ("3" is not a level); query strings and
  // path parameters are always text, so they are coerced.
  const ajv = new Ajv.default({ allErrors: true, removeAdditional: false, useDefaults: true, coerceTypes: coerce ? 'array' : false, strict: false });
  addFormats.default(ajv);
  return ajv;
}

const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export async function buildApp(ctx: AppContext, opts: { logger?: FastifyServerOptions['logger']; webDir?: string | null } = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logger ?? { level: ctx.config.logLevel },
    bodyLimit: ctx.config.bodyMaxBytes,
    trustProxy: false,
    // Big enough for headers we send; hostile clients get 431 from Node, not a crash.
    routerOptions: { maxParamLength: 200 },
    requestIdHeader: false,
    // One log line per request (below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onResponse', async (req, reply) => {
    const line = { method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime), user: req.actor?.username };
    if (reply.statusCode >= 500) req.log.error(line, 'request failed');
    else req.log.info(line, 'request');
  });

  // Every route, for the admin pages and for the authorization matrix test that must cover them all.
  const routeList: { method: string; url: string; public: boolean }[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (r) => {
    if ((r.schema as { hide?: boolean } | undefined)?.hide || r.method === 'HEAD') return;
    for (const m of [r.method].flat()) if (m !== 'HEAD') routeList.push({ method: m, url: r.url, public: Boolean(r.config?.public) });
  });

  const bodyAjv = makeAjv(false);
  const textAjv = makeAjv(true);
  bodyAjv.addSchema({ ...Problem, $id: 'Problem' });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema));
  app.addSchema({ ...Problem, $id: 'Problem' });

  app.setErrorHandler((err, req, reply) => {
    const body = toProblem(err, req);
    if (body.status === 429 && typeof body.retryAfter === 'number') reply.header('Retry-After', String(body.retryAfter));
    return sendProblem(reply, body);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    if (!reply.hasHeader('Referrer-Policy')) reply.header('Referrer-Policy', 'same-origin');
    if (reply.hasHeader('Content-Security-Policy')) {
      // A route with its own policy (the sandboxed evidence view) keeps it; its frame-ancestors
      // 'self' lets the app frame it, so the legacy header must say the same.
      reply.header('X-Frame-Options', 'SAMEORIGIN');
    } else if (!req.url.startsWith('/api/docs')) {
      reply.header('Content-Security-Policy', CSP);
      reply.header('X-Frame-Options', 'DENY');
    }
    if (req.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
    return payload;
  });

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: ctx.config.uploadMaxBytes, files: 1, fields: 10, parts: 12, headerPairs: 100 } });
  await app.register(metricsPlugin);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Vigil API', version: '1', description: 'Security operations and incident coordination. Authenticate with the session cookie (plus X-CSRF-Token on changes) or `Authorization: Bearer <API token>`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'vigil_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  await app.register(authPlugin, { ctx });
  await app.register(async (root: App) => healthRoutes(root, { ctx }));
  await app.register(async (root: App) => evidenceRoutes(root, { ctx }));
  await app.register(async (root: App) => calendarFeedRoutes(root, { ctx }));
  await app.register(async (root: App) => ackRoutes(root, { ctx }));
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  await app.register(
    async (api: App) => {
      for (const routes of API_ROUTES) await routes(api, { ctx });
    },
    { prefix: '/api/v1' },
  );
  await app.register(webPlugin, { webDir: opts.webDir === null ? '/nonexistent' : (opts.webDir ?? WEB_DIST) });
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeList: { method: string; url: string; public: boolean }[];
  }
}

export { problem, sendProblem };
