import { useEffect, useState } from 'react';
import { api } from '../../api/api-client.ts';
import { fieldError } from '../../api/api-error.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { SelectField, TextAreaField, TextField } from '../../components/form-fields.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import type { TemplateEntry, TemplatePreview, TemplateTexts } from './notification-types.ts';

/** Message templates: the built-in Vietnamese and English texts, an administrator's override, a preview with sample data. */
export function TemplatesPage() {
  const t = useT();
  const list = useAsync((signal) => api.get<{ items: TemplateEntry[] }>('/notification-templates', undefined, signal), 'templates');
  const [selected, setSelected] = useState('alert.triggered|vi');
  const [draft, setDraft] = useState<TemplateTexts | null>(null);
  const [preview, setPreview] = useState<TemplatePreview | null>(null);
  const [saved, setSaved] = useState(false);
  const action = useAsyncAction();
  const entry = list.data?.items.find((e) => `${e.key}|${e.locale}` === selected);

  // Reset the draft when another template is picked or the stored one changed (saved, reverted).
  const version = entry ? `${selected}|${entry.updatedAt ?? 'default'}` : '';
  useEffect(() => {
    if (entry) setDraft({ ...(entry.override ?? entry.default) });
  }, [version]);
  useEffect(() => {
    setPreview(null);
    setSaved(false);
  }, [selected]);

  if (!list.data || !entry || !draft) return list.error ? <ErrorBanner error={list.error} /> : <Loading />;
  const url = `/notification-templates/${entry.key}/${entry.locale}`;
  const set = (k: keyof TemplateTexts) => (v: string) => {
    setDraft({ ...draft, [k]: v });
    setSaved(false);
  };
  const save = () =>
    void action.run(async () => {
      await api.put(url, draft);
      setSaved(true);
      list.reload();
    });
  const revert = () =>
    void action.run(async () => {
      await api.del(url);
      list.reload();
    });
  const showPreview = () => void action.run(async () => setPreview(await api.post<TemplatePreview>(`${url}/preview`, { template: draft })));

  return (
    <section>
      <PageHeader title={t('notif.templates.title')} subtitle={t('notif.templates.subtitle')} />
      <div className="card">
        <SelectField
          label={t('notif.templates.pick')}
          value={selected}
          onValue={setSelected}
          options={list.data.items.map((e) => ({
            value: `${e.key}|${e.locale}`,
            label: `${t(`notif.template.${e.key}` as MessageKey)} · ${e.locale.toUpperCase()}${e.override ? ` · ${t('notif.templates.overridden')}` : ''}`,
          }))}
          testId="template-pick"
        />
        <p className="muted small">
          {entry.override ? t('notif.templates.overrideSince', { at: formatDateTime(entry.updatedAt) }) : t('notif.templates.usingDefault')}
        </p>
        <p className="small">
          {t('notif.templates.fields')}{' '}
          {entry.fields.map((f) => (
            <code key={f} className="badge badge--muted">{`{{${f}}}`}</code>
          ))}
        </p>
        <form className="form" onSubmit={(e) => e.preventDefault()} noValidate>
          <ErrorBanner error={action.error} placedFields={['subject', 'body', 'sms']} />
          {saved && <p className="alert alert--success" role="status">{t('notif.templates.saved')}</p>}
          <TextField label={t('notif.templates.subject')} value={draft.subject} onValue={set('subject')} error={fieldError(action.error, 'subject')} testId="template-subject" />
          <TextAreaField label={t('notif.templates.body')} value={draft.body} onValue={set('body')} rows={12} error={fieldError(action.error, 'body')} testId="template-body" spellCheck={false} />
          <TextAreaField label={t('notif.templates.sms')} value={draft.sms} onValue={set('sms')} rows={3} error={fieldError(action.error, 'sms')} testId="template-sms" spellCheck={false} />
          <div className="form__actions">
            {entry.override && (
              <button type="button" className="btn" onClick={revert} disabled={action.busy} data-testid="template-revert">
                {t('notif.templates.revert')}
              </button>
            )}
            <button type="button" className="btn" onClick={showPreview} disabled={action.busy} data-testid="template-preview">
              {t('notif.templates.preview')}
            </button>
            <button type="button" className="btn btn--primary" onClick={save} disabled={action.busy} data-testid="template-save">
              {t('common.save')}
            </button>
          </div>
        </form>
      </div>
      {preview && (
        <div className="card" data-testid="template-preview-result">
          <h2>{t('notif.templates.previewTitle')}</h2>
          <dl className="details">
            <dt>{t('notif.templates.subject')}</dt>
            <dd>{preview.subject}</dd>
            <dt>{t('notif.templates.body')}</dt>
            <dd>
              <pre className="break" style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                {preview.text}
              </pre>
            </dd>
            <dt>{t('notif.templates.sms')}</dt>
            <dd>
              {preview.sms} <span className="muted small">({t('notif.templates.smsParts', { n: preview.smsParts })})</span>
            </dd>
          </dl>
        </div>
      )}
    </section>
  );
}
