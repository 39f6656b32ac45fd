import { CONTACT_AVAILABILITY, STEP_TYPES, type EscalationStep, type StepType } from '../../api/alert-types.ts';
import { CheckboxGroup } from '../../components/checkbox-group.tsx';
import { SelectField, TextField } from '../../components/form-fields.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import { useT } from '../../i18n/use-t.ts';
import { rosterLabel, type EscalationRefs } from './escalation-refs.ts';

/** A step while it is edited: the wait minutes are text until saved, so "" and "5" can be typed. */
export type DraftStep = { type: StepType; rosterId: string; userIds: string[]; channelId: string; minutes: string; availability: string[] };

export const emptyStep = (type: StepType = 'notify_on_duty'): DraftStep => ({ type, rosterId: '', userIds: [], channelId: '', minutes: '5', availability: [] });

export function toDraft(s: EscalationStep): DraftStep {
  const d = emptyStep(s.type);
  if (s.type === 'notify_on_duty') d.rosterId = s.rosterId;
  if (s.type === 'notify_users') d.userIds = [...s.userIds];
  if (s.type === 'notify_channel') d.channelId = s.channelId;
  if (s.type === 'wait') d.minutes = String(s.minutes);
  if (s.type === 'notify_agency_contacts') d.availability = [...(s.availability ?? [])];
  return d;
}

export function fromDraft(d: DraftStep): EscalationStep {
  switch (d.type) {
    case 'notify_on_duty':
      return { type: d.type, rosterId: d.rosterId };
    case 'notify_agency_on_duty':
      return { type: d.type };
    case 'notify_agency_contacts':
      return d.availability.length ? { type: d.type, availability: d.availability as ('office_hours' | 'out_of_hours' | 'leadership')[] } : { type: d.type };
    case 'notify_users':
      return { type: d.type, userIds: d.userIds };
    case 'notify_channel':
      return { type: d.type, channelId: d.channelId };
    case 'wait':
      return { type: d.type, minutes: Number(d.minutes) };
  }
}

/** What the browser can tell before sending: a picker left empty, minutes that are not 1–1440. Keyed like the server's pointers. */
export function localStepErrors(steps: DraftStep[], t: (k: MessageKey) => string): Record<string, string> {
  const out: Record<string, string> = {};
  steps.forEach((s, i) => {
    if (s.type === 'notify_on_duty' && !s.rosterId) out[`steps/${i}/rosterId`] = t('esc.err.chooseRoster');
    if (s.type === 'notify_channel' && !s.channelId) out[`steps/${i}/channelId`] = t('esc.err.chooseChannel');
    if (s.type === 'notify_users' && s.userIds.length === 0) out[`steps/${i}/userIds`] = t('esc.err.chooseUsers');
    if (s.type === 'wait' && !(/^\d+$/.test(s.minutes.trim()) && Number(s.minutes) >= 1 && Number(s.minutes) <= 1440)) out[`steps/${i}/minutes`] = t('esc.err.minutes');
  });
  return out;
}

interface Props {
  steps: DraftStep[];
  onSteps(steps: DraftStep[]): void;
  refs: EscalationRefs | undefined;
  /** The error for a pointer ("steps/2/minutes"), local or from the server, already translated. */
  errorAt(field: string): string | undefined;
}

/** The ordered steps of a policy: each with its type and picker, moved up and down, removed, added. */
export function PolicyStepsField({ steps, onSteps, refs, errorAt }: Props) {
  const t = useT();
  const patch = (i: number, p: Partial<DraftStep>) => onSteps(steps.map((s, j) => (j === i ? { ...s, ...p } : s)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...steps];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    onSteps(next);
  };
  const people = (refs?.people ?? []).map((p) => ({ value: p.id, label: p.agencyName ? `${p.displayName} — ${p.agencyName}` : p.displayName }));
  return (
    <fieldset className="fieldset span-2" data-testid="policy-steps">
      <legend className="field__label">
        {t('esc.policy.steps')}
        <span className="field__required" aria-hidden="true"> *</span>
      </legend>
      <p className="field__hint">{t('esc.policy.stepsHint')}</p>
      {errorAt('steps') && <p className="field__error" role="alert">{errorAt('steps')}</p>}
      <ol className="esc-steps">
        {steps.map((s, i) => (
          <li key={i} className="esc-step" data-testid="policy-step" data-type={s.type}>
            <div className="esc-step__head">
              <span className="esc-step__num">{i + 1}</span>
              <SelectField
                label={t('esc.step.type')}
                value={s.type}
                onValue={(v) => patch(i, { ...emptyStep(v as StepType), minutes: s.minutes })}
                options={STEP_TYPES.map((k) => ({ value: k, label: t(`esc.step.${k}` as MessageKey) }))}
                error={errorAt(`steps/${i}/type`) ?? errorAt(`steps/${i}`)}
                testId="step-type"
              />
              <span className="esc-step__buttons">
                <button type="button" className="btn btn--small" onClick={() => move(i, -1)} disabled={i === 0} aria-label={t('esc.moveUp')} data-testid="step-up">↑</button>
                <button type="button" className="btn btn--small" onClick={() => move(i, 1)} disabled={i === steps.length - 1} aria-label={t('esc.moveDown')} data-testid="step-down">↓</button>
                <button type="button" className="btn btn--small btn--danger" onClick={() => onSteps(steps.filter((_, j) => j !== i))} aria-label={t('esc.removeStep')} data-testid="step-remove">×</button>
              </span>
            </div>
            {s.type === 'notify_on_duty' && (
              <SelectField
                label={t('esc.step.roster')}
                value={s.rosterId}
                onValue={(rosterId) => patch(i, { rosterId })}
                options={(refs?.rosters ?? []).map((r) => ({ value: r.id, label: rosterLabel(r) }))}
                emptyLabel={t('common.choose')}
                hint={refs && refs.rosters.length === 0 ? t('esc.step.noRosters') : undefined}
                error={errorAt(`steps/${i}/rosterId`)}
                testId="step-roster"
              />
            )}
            {s.type === 'notify_users' && (
              <CheckboxGroup
                label={t('esc.step.users')}
                options={people}
                values={s.userIds}
                onValues={(userIds) => patch(i, { userIds })}
                error={errorAt(`steps/${i}/userIds`)}
                className="esc-step__people"
              />
            )}
            {s.type === 'notify_channel' && (
              <SelectField
                label={t('esc.step.channel')}
                value={s.channelId}
                onValue={(channelId) => patch(i, { channelId })}
                options={(refs?.channels ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.kind})` }))}
                emptyLabel={t('common.choose')}
                error={errorAt(`steps/${i}/channelId`)}
                testId="step-channel"
              />
            )}
            {s.type === 'notify_agency_contacts' && (
              <CheckboxGroup
                label={t('esc.step.availability')}
                hint={t('esc.step.availabilityHint')}
                options={CONTACT_AVAILABILITY.map((a) => ({ value: a, label: t(`esc.availability.${a}` as MessageKey) }))}
                values={s.availability}
                onValues={(availability) => patch(i, { availability })}
                error={errorAt(`steps/${i}/availability`)}
              />
            )}
            {s.type === 'notify_agency_on_duty' && <p className="muted small">{t('esc.step.agencyOnDutyHint')}</p>}
            {s.type === 'wait' && (
              <TextField label={t('esc.step.minutes')} value={s.minutes} onValue={(minutes) => patch(i, { minutes })} inputMode="numeric" maxLength={4} error={errorAt(`steps/${i}/minutes`)} testId="step-minutes" />
            )}
          </li>
        ))}
      </ol>
      <div className="esc-add">
        <button type="button" className="btn" onClick={() => onSteps([...steps, emptyStep()])} data-testid="step-add">
          + {t('esc.addStep')}
        </button>
        <button type="button" className="btn" onClick={() => onSteps([...steps, emptyStep('wait')])} data-testid="step-add-wait">
          + {t('esc.addWait')}
        </button>
      </div>
    </fieldset>
  );
}
