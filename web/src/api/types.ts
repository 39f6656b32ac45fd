/**
 * Shapes of the server's JSON, mirrored by hand from server/src/contracts/*.schema.ts (the
 * source of truth). The web build must not import server code, so these are kept in step.
 */

export const ROLES = ['admin', 'coordinator', 'agency_admin', 'agency_member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const AGENCY_KINDS = ['province', 'ministry', 'department', 'district', 'unit', 'enterprise', 'other'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const CONTACT_PRIORITIES = ['primary', 'backup'] as const;
export const CONTACT_AVAILABILITIES = ['office_hours', 'out_of_hours', 'leadership'] as const;
export type ContactPriority = (typeof CONTACT_PRIORITIES)[number];
export type ContactAvailability = (typeof CONTACT_AVAILABILITIES)[number];

export const SECURITY_LEVELS = [1, 2, 3, 4, 5] as const;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  agencyId: string | null;
  agencyName: string | null;
  disabled: boolean;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  locale: string;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface Me {
  user: User;
  csrfToken: string | null;
}

export interface Agency {
  id: string;
  parentId: string | null;
  code: string;
  name: string;
  kind: string;
  address: string | null;
  intakeEmail: string | null;
  intakePhone: string | null;
  depth: number;
  createdAt: string;
  updatedAt: string;
}

export interface AgencyInput {
  parentId: string | null;
  code: string;
  name: string;
  kind: AgencyKind;
  address?: string | null;
  intakeEmail?: string | null;
  intakePhone?: string | null;
}

export interface Software {
  vendor: string;
  product: string;
  version: string | null;
  cpe: string | null;
}

export interface InformationSystem {
  id: string;
  name: string;
  description: string | null;
  ownerAgencyId: string;
  ownerAgencyName: string;
  operatorAgencyId: string | null;
  operatorAgencyName: string | null;
  securityLevel: number;
  criticalNational: boolean;
  urls: string[];
  domains: string[];
  ipAddresses: string[];
  hostingProvider: string | null;
  tags: string[];
  software: Software[];
  /** Set by administrators only: the system's monitors may reach private addresses. */
  internal: boolean;
  createdAt: string;
  updatedAt: string;
}

/** `internal` is sent only by administrators: the server refuses it from anyone else. */
export type SystemInput = Omit<InformationSystem, 'id' | 'ownerAgencyName' | 'operatorAgencyName' | 'internal' | 'createdAt' | 'updatedAt'> & { internal?: boolean };

export interface ContactPoint {
  id: string;
  agencyId: string;
  agencyName: string;
  priority: ContactPriority;
  availability: ContactAvailability;
  name: string;
  title: string | null;
  phone: string | null;
  mobile: string | null;
  email: string | null;
  messaging: Record<string, string>;
  lastVerifiedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type ContactInput = Pick<ContactPoint, 'agencyId' | 'priority' | 'availability' | 'name' | 'title' | 'phone' | 'mobile' | 'email' | 'messaging'>;

export interface ContactHistoryEntry {
  id: number;
  action: string;
  changedAt: string;
  changedBy: string | null;
  changedByLabel: string;
  before: unknown;
  after: unknown;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface TotpSetup {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

export const IMPORT_KINDS = ['agencies', 'systems', 'contacts'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportReport {
  kind: ImportKind;
  format: string;
  totalRows: number;
  validRows: number;
  errors: { row: number; column: string | null; message: string }[];
  created: number;
  updated: number;
  unchanged: number;
  applied: boolean;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  agencyId: string | null;
  summary: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  hash: string;
  prevHash: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  entries: number;
  headHash: string;
  problems: { seq: number; problem: string }[];
}

export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details as the server sends them. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
}
