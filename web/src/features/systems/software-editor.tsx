import type { Software } from '../../api/types.ts';
import { TableHead } from '../../components/table-head.tsx';
import { translateServerMessage } from '../../i18n/server-messages.ts';
import { useT } from '../../i18n/use-t.ts';

interface Props {
  rows: Software[];
  onChange(rows: Software[]): void;
  /** Server errors keyed by "index/field", e.g. "2/cpe". */
  errors: Record<string, string>;
}

const COLS = ['vendor', 'product', 'version', 'cpe'] as const;

/**
 * The software inventory as an editable table. On a phone each row becomes a small card
 * (the same table--cards styling as the lists), so nothing scrolls sideways.
 */
export function SoftwareEditor({ rows, onChange, errors }: Props) {
  const t = useT();
  const labels: Record<(typeof COLS)[number], string> = {
    vendor: t('software.vendor'),
    product: t('software.product'),
    version: t('software.version'),
    cpe: t('software.cpe'),
  };
  const update = (i: number, col: (typeof COLS)[number], v: string) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, [col]: col === 'vendor' || col === 'product' ? v : v === '' ? null : v } : r)));
  const remove = (i: number) => onChange(rows.filter((_, j) => j !== i));
  const add = () => onChange([...rows, { vendor: '', product: '', version: null, cpe: null }]);

  return (
    <fieldset className="fieldset span-2" data-testid="software-editor">
      <legend>{t('software.title')}</legend>
      {errors[''] && <p className="field__error">{translateServerMessage(t, errors[''])}</p>}
      {rows.length > 0 && (
        <table className="table table--cards table--compact">
          <TableHead columns={COLS.map((c) => labels[c])} actions />
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {COLS.map((c) => {
                  const err = errors[`${i}/${c}`];
                  return (
                    <td key={c} data-label={labels[c]}>
                      <input
                        aria-label={`${labels[c]} #${i + 1}`}
                        value={r[c] ?? ''}
                        onChange={(e) => update(i, c, e.target.value)}
                        aria-invalid={err ? true : undefined}
                        placeholder={c === 'cpe' ? 'cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*' : undefined}
                        spellCheck={false}
                        required={c === 'vendor' || c === 'product'}
                      />
                      {err && <span className="field__error">{translateServerMessage(t, err)}</span>}
                    </td>
                  );
                })}
                <td className="cell-actions">
                  <button type="button" className="btn btn--small btn--ghost" onClick={() => remove(i)} aria-label={t('software.remove', { n: i + 1 })}>
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" className="btn btn--small" onClick={add}>
        + {t('software.add')}
      </button>
    </fieldset>
  );
}
