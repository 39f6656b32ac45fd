/**
 * What the official incident documents of Circular 20/2017/TT-BTTTT (appendix I) are made of:
 * Mẫu 03 (initial report), Mẫu 04 (closing report) and Mẫu 05 (six-monthly / yearly summary),
 * plus the configurable texts every document carries (authority names, place, motto, signer).
 *
 * The generators are pure: data in, bytes out. Times are instants (`Date` or an ISO string) and
 * are printed in `settings.timeZone`. Any optional field left empty prints a dotted line.
 */
import { INCIDENT_TYPE_LABELS, INCIDENT_TYPES, type DetectionMethod, type IncidentType } from '../incident-types.ts';

export { INCIDENT_TYPES, type DetectionMethod, type IncidentType };

/** An instant: a `Date`, an ISO 8601 string, or epoch milliseconds. */
export type Instant = Date | string | number;

export interface Organisation {
  name: string;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
}

export interface ContactPerson {
  name: string;
  /** Chức vụ. */
  title?: string | null;
  phone?: string | null;
  email?: string | null;
}

/** The issuing unit in the header: the parent authority above, the unit itself in bold. */
export interface Issuer {
  /** Cơ quan chủ quản, printed upper-case above the unit; empty for none. */
  parent?: string | null;
  name: string;
}

/** The signature block. */
export interface Signer {
  /** "KT. GIÁM ĐỐC", "TL. GIÁM ĐỐC"… printed above the title; empty for none. */
  authority?: string | null;
  /** "GIÁM ĐỐC", "NGƯỜI BÁO CÁO"… */
  title: string;
  /** Printed under the signing space; empty leaves the space. */
  name?: string | null;
  /** "(Ký, ghi rõ họ tên, đóng dấu)"; empty for none. */
  note?: string | null;
}

/** Fields every document shares; each falls back to `DocumentSettings`. */
export interface DocumentCommon {
  /**
   * The document number. With a "/" it is printed as given ("12/BC-SKHCN"); without, the
   * settings' symbol is appended ("12" → "12/BC-SKHCN"); empty leaves the number blank to fill
   * in by hand ("Số:      /BC-SKHCN").
   */
  reportNumber?: string | null;
  /** Kính gửi / Nơi nhận: the recipients of this document. */
  recipients?: string[] | null;
  issuer?: Issuer | null;
  signer?: Signer | null;
}

/** Mẫu 03: the initial report of an incident. */
export interface Mau03Data extends DocumentCommon {
  /** Thời gian thực hiện báo cáo (*); also the date of the date line. */
  reportTime: Instant;
  /** 1. Đơn vị báo cáo sự cố (*). */
  reporter: Organisation;
  /** 2. Người liên hệ (*). */
  contact: ContactPerson;
  /** 3. Đơn vị vận hành hệ thống thông tin (*). */
  operator: Organisation;
  /** 4. Cơ quan, đơn vị chủ quản hệ thống thông tin. */
  owner?: Organisation | null;
  systemName?: string | null;
  /** Cấp độ an toàn hệ thống thông tin, 1–5 (Decree 85/2016). */
  securityLevel?: number | null;
  incidentType?: IncidentType | null;
  /** Mô tả sơ bộ về sự cố (*). */
  description: string;
  /** Thời điểm phát hiện sự cố (*). */
  detectedAt: Instant;
  /** Tình trạng: đã xử lý (true) / chưa xử lý (false) (*). */
  handled: boolean;
  /** Cách thức phát hiện (*): any of IDS, log review, notified by…, other. */
  detectionMethods: DetectionMethod[];
  /** Who notified, when `notified` is among the methods. */
  detectionNotifiedBy?: string | null;
  /** The other method, when `other` is among the methods. */
  detectionOther?: string | null;
  /** Đã thông báo sự cố cho (*). */
  alreadyNotified: { member?: boolean; isp?: boolean; vncert?: boolean; others?: string[] | null };
  os?: string | null;
  services?: string[] | null;
  existingMeasures?: string | null;
  publicIps?: string[] | null;
  domains?: string[] | null;
  /** Names of the attached files. */
  attachments?: string[] | null;
  /** Yêu cầu giữ bí mật thông tin sự cố. */
  confidential: boolean;
  /** Đề nghị hỗ trợ. */
  supportRequested?: string | null;
}

/** Mẫu 04: the closing report; it cites the Mẫu 03 it closes. */
export interface Mau04Data extends DocumentCommon {
  reportDate: Instant;
  reporter: Organisation;
  contact?: ContactPerson | null;
  /** The Mẫu 03 this report closes: its number ("12/BC-SKHCN") and date. */
  initialReport: { number: string; date: Instant };
  systemName?: string | null;
  /** Tên (tiêu đề) sự cố. */
  title: string;
  incidentType?: IncidentType | null;
  detectedAt: Instant;
  /** When the response ended. */
  respondedAt?: Instant | null;
  /** Kết quả ứng phó, xử lý sự cố. */
  result: string;
  /** Bài học kinh nghiệm, đề xuất. */
  lessons?: string | null;
  attachments?: string[] | null;
}

/** One row of Mẫu 05: the incidents of one type in the period. */
export interface Mau05Row {
  type: IncidentType;
  count: number;
  /** Tự xử lý. */
  handledInHouse: number;
  /** Có hỗ trợ của tổ chức trong nước. */
  helpedDomestic: number;
  /** Có hỗ trợ của tổ chức nước ngoài. */
  helpedForeign: number;
  /** Chuyển cơ quan điều phối quốc gia. */
  referredToNational: number;
  /** Thiệt hại ước tính, in VND (printed "50.000.000"), or a text; empty for none. */
  estimatedDamage?: number | string | null;
}

/** Mẫu 05: the six-monthly or yearly summary, one row per incident type. */
export interface Mau05Data extends DocumentCommon {
  /** "6 tháng đầu năm 2026", "năm 2026". */
  period: string;
  reportDate: Instant;
  /** Defaults to the settings' reporting unit. */
  reportingUnit?: string | null;
  /** Types without a row print zeros; all ten types are always listed. */
  rows: Mau05Row[];
  /** Đánh giá, kiến nghị. */
  notes?: string | null;
}

/** The configurable texts. Every field has a Vietnamese default (`DEFAULT_DOCUMENT_SETTINGS`). */
export interface DocumentSettings {
  /** Cơ quan chủ quản of the reporting unit, e.g. "UBND tỉnh Đồng Nai" (the header upper-cases it). */
  parentAuthority: string;
  /** Đơn vị báo cáo: the unit that runs Vigil and issues Mẫu 05, as written in a sentence. */
  reportingUnit: string;
  /** Ký hiệu after the number: "BC-SKHCN" → "Số: 12/BC-SKHCN". */
  numberSymbol: string;
  /** Địa danh of the date line: "Đồng Nai, ngày … tháng … năm …". */
  placeName: string;
  timeZone: string;
  mottoCountry: string;
  mottoSlogan: string;
  /** Small label above the header, right ("Mẫu 03"); empty hides it. */
  formLabels: { mau03: string; mau04: string; mau05: string };
  titles: { mau03: string; mau04: string; mau05: string };
  /** The sentence(s) opening each document; `{unit}` and `{period}` are replaced. */
  intros: { mau03: string; mau04: string; mau05: string };
  /** Kính gửi / Nơi nhận of Mẫu 03 and Mẫu 04 when the data gives none. */
  recipients: string[];
  /** Kính gửi / Nơi nhận of Mẫu 05 when the data gives none. */
  summaryRecipients: string[];
  /** The last line of "Nơi nhận", e.g. "Lưu: VT". */
  archiveLine: string;
  signer: Signer;
  /** Who the national coordinating body is, as printed in the forms. */
  nationalCoordinator: string;
  nationalCoordinatorShort: string;
  incidentTypeLabels: Record<IncidentType, string>;
  /** What an empty optional field prints. */
  emptyValue: string;
  /** The note on mandatory fields printed under Mẫu 03; empty hides it. */
  mandatoryNote: string;
  /** The e-mail subject's prefix for incident notices. */
  emailSubjectPrefix: string;
}

export const DEFAULT_DOCUMENT_SETTINGS: Readonly<DocumentSettings> = Object.freeze({
  parentAuthority: 'UBND tỉnh Đồng Nai',
  reportingUnit: 'Sở Khoa học và Công nghệ',
  numberSymbol: 'BC-SKHCN',
  placeName: 'Đồng Nai',
  timeZone: 'Asia/Ho_Chi_Minh',
  mottoCountry: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  mottoSlogan: 'Độc lập - Tự do - Hạnh phúc',
  formLabels: { mau03: 'Mẫu 03', mau04: 'Mẫu 04', mau05: 'Mẫu 05' },
  titles: {
    mau03: 'BÁO CÁO BAN ĐẦU SỰ CỐ AN TOÀN THÔNG TIN MẠNG',
    mau04: 'BÁO CÁO KẾT THÚC ỨNG PHÓ SỰ CỐ',
    mau05: 'BÁO CÁO TỔNG HỢP TÌNH HÌNH SỰ CỐ AN TOÀN THÔNG TIN MẠNG',
  },
  intros: {
    mau03: 'Thực hiện Thông tư số 20/2017/TT-BTTTT ngày 12/9/2017 quy định về điều phối, ứng cứu sự cố an toàn thông tin mạng trên toàn quốc, {unit} báo cáo ban đầu về sự cố an toàn thông tin mạng như sau:',
    mau04: '{unit} báo cáo kết thúc ứng phó sự cố như sau:',
    mau05: 'Thực hiện Thông tư số 20/2017/TT-BTTTT ngày 12/9/2017 quy định về điều phối, ứng cứu sự cố an toàn thông tin mạng trên toàn quốc, {unit} báo cáo tổng hợp tình hình tiếp nhận, xử lý sự cố an toàn thông tin mạng {period} như sau:',
  },
  recipients: [
    'Cơ quan điều phối quốc gia (VNCERT/CC)',
    'Đơn vị chuyên trách ứng cứu sự cố an toàn thông tin mạng của tỉnh',
  ],
  summaryRecipients: ['Cơ quan điều phối quốc gia (VNCERT/CC)'],
  archiveLine: 'Lưu: VT',
  signer: { authority: '', title: 'THỦ TRƯỞNG ĐƠN VỊ', name: '', note: '(Ký, ghi rõ họ tên, đóng dấu)' },
  nationalCoordinator: 'Cơ quan điều phối quốc gia (VNCERT/CC)',
  nationalCoordinatorShort: 'VNCERT/CC',
  incidentTypeLabels: Object.fromEntries(INCIDENT_TYPES.map((t) => [t, INCIDENT_TYPE_LABELS[t].vi])) as Record<IncidentType, string>,
  emptyValue: '……………………………',
  mandatoryNote: 'Ghi chú: (*) là các mục bắt buộc.',
  emailSubjectPrefix: '[TBSC]',
});

/** Settings as stored or configured: any field may be missing; nested groups merge per key. */
export type DocumentSettingsInput = Partial<Omit<DocumentSettings, 'formLabels' | 'titles' | 'intros' | 'signer' | 'incidentTypeLabels'>> & {
  formLabels?: Partial<DocumentSettings['formLabels']>;
  titles?: Partial<DocumentSettings['titles']>;
  intros?: Partial<DocumentSettings['intros']>;
  signer?: Partial<Signer>;
  incidentTypeLabels?: Partial<Record<IncidentType, string>>;
};

/** Fills the defaults in; `undefined` and `null` keep the default, an empty string is kept. */
export function resolveDocumentSettings(input?: DocumentSettingsInput | null): DocumentSettings {
  const d = DEFAULT_DOCUMENT_SETTINGS;
  const pick = <T extends object>(base: T, over: Partial<T> | undefined | null): T => {
    const out = { ...base };
    for (const [k, v] of Object.entries(over ?? {})) if (v !== undefined && v !== null) (out as Record<string, unknown>)[k] = v;
    return out;
  };
  const top = pick(d as DocumentSettings, input as Partial<DocumentSettings>);
  return {
    ...top,
    formLabels: pick(d.formLabels, input?.formLabels),
    titles: pick(d.titles, input?.titles),
    intros: pick(d.intros, input?.intros),
    signer: pick(d.signer, input?.signer),
    incidentTypeLabels: pick(d.incidentTypeLabels, input?.incidentTypeLabels),
    recipients: [...(input?.recipients ?? d.recipients)],
    summaryRecipients: [...(input?.summaryRecipients ?? d.summaryRecipients)],
  };
}
