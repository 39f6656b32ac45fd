/**
 * The vocabularies of Circular 20/2017 and Decision 05/2017: the ten official incident types,
 * the cause groups, detection methods, and who was already notified. Labels are the official
 * Vietnamese wording (the forms print them) and a plain English one.
 */

export const INCIDENT_TYPES = ['dos', 'spoofing', 'malware', 'intrusion', 'defacement', 'encryption', 'destruction', 'espionage', 'combined', 'other'] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

export const INCIDENT_TYPE_LABELS: Readonly<Record<IncidentType, { vi: string; en: string }>> = {
  dos: { vi: 'Tấn công từ chối dịch vụ', en: 'Denial of service' },
  spoofing: { vi: 'Tấn công giả mạo', en: 'Spoofing' },
  malware: { vi: 'Tấn công sử dụng mã độc', en: 'Malware' },
  intrusion: { vi: 'Truy cập trái phép, chiếm quyền điều khiển', en: 'Unauthorised access, takeover' },
  defacement: { vi: 'Thay đổi giao diện', en: 'Defacement' },
  encryption: { vi: 'Mã hóa phần mềm, dữ liệu, thiết bị', en: 'Encryption of software, data or devices' },
  destruction: { vi: 'Phá hoại thông tin, dữ liệu, phần mềm', en: 'Destruction of information, data or software' },
  espionage: { vi: 'Nghe trộm, gián điệp, lấy cắp thông tin, dữ liệu', en: 'Eavesdropping, espionage, data theft' },
  combined: { vi: 'Tấn công tổng hợp sử dụng kết hợp nhiều hình thức', en: 'Combined attack' },
  other: { vi: 'Các hình thức tấn công khác', en: 'Other' },
};

export const CAUSES = ['attack', 'fault', 'operator_error', 'natural_disaster', 'unknown'] as const;
export type IncidentCause = (typeof CAUSES)[number];
export const CAUSE_LABELS: Readonly<Record<IncidentCause, { vi: string; en: string }>> = {
  attack: { vi: 'Tấn công mạng', en: 'Attack' },
  fault: { vi: 'Lỗi hệ thống, thiết bị, phần mềm, hạ tầng (điện, kết nối, hosting)', en: 'System, equipment, software or infrastructure fault (power, connectivity, hosting)' },
  operator_error: { vi: 'Lỗi người vận hành', en: 'Operator error' },
  natural_disaster: { vi: 'Thiên tai', en: 'Natural disaster' },
  unknown: { vi: 'Chưa xác định', en: 'Unknown' },
};

export const DETECTION_METHODS = ['ids', 'log_review', 'notified', 'other'] as const;
export type DetectionMethod = (typeof DETECTION_METHODS)[number];

export const NOTIFIED_PARTIES = ['member', 'isp', 'vncert'] as const;
export type NotifiedParty = (typeof NOTIFIED_PARTIES)[number];

export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type IncidentPriority = (typeof PRIORITIES)[number];

export const TLPS = ['clear', 'green', 'amber', 'red'] as const;
export type Tlp = (typeof TLPS)[number];
