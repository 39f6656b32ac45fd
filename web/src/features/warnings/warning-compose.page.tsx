import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import { fieldError } from '../../api/api-error.ts';
import { Breadcrumb } from '../../components/breadcrumb.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { TextAreaField, TextField } from '../../components/form-fields.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Loading } from '../../components/status.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { isoToVnLocal, vnLocalToIso } from '../incidents/incident-time.ts';
import { VnDateTimeField } from '../incidents/vn-date-time-field.tsx';
import { draftFromFilter, EMPTY_FILTER, filterFromDraft, proposeTitle, type FilterDraft } from './warning-filter.ts';
import { WarningFilterForm } from './warning-filter-form.tsx';
import { WarningPreviewView } from './warning-preview.tsx';
import type { WarningDetail, WarningInput, WarningPreview } from './warning-types.ts';
import '../vulns/vulns.css';
import './warnings.css';

const PLACED = ['title', 'body', 'deadline', 'remindBeforeHours', 'filter'];

/** A week from now at 17:00 Vietnam time: the usual "end of business" deadline of an official letter. */
function defaultDeadline(): string {
  const local = isoToVnLocal(Date.now() + 7 * 86_400_000);
  return `${local.slice(0, 10)}T17:00`;
}

/**
 * Composing a warning (and editing a draft, /warnings/:id/edit): the scope as a filter over the
 * catalogue, "Xem trước" to see which agencies and systems it hits, then the text, the deadline
 * and the reminder; "Lưu nháp" keeps it as a draft, which is sent from its own page.
 */
export function WarningComposePage() {
  const { id } = useParams();
  const [loaded, setLoaded] = useState<WarningDetail | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  useEffect(() => {
    if (!id) return;
    api.get<WarningDetail>(`/warnings/${id}`).then(setLoaded, setLoadError);
  }, [id]);
  if (id && !loaded) return loadError ? <ErrorBanner error={loadError} /> : <Loading />;
  return <ComposeForm key={id ?? 'new'} initial={loaded} />;
}

function ComposeForm({ initial }: { initial: WarningDetail | null }) {
  const t = useT();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<FilterDraft>(initial ? draftFromFilter(initial.filter) : EMPTY_FILTER);
  const [preview, setPreview] = useState<{ data: WarningPreview; key: string } | null>(null);
  const [title, setTitle] = useState(initial?.title ?? '');
  // The proposed title follows the filter until the coordinator writes their own.
  const [titleEdited, setTitleEdited] = useState(initial !== null);
  const [body, setBody] = useState(initial?.body ?? '');
  const [deadline, setDeadline] = useState(initial ? isoToVnLocal(initial.deadline) : defaultDeadline());
  const [remind, setRemind] = useState(String(initial?.remindBeforeHours ?? 24));
  const previewing = useAsyncAction();
  const saving = useAsyncAction();
  const filterKey = JSON.stringify(filterFromDraft(filter));

  const changeFilter = (next: FilterDraft) => {
    setFilter(next);
    if (!titleEdited) setTitle(proposeTitle(t, next));
  };

  const runPreview = () =>
    void previewing.run(async () => {
      const data = await api.post<WarningPreview>('/warnings/preview', { filter: filterFromDraft(filter) });
      setPreview({ data, key: filterKey });
    });

  const save = (e: FormEvent) => {
    e.preventDefault();
    void saving.run(async () => {
      const hours = Number(remind);
      const input: WarningInput = {
        title: title.trim(),
        ...(body.trim() && { body: body.trim() }),
        filter: filterFromDraft(filter),
        // An unfinished date is sent as typed so the server names the field, rather than silently dropped.
        deadline: vnLocalToIso(deadline) ?? deadline,
        ...(remind.trim() !== '' && Number.isFinite(hours) && { remindBeforeHours: hours }),
      };
      const saved = initial ? await api.patch<WarningDetail>(`/warnings/${initial.id}`, input) : await api.post<WarningDetail>('/warnings', input);
      navigate(`/warnings/${saved.id}`);
    });
  };

  const pageTitle = initial ? t('warn.compose.editTitle', { number: initial.number }) : t('warn.compose.title');
  return (
    <section data-testid="warning-compose">
      <Breadcrumb trail={[{ to: '/warnings', label: t('warn.title') }, ...(initial ? [{ to: `/warnings/${initial.id}`, label: initial.number }] : [])]} />
      <PageHeader title={pageTitle} />
      <form className="form warn-compose" onSubmit={save} noValidate>
        <fieldset className="warn-section">
          <legend>{t('warn.compose.scope')}</legend>
          <WarningFilterForm value={filter} onChange={changeFilter} error={previewing.error ?? saving.error} />
          <ErrorBanner error={previewing.error} placedFields={['filter']} />
          <div className="form__actions warn-compose__preview">
            <button type="button" className="btn btn--primary" onClick={runPreview} disabled={previewing.busy} data-testid="warning-preview-button">
              {previewing.busy ? t('warn.compose.previewing') : t('warn.compose.preview')}
            </button>
          </div>
        </fieldset>

        {preview && (
          <fieldset className="warn-section">
            <legend>{t('warn.compose.previewTitle')}</legend>
            <WarningPreviewView preview={preview.data} stale={preview.key !== filterKey} />
          </fieldset>
        )}

        <fieldset className="warn-section">
          <legend>{t('warn.compose.details')}</legend>
          <div className="form__grid">
            <TextField
              className="span-2"
              label={t('warn.compose.titleField')}
              value={title}
              onValue={(v) => {
                setTitle(v);
                setTitleEdited(true);
              }}
              required
              maxLength={300}
              error={fieldError(saving.error, 'title')}
              testId="warning-title"
            />
            <TextAreaField className="span-2" label={t('warn.compose.body')} hint={t('warn.compose.bodyHint')} rows={6} value={body} onValue={setBody} error={fieldError(saving.error, 'body')} testId="warning-body" />
            <VnDateTimeField label={t('warn.compose.deadline')} value={deadline} onValue={setDeadline} required error={fieldError(saving.error, 'deadline')} testId="warning-deadline" />
            <TextField label={t('warn.compose.remind')} type="number" min={0} max={720} step={1} inputMode="numeric" value={remind} onValue={setRemind} error={fieldError(saving.error, 'remindBeforeHours')} testId="warning-remind" />
          </div>
          <ErrorBanner error={saving.error} placedFields={PLACED} />
          <FormActions submitLabel={t('warn.compose.save')} busy={saving.busy} disabled={!title.trim()} onCancel={() => navigate(initial ? `/warnings/${initial.id}` : '/warnings')} testId="warning-save" />
        </fieldset>
      </form>
    </section>
  );
}
