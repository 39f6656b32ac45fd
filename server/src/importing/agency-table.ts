import { AGENCY_KINDS, AgencyCreate } from '../contracts/agency.schema.ts';
import type { AgencyRow } from '../repositories/agency.repository.ts';
import type { ColumnSpec, RowCells, RowIssue } from './column-spec.ts';
import { defined, PLACEHOLDER_ID, type KindTable } from './kind-table.ts';
import { choiceLabel, choices, isProblem, parseChoice, type Vocabulary } from './value-parsers.ts';

export type AgencyColumn = 'code' | 'name' | 'parentCode' | 'kind' | 'address' | 'intakeEmail' | 'intakePhone';
type AgencyKind = (typeof AGENCY_KINDS)[number];

/** The first word of each is what exports write. */
export const AGENCY_KIND_WORDS: Vocabulary<AgencyKind> = {
  province: ['Tỉnh', 'Thành phố trực thuộc TW', 'UBND tỉnh'],
  ministry: ['Bộ', 'Bộ, ngành'],
  department: ['Sở', 'Sở, ban, ngành', 'Ban', 'Ngành'],
  district: ['Huyện', 'Quận', 'Thị xã', 'Quận/Huyện', 'Cấp huyện'],
  unit: ['Đơn vị', 'Đơn vị trực thuộc'],
  enterprise: ['Doanh nghiệp', 'Công ty'],
  other: ['Khác'],
};

export const AGENCY_COLUMNS: readonly ColumnSpec<AgencyColumn>[] = [
  { key: 'code', header: 'Mã cơ quan', aliases: ['Code', 'Agency code'], required: true, help: 'Mã định danh duy nhất của cơ quan; dùng để nhận biết cơ quan khi nhập lại.', allowed: 'Chữ cái không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang; tối đa 50 ký tự', example: 'STTTT-DNA' },
  { key: 'name', header: 'Tên cơ quan', aliases: ['Name', 'Agency name'], required: true, help: 'Tên đầy đủ của cơ quan, đơn vị.', example: 'Sở Thông tin và Truyền thông' },
  { key: 'parentCode', header: 'Mã cơ quan cấp trên', aliases: ['Parent code', 'Parent agency code', 'Parent'], required: false, help: 'Mã của cơ quan cấp trên; để trống nếu là cơ quan gốc. Cơ quan cấp trên có thể nằm ở dòng sau trong cùng tệp.', example: 'UBND-DNA' },
  { key: 'kind', header: 'Loại', aliases: ['Kind', 'Type', 'Agency kind'], required: true, help: 'Loại cơ quan.', allowed: `${choices(AGENCY_KIND_WORDS)} (hoặc ${AGENCY_KINDS.join(', ')})`, example: 'Sở' },
  { key: 'address', header: 'Địa chỉ', aliases: ['Address'], required: false, help: 'Địa chỉ trụ sở.' },
  { key: 'intakeEmail', header: 'Email tiếp nhận sự cố', aliases: ['Intake email', 'Incident email'], required: false, help: 'Hộp thư tiếp nhận thông báo sự cố.', example: 'attt@dongnai.gov.vn' },
  { key: 'intakePhone', header: 'Điện thoại tiếp nhận sự cố', aliases: ['Intake phone', 'Incident phone'], required: false, help: 'Số điện thoại tiếp nhận sự cố.', example: '0251 3822 222' },
];

export interface AgencyDraft {
  code: string;
  name: string;
  kind: AgencyKind | undefined;
  /** undefined: column absent (leave the parent alone); null: empty cell (a root agency). */
  parentCode: string | null | undefined;
  address: string | null | undefined;
  intakeEmail: string | null | undefined;
  intakePhone: string | null | undefined;
}

export const agencyTable: KindTable<AgencyColumn, AgencyDraft> = {
  kind: 'agencies',
  sheetName: 'Cơ quan',
  columns: AGENCY_COLUMNS,
  schema: AgencyCreate,
  schemaColumns: {
    columnOf: ([prop]) => (prop === 'parentId' ? 'parentCode' : (prop as AgencyColumn) ?? null),
    invalid: {
      code: 'may contain only letters without diacritics, digits, ".", "_" and "-", and must start with a letter or digit',
      name: 'must not be blank or contain line breaks',
      intakePhone: 'is not a valid phone number',
      address: 'contains control characters',
    },
  },
  parse(cells: RowCells<AgencyColumn>) {
    const issues: RowIssue<AgencyColumn>[] = [];
    let kind: AgencyKind | undefined;
    if (cells.get('kind') !== '') {
      const k = parseChoice(cells.get('kind'), AGENCY_KIND_WORDS);
      if (isProblem(k)) issues.push({ column: 'kind', message: k.message });
      else kind = k;
    }
    const draft: AgencyDraft = {
      code: cells.get('code'),
      name: cells.get('name'),
      kind,
      parentCode: cells.text('parentCode'),
      address: cells.text('address'),
      intakeEmail: cells.text('intakeEmail'),
      intakePhone: cells.text('intakePhone'),
    };
    return { draft, issues };
  },
  candidate: (d) =>
    defined({
      parentId: d.parentCode ? PLACEHOLDER_ID : null,
      code: d.code,
      name: d.name,
      kind: d.kind,
      address: d.address,
      intakeEmail: d.intakeEmail,
      intakePhone: d.intakePhone,
    }),
  naturalKey: (d) => (d.code ? d.code.toLowerCase() : null),
  duplicate: { column: 'code', describe: 'the same agency code' },
};

/** One exported row; `parentCode` is empty when the parent is outside what the reader may see. */
export function agencyCells(a: AgencyRow, parentCode: string): Record<AgencyColumn, string> {
  return {
    code: a.code,
    name: a.name,
    parentCode,
    kind: AGENCY_KINDS.includes(a.kind as AgencyKind) ? choiceLabel(a.kind as AgencyKind, AGENCY_KIND_WORDS) : a.kind,
    address: a.address ?? '',
    intakeEmail: a.intake_email ?? '',
    intakePhone: a.intake_phone ?? '',
  };
}
