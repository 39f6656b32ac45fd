import { SystemCreate } from '../contracts/system.schema.ts';
import type { SoftwareRow, SystemRow } from '../repositories/system.repository.ts';
import type { ColumnSpec, RowCells, RowIssue } from './column-spec.ts';
import { defined, PLACEHOLDER_ID, type KindTable } from './kind-table.ts';
import {
  formatSoftware, isProblem, LIST_SEPARATORS, TOKEN_SEPARATORS, parseBoolean, parseLevel, parseSoftware, splitList, splitUrls,
  type CellProblem, type SoftwareEntry,
} from './value-parsers.ts';

export type SystemColumn =
  | 'name' | 'description' | 'ownerCode' | 'operatorCode' | 'securityLevel' | 'criticalNational'
  | 'urls' | 'domains' | 'ipAddresses' | 'hostingProvider' | 'tags' | 'software';

const LIST_HELP = 'Nhiều giá trị cách nhau bởi dấu chấm phẩy (;), dấu phẩy hoặc xuống dòng.';

export const SYSTEM_COLUMNS: readonly ColumnSpec<SystemColumn>[] = [
  { key: 'name', header: 'Tên hệ thống', aliases: ['Name', 'System name'], required: true, help: 'Tên hệ thống thông tin; cùng với mã cơ quan chủ quản dùng để nhận biết hệ thống khi nhập lại.', example: 'Cổng dịch vụ công tỉnh' },
  { key: 'description', header: 'Mô tả', aliases: ['Description'], required: false, help: 'Mô tả ngắn về chức năng, phạm vi.' },
  { key: 'ownerCode', header: 'Mã cơ quan chủ quản', aliases: ['Owner agency code', 'Owner code', 'Owner'], required: true, help: 'Mã cơ quan chủ quản hệ thống (xem danh sách cơ quan).', example: 'STTTT-DNA' },
  { key: 'operatorCode', header: 'Mã đơn vị vận hành', aliases: ['Operator agency code', 'Operator code', 'Operator'], required: false, help: 'Mã đơn vị vận hành, nếu khác cơ quan chủ quản; để trống nếu không có.', example: 'TTCNS-DNA' },
  { key: 'securityLevel', header: 'Cấp độ', aliases: ['Security level', 'Level'], required: true, help: 'Cấp độ an toàn hệ thống thông tin theo Nghị định 85/2016/NĐ-CP.', allowed: '1 đến 5, ví dụ "3" hoặc "Cấp 3"', example: 'Cấp 3' },
  { key: 'criticalNational', header: 'Hạ tầng quan trọng quốc gia', aliases: ['Critical national', 'Critical national infrastructure', 'Critical'], required: false, help: 'Hệ thống thuộc danh mục hệ thống thông tin quan trọng quốc gia.', allowed: 'Có / Không (cũng nhận x, yes/no, true/false, 1/0); để trống là Không', example: 'Không' },
  { key: 'urls', header: 'URL', aliases: ['URLs', 'Web address'], required: false, help: `Địa chỉ truy cập, bắt đầu bằng http:// hoặc https://. ${LIST_HELP}`, example: 'https://dichvucong.dongnai.gov.vn' },
  { key: 'domains', header: 'Tên miền', aliases: ['Domains', 'Domain'], required: false, help: `Tên miền của hệ thống. ${LIST_HELP}`, example: 'dichvucong.dongnai.gov.vn' },
  { key: 'ipAddresses', header: 'Địa chỉ IP', aliases: ['IP addresses', 'IP address', 'IPs', 'IP'], required: false, help: `Địa chỉ IPv4 hoặc IPv6. ${LIST_HELP}`, example: '203.162.10.5' },
  { key: 'hostingProvider', header: 'Nhà cung cấp hosting', aliases: ['Hosting provider', 'Hosting'], required: false, help: 'Đơn vị cung cấp hạ tầng, trung tâm dữ liệu.', example: 'Trung tâm dữ liệu tỉnh' },
  { key: 'tags', header: 'Nhãn', aliases: ['Tags', 'Tag'], required: false, help: `Nhãn phân loại tự do. ${LIST_HELP}`, example: 'dịch vụ công; một cửa' },
  { key: 'software', header: 'Phần mềm', aliases: ['Software'], required: false, help: 'Phần mềm sử dụng, mỗi mục dạng hãng|sản phẩm|phiên bản|cpe (phiên bản và cpe có thể bỏ trống); nhiều mục cách nhau bởi dấu chấm phẩy hoặc xuống dòng.', example: 'Microsoft|IIS|10.0; Oracle|MySQL|8.0' },
];

export interface SystemDraft {
  name: string;
  ownerCode: string;
  /** undefined: column absent; null: empty cell (no separate operator). */
  operatorCode: string | null | undefined;
  description: string | null | undefined;
  securityLevel: number | undefined;
  criticalNational: boolean | undefined;
  urls: string[] | undefined;
  domains: string[] | undefined;
  ipAddresses: string[] | undefined;
  hostingProvider: string | null | undefined;
  tags: string[] | undefined;
  software: SoftwareEntry[] | undefined;
}

/** As the system service stores them, so that re-importing an export compares equal. */
export const normaliseDomain = (d: string) => d.trim().toLowerCase().replace(/\.$/, '');

export const systemTable: KindTable<SystemColumn, SystemDraft> = {
  kind: 'systems',
  sheetName: 'Hệ thống',
  columns: SYSTEM_COLUMNS,
  schema: SystemCreate,
  schemaColumns: {
    columnOf: ([prop]) => {
      if (prop === 'ownerAgencyId') return 'ownerCode';
      if (prop === 'operatorAgencyId') return 'operatorCode';
      return (prop as SystemColumn) ?? null;
    },
    invalid: {
      name: 'must not be blank or contain line breaks',
      securityLevel: 'must be a level from 1 to 5',
      urls: 'is not a valid web address (it must start with http:// or https://)',
      domains: 'is not a valid domain name',
      ipAddresses: 'is not a valid IP address',
      tags: 'must not contain "," or ";"',
      'software.vendor': 'must not be blank or contain line breaks',
      'software.product': 'must not be blank or contain line breaks',
      'software.cpe': 'is not a CPE 2.3 name (cpe:2.3:part:vendor:product:version:…, 13 parts)',
    },
  },
  parse(cells: RowCells<SystemColumn>) {
    const issues: RowIssue<SystemColumn>[] = [];
    const pick = <T>(column: SystemColumn, parsed: T | CellProblem): T | undefined => {
      if (!isProblem(parsed)) return parsed;
      issues.push({ column, message: parsed.message });
      return undefined;
    };
    if (cells.get('ownerCode') === '') issues.push({ column: 'ownerCode', message: 'a value is required' });
    const level = cells.get('securityLevel');
    const list = (k: SystemColumn, sep: RegExp) => (cells.has(k) ? splitList(cells.get(k), sep) : undefined);
    const draft: SystemDraft = {
      name: cells.get('name'),
      ownerCode: cells.get('ownerCode'),
      operatorCode: cells.text('operatorCode'),
      description: cells.text('description'),
      securityLevel: level === '' ? undefined : pick('securityLevel', parseLevel(level)),
      criticalNational: cells.has('criticalNational') ? pick('criticalNational', parseBoolean(cells.get('criticalNational'))) : undefined,
      urls: cells.has('urls') ? splitUrls(cells.get('urls')) : undefined,
      domains: cells.has('domains') ? [...new Set(splitList(cells.get('domains'), TOKEN_SEPARATORS).map(normaliseDomain))] : undefined,
      ipAddresses: list('ipAddresses', TOKEN_SEPARATORS),
      hostingProvider: cells.text('hostingProvider'),
      tags: list('tags', LIST_SEPARATORS),
      software: cells.has('software') ? pick('software', parseSoftware(cells.get('software'))) : undefined,
    };
    return { draft, issues };
  },
  candidate: (d) =>
    defined({
      name: d.name,
      description: d.description,
      ownerAgencyId: PLACEHOLDER_ID,
      operatorAgencyId: d.operatorCode === undefined ? undefined : d.operatorCode ? PLACEHOLDER_ID : null,
      securityLevel: d.securityLevel,
      criticalNational: d.criticalNational,
      urls: d.urls,
      domains: d.domains,
      ipAddresses: d.ipAddresses,
      hostingProvider: d.hostingProvider,
      tags: d.tags,
      software: d.software,
    }),
  naturalKey: (d) => (d.ownerCode && d.name.trim() ? `${d.ownerCode.toLowerCase()}\n${d.name.trim().toLowerCase()}` : null),
  duplicate: { column: 'name', describe: 'the same owner agency and system name' },
};

export function systemCells(s: SystemRow, software: readonly SoftwareRow[], ownerCode: string, operatorCode: string): Record<SystemColumn, string> {
  return {
    name: s.name,
    description: s.description ?? '',
    ownerCode,
    operatorCode,
    securityLevel: String(s.security_level),
    criticalNational: s.critical_national ? 'Có' : 'Không',
    urls: s.urls.join('; '),
    domains: s.domains.join('; '),
    ipAddresses: s.ip_addresses.join('; '),
    hostingProvider: s.hosting_provider ?? '',
    tags: s.tags.join('; '),
    software: formatSoftware(software),
  };
}
