import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { SYSTEM_ACTOR, type Actor } from '../../server/src/domain/actor.ts';
import type { Role } from '../../server/src/domain/roles.ts';
import { actorFromUser } from '../../server/src/services/auth.service.ts';
import { ExportService } from '../../server/src/services/export.service.ts';
import { ImportService } from '../../server/src/services/import.service.ts';
import { createTestContext } from '../helpers/test-db.ts';

/**
 * Shared set-up for the import/export tests: a fresh database with a small provincial agency
 * tree, the two services wired as context.ts will wire them, and builders for CSV and XLSX
 * files (built in code, not committed as binaries).
 */

export type Ctx = Awaited<ReturnType<typeof createTestContext>>;

export interface Fixture {
  ctx: Ctx;
  admin: Actor;
  imports: ImportService;
  exports: ExportService;
  /** Agency codes of the seeded tree. */
  codes: { province: string; depts: string[]; district: string; otherDistrict: string; dataCentre: string };
  ids: Record<string, string>;
}

export const PROVINCE = 'UBND-DNA';
export const DEPTS = ['STTTT-DNA', 'SYT-DNA', 'SGDDT-DNA', 'STC-DNA', 'SXD-DNA'];

export async function setup(): Promise<Fixture> {
  const ctx = await createTestContext();
  const imports = new ImportService(ctx.database.db, ctx.repos, ctx.audit, ctx.clock);
  const exports = new ExportService(ctx.database.db, ctx.repos, ctx.clock);
  const ids: Record<string, string> = {};
  const mk = async (code: string, name: string, kind: 'province' | 'department' | 'district' | 'unit', parent: string | null) => {
    ids[code] = (await ctx.agencies.create(SYSTEM_ACTOR, { parentId: parent ? ids[parent]! : null, code, name, kind })).id;
  };
  await mk(PROVINCE, 'Ủy ban nhân dân tỉnh Đồng Nai', 'province', null);
  const deptNames = ['Sở Thông tin và Truyền thông', 'Sở Y tế', 'Sở Giáo dục và Đào tạo', 'Sở Tài chính', 'Sở Xây dựng'];
  for (const [i, code] of DEPTS.entries()) await mk(code, deptNames[i]!, 'department', PROVINCE);
  await mk('TTCNS-DNA', 'Trung tâm Chuyển đổi số tỉnh', 'unit', 'STTTT-DNA');
  await mk('UBND-BH', 'UBND thành phố Biên Hòa', 'district', PROVINCE);
  await mk('UBND-LK', 'UBND huyện Long Khánh', 'district', PROVINCE);
  await ctx.users.bootstrapAdmin(SYSTEM_ACTOR);
  const admin = await actorFor(ctx, 'admin');
  return {
    ctx, admin, imports, exports, ids,
    codes: { province: PROVINCE, depts: DEPTS, district: 'UBND-BH', otherDistrict: 'UBND-LK', dataCentre: 'TTCNS-DNA' },
  };
}

export async function actorFor(ctx: Ctx, username: string): Promise<Actor> {
  const u = await ctx.repos.users.findByUsername(ctx.database.db, username);
  return actorFromUser(u!, 'session');
}

export async function userActor(ctx: Ctx, username: string, role: Role, agencyId: string | null): Promise<Actor> {
  await ctx.users.create(SYSTEM_ACTOR, { username, displayName: username, role, agencyId, password: 'long enough password' });
  return actorFor(ctx, username);
}

/** Row counts of everything an import may touch, to prove that nothing was written. */
export async function snapshot(ctx: Ctx): Promise<Record<string, number>> {
  const db = ctx.database.db;
  const out: Record<string, number> = {};
  for (const t of ['agencies', 'information_systems', 'system_software', 'contact_points', 'contact_point_history', 'audit_log'] as const) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(db);
    out[t] = Number(r.rows[0]!.n);
  }
  return out;
}

export const SYSTEM_HEADER = [
  'Tên hệ thống', 'Mô tả', 'Mã cơ quan chủ quản', 'Mã đơn vị vận hành', 'Cấp độ', 'Hạ tầng quan trọng quốc gia',
  'URL', 'Tên miền', 'Địa chỉ IP', 'Nhà cung cấp hosting', 'Nhãn', 'Phần mềm',
];

const SYSTEM_NAMES = ['Cổng dịch vụ công', 'Hệ thống quản lý văn bản và điều hành', 'Cổng thông tin điện tử', 'Hệ thống thư điện tử công vụ', 'Phần mềm một cửa điện tử', 'Cơ sở dữ liệu chuyên ngành', 'Hệ thống hội nghị truyền hình', 'Hệ thống giám sát an toàn thông tin'];

/** `n` realistic systems spread over the seeded departments. */
export function systemRows(n: number): string[][] {
  return Array.from({ length: n }, (_, i) => {
    const owner = DEPTS[i % DEPTS.length]!;
    const level = (i % 4) + 1;
    return [
      `${SYSTEM_NAMES[i % SYSTEM_NAMES.length]} số ${i + 1}`,
      i % 3 === 0 ? `Phục vụ người dân và doanh nghiệp; đợt ${i}` : '',
      owner,
      i % 5 === 0 ? 'TTCNS-DNA' : '',
      i % 2 ? `Cấp ${level}` : String(level),
      i % 7 === 0 ? 'Có' : 'Không',
      `https://ht${i}.dongnai.gov.vn/`,
      `ht${i}.dongnai.gov.vn; www.ht${i}.dongnai.gov.vn`,
      `10.10.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      'Trung tâm dữ liệu tỉnh Đồng Nai',
      i % 2 ? 'dịch vụ công; một cửa' : 'nội bộ',
      i % 4 === 0 ? 'Microsoft|IIS|10.0\nOracle|MySQL|8.0|cpe:2.3:a:oracle:mysql:8.0:*:*:*:*:*:*:*' : 'Apache|Tomcat|9.0.80',
    ];
  });
}

export interface CsvOptions {
  delimiter?: string;
  bom?: boolean;
  encoding?: 'utf8' | 'utf16le' | 'utf16be';
}

export function csv(header: string[], rows: string[][], opts: CsvOptions = {}): Buffer {
  const d = opts.delimiter ?? ',';
  const field = (v: string) => (v.includes(d) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = [header, ...rows].map((r) => r.map(field).join(d)).join('\r\n') + '\r\n';
  if (opts.encoding === 'utf16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (opts.encoding === 'utf16be') return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
  return Buffer.from((opts.bom ? '\uFEFF' : '') + text, 'utf8');
}

export async function xlsx(header: string[], rows: unknown[][], sheetName = 'Danh sách'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const file = (data: Buffer, filename: string) => ({ data, filename });
