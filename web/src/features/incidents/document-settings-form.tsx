import { useState } from 'react';
import { api } from '../../api/api-client.ts';
import { fieldError } from '../../api/api-error.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { TextAreaField, TextField } from '../../components/form-fields.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import { useT } from '../../i18n/use-t.ts';
import { linesToList } from '../../lib/format.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';

/** The stored texts (server/src/incidents/documents/form-data.ts `DocumentSettingsInput`); only what is set. */
export type DocumentSettings = Record<string, unknown> & { signer?: Record<string, unknown>; recipients?: string[]; summaryRecipients?: string[] };

/** The built-in texts, shown as placeholders: a field left empty prints these. */
const DEFAULTS = {
  parentAuthority: 'UBND tỉnh Đồng Nai',
  reportingUnit: 'Sở Khoa học và Công nghệ',
  numberSymbol: 'BC-SKHCN',
  placeName: 'Đồng Nai',
  archiveLine: 'Lưu: VT',
  emailSubjectPrefix: '[TBSC]',
  'signer.authority': '',
  'signer.title': 'THỦ TRƯỞNG ĐƠN VỊ',
  'signer.name': '',
  recipients: 'Cơ quan điều phối quốc gia (VNCERT/CC)\nĐơn vị chuyên trách ứng cứu sự cố an toàn thông tin mạng của tỉnh',
  summaryRecipients: 'Cơ quan điều phối quốc gia (VNCERT/CC)',
} as const;
type Key = keyof typeof DEFAULTS;
const TEXT_KEYS: Key[] = ['parentAuthority', 'reportingUnit', 'numberSymbol', 'placeName', 'signer.authority', 'signer.title', 'signer.name', 'archiveLine', 'emailSubjectPrefix'];
const LIST_KEYS: Key[] = ['recipients', 'summaryRecipients'];

function read(s: DocumentSettings, k: Key): string {
  if (k.startsWith('signer.')) return String(s.signer?.[k.slice(7)] ?? '');
  const v = s[k];
  return Array.isArray(v) ? v.join('\n') : typeof v === 'string' ? v : '';
}

/**
 * The texts printed on Mẫu 03 / 04 / 05 and the notice e-mail: the parent authority and the
 * reporting unit, the number symbol, the place of the date line, the signer, the recipients.
 * A field left empty keeps the built-in text. Only the fields of this form are changed: every
 * other stored setting is sent back as it was (the server replaces the whole object).
 */
export function DocumentSettingsForm({ settings, editable, onSaved }: { settings: DocumentSettings; editable: boolean; onSaved(s: DocumentSettings): void }) {
  const t = useT();
  const [values, setValues] = useState<Record<Key, string>>(() => Object.fromEntries([...TEXT_KEYS, ...LIST_KEYS].map((k) => [k, read(settings, k)])) as Record<Key, string>);
  const [saved, setSaved] = useState(false);
  const action = useAsyncAction();
  const set = (k: Key) => (v: string) => {
    setSaved(false);
    setValues((x) => ({ ...x, [k]: v }));
  };
  const save = () => {
    const next: DocumentSettings = { ...settings };
    const signer: Record<string, unknown> = { ...(settings.signer ?? {}) };
    for (const k of TEXT_KEYS) {
      const v = values[k].trim();
      if (k.startsWith('signer.')) {
        if (v) signer[k.slice(7)] = v;
        else delete signer[k.slice(7)];
      } else if (v) (next as Record<string, unknown>)[k] = v;
      else delete next[k];
    }
    if (Object.keys(signer).length) next.signer = signer;
    else delete next.signer;
    for (const k of LIST_KEYS) {
      const list = linesToList(values[k]);
      if (list.length) next[k] = list;
      else delete next[k];
    }
    void action.run(async () => {
      const r = await api.put<{ settings: DocumentSettings }>('/settings/documents', next);
      setSaved(true);
      onSaved(r.settings);
    });
  };
  const field = (k: Key, multi = false) => {
    const label = t(`inc.set.doc.${k}` as MessageKey);
    const err = fieldError(action.error, k.replace('.', '/'));
    const testId = `doc-${k.replace('.', '-')}`;
    return multi ? (
      <TextAreaField key={k} label={label} value={values[k]} onValue={set(k)} rows={3} placeholder={DEFAULTS[k]} hint={t('inc.set.doc.linesHint')} error={err} testId={testId} />
    ) : (
      <TextField key={k} label={label} value={values[k]} onValue={set(k)} placeholder={DEFAULTS[k]} maxLength={500} disabled={!editable} error={err} testId={testId} />
    );
  };
  return (
    <div className="card inc-doc-settings" data-testid="document-settings">
      <p className="field__hint">{t('inc.set.doc.hint')}</p>
      <fieldset className="inc-section" disabled={!editable}>
        <legend>{t('inc.set.doc.header')}</legend>
        <div className="inc-section__body">{(['parentAuthority', 'reportingUnit', 'numberSymbol', 'placeName'] as Key[]).map((k) => field(k))}</div>
      </fieldset>
      <fieldset className="inc-section" disabled={!editable}>
        <legend>{t('inc.set.doc.signer')}</legend>
        <div className="inc-section__body">{(['signer.authority', 'signer.title', 'signer.name'] as Key[]).map((k) => field(k))}</div>
      </fieldset>
      <fieldset className="inc-section" disabled={!editable}>
        <legend>{t('inc.set.doc.recipientsTitle')}</legend>
        <div className="inc-section__body">
          {field('recipients', true)}
          {field('summaryRecipients', true)}
          {field('archiveLine')}
          {field('emailSubjectPrefix')}
        </div>
      </fieldset>
      {editable && (
        <>
          <ErrorBanner error={action.error} placedFields={[...TEXT_KEYS, ...LIST_KEYS].map((k) => k.replace('.', '/'))} />
          <div className="form__actions">
            <button type="button" className="btn btn--primary" onClick={save} disabled={action.busy} data-testid="document-settings-save">
              {action.busy ? t('common.working') : t('common.save')}
            </button>
            {saved && <span className="inc-saved" role="status" data-testid="document-settings-saved">{t('inc.set.saved')}</span>}
          </div>
        </>
      )}
    </div>
  );
}
