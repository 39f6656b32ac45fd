import { CONTACT_AVAILABILITIES, CONTACT_PRIORITIES, ContactCreate } from '../contracts/contact.schema.ts';
import type { ContactWithAgency } from '../repositories/contact.repository.ts';
import type { ColumnSpec, RowCells, RowIssue } from './column-spec.ts';
import { defined, PLACEHOLDER_ID, type KindTable } from './kind-table.ts';
import {
  choiceLabel, choices, formatVnDate, isProblem, parseChoice, parseDate,
  type CellProblem, type ParsedDate, type Vocabulary,
} from './value-parsers.ts';

export type ContactColumn =
  | 'agencyCode' | 'name' | 'title' | 'priority' | 'availability' | 'phone' | 'mobile' | 'email'
  | 'zalo' | 'telegram' | 'lastVerified';

type Priority = (typeof CONTACT_PRIORITIES)[number];
type Availability = (typeof CONTACT_AVAILABILITIES)[number];

export const PRIORITY_WORDS: Vocabulary<Priority> = {
  primary: ['Chính', 'Đầu mối chính'],
  backup: ['Dự phòng', 'Phụ'],
};

export const AVAILABILITY_WORDS: Vocabulary<Availability> = {
  office_hours: ['Giờ hành chính', 'Trong giờ', 'Trong giờ hành chính'],
  out_of_hours: ['Ngoài giờ', 'Ngoài giờ hành chính', '24/7'],
  leadership: ['Lãnh đạo'],
};

/** The messaging networks that have their own column (others are kept untouched on import). */
export const MESSAGING_COLUMNS = { zalo: 'zalo', telegram: 'telegram' } as const satisfies Partial<Record<ContactColumn, string>>;

export const CONTACT_COLUMNS: readonly ColumnSpec<ContactColumn>[] = [
  { key: 'agencyCode', header: 'Mã cơ quan', aliases: ['Agency code', 'Agency'], required: true, help: 'Mã cơ quan của đầu mối (xem danh sách cơ quan).', example: 'STTTT-DNA' },
  { key: 'name', header: 'Họ tên', aliases: ['Name', 'Full name'], required: true, help: 'Họ và tên; cùng với mã cơ quan và thời gian dùng để nhận biết đầu mối khi nhập lại.', example: 'Nguyễn Văn An' },
  { key: 'title', header: 'Chức vụ', aliases: ['Title', 'Position'], required: false, help: 'Chức vụ, vị trí công tác.', example: 'Phó Giám đốc' },
  { key: 'priority', header: 'Vai trò', aliases: ['Priority', 'Role'], required: true, help: 'Đầu mối chính hay dự phòng.', allowed: `${choices(PRIORITY_WORDS)} (hoặc ${CONTACT_PRIORITIES.join(', ')})`, example: 'Chính' },
  { key: 'availability', header: 'Thời gian', aliases: ['Availability'], required: true, help: 'Thời gian đầu mối tiếp nhận.', allowed: `${choices(AVAILABILITY_WORDS)} (hoặc ${CONTACT_AVAILABILITIES.join(', ')})`, example: 'Ngoài giờ' },
  { key: 'phone', header: 'Điện thoại', aliases: ['Phone', 'Telephone'], required: false, help: 'Số điện thoại cố định.', example: '0251 3822 222' },
  { key: 'mobile', header: 'Di động', aliases: ['Mobile', 'Cell phone'], required: false, help: 'Số điện thoại di động.', example: '0903 123 456' },
  { key: 'email', header: 'Email', aliases: ['E-mail', 'Thư điện tử'], required: false, help: 'Địa chỉ thư điện tử.', example: 'an.nv@dongnai.gov.vn' },
  { key: 'zalo', header: 'Zalo', aliases: [], required: false, help: 'Số điện thoại hoặc tài khoản Zalo.', example: '0903123456' },
  { key: 'telegram', header: 'Telegram', aliases: [], required: false, help: 'Tài khoản Telegram.', example: '@attt_dongnai' },
  { key: 'lastVerified', header: 'Xác minh lần cuối', aliases: ['Last verified', 'Last verified at', 'Verified'], required: false, help: 'Ngày gần nhất đã xác minh đầu mối còn liên lạc được.', allowed: 'dd/mm/yyyy, ví dụ 29/08/2026', example: '29/08/2026' },
];

export interface ContactDraft {
  agencyCode: string;
  name: string;
  title: string | null | undefined;
  priority: Priority | undefined;
  availability: Availability | undefined;
  phone: string | null | undefined;
  mobile: string | null | undefined;
  email: string | null | undefined;
  /** Per network: undefined = column absent, null = empty cell (remove the handle). */
  messaging: Partial<Record<keyof typeof MESSAGING_COLUMNS, string | null>>;
  lastVerified: ParsedDate | null | undefined;
}

/** The handles a draft sets, for validation and for new contacts. */
export function draftMessaging(d: ContactDraft): Record<string, string> | undefined {
  const entries = Object.entries(d.messaging).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export const contactTable: KindTable<ContactColumn, ContactDraft> = {
  kind: 'contacts',
  sheetName: 'Đầu mối',
  columns: CONTACT_COLUMNS,
  schema: ContactCreate,
  schemaColumns: {
    columnOf: ([prop, sub]) => {
      if (prop === 'agencyId') return 'agencyCode';
      if (prop === 'lastVerifiedAt') return 'lastVerified';
      if (prop === 'messaging') return sub === 'telegram' ? 'telegram' : 'zalo';
      return (prop as ContactColumn) ?? null;
    },
    invalid: {
      name: 'must not be blank or contain line breaks',
      phone: 'is not a valid phone number',
      mobile: 'is not a valid phone number',
      title: 'contains control characters',
      'messaging.zalo': 'contains control characters',
      'messaging.telegram': 'contains control characters',
    },
  },
  parse(cells: RowCells<ContactColumn>) {
    const issues: RowIssue<ContactColumn>[] = [];
    const pick = <T>(column: ContactColumn, parsed: T | CellProblem): T | undefined => {
      if (!isProblem(parsed)) return parsed;
      issues.push({ column, message: parsed.message });
      return undefined;
    };
    if (cells.get('agencyCode') === '') issues.push({ column: 'agencyCode', message: 'a value is required' });
    const choice = <T extends string>(k: ContactColumn, vocab: Vocabulary<T>) =>
      cells.get(k) === '' ? undefined : pick(k, parseChoice(cells.get(k), vocab));
    const verified = cells.text('lastVerified');
    const draft: ContactDraft = {
      agencyCode: cells.get('agencyCode'),
      name: cells.get('name'),
      title: cells.text('title'),
      priority: choice('priority', PRIORITY_WORDS),
      availability: choice('availability', AVAILABILITY_WORDS),
      phone: cells.text('phone'),
      mobile: cells.text('mobile'),
      email: cells.text('email'),
      messaging: { zalo: cells.text('zalo'), telegram: cells.text('telegram') },
      lastVerified: typeof verified === 'string' ? pick('lastVerified', parseDate(verified)) : verified,
    };
    return { draft, issues };
  },
  candidate: (d) =>
    defined({
      agencyId: PLACEHOLDER_ID,
      priority: d.priority,
      availability: d.availability,
      name: d.name,
      title: d.title,
      phone: d.phone,
      mobile: d.mobile,
      email: d.email,
      messaging: draftMessaging(d),
      lastVerifiedAt: d.lastVerified === undefined ? undefined : (d.lastVerified?.iso ?? null),
    }),
  naturalKey: (d) =>
    d.agencyCode && d.name.trim() && d.availability ? `${d.agencyCode.toLowerCase()}\n${d.name.trim().toLowerCase()}\n${d.availability}` : null,
  duplicate: { column: 'name', describe: 'the same agency, name and availability' },
};

export function contactCells(c: ContactWithAgency): Record<ContactColumn, string> {
  const pri = CONTACT_PRIORITIES.includes(c.priority as Priority) ? choiceLabel(c.priority as Priority, PRIORITY_WORDS) : c.priority;
  const av = CONTACT_AVAILABILITIES.includes(c.availability as Availability) ? choiceLabel(c.availability as Availability, AVAILABILITY_WORDS) : c.availability;
  return {
    agencyCode: c.agency_code,
    name: c.name,
    title: c.title ?? '',
    priority: pri,
    availability: av,
    phone: c.phone ?? '',
    mobile: c.mobile ?? '',
    email: c.email ?? '',
    zalo: c.messaging?.zalo ?? '',
    telegram: c.messaging?.telegram ?? '',
    lastVerified: c.last_verified_at ? formatVnDate(c.last_verified_at) : '',
  };
}
