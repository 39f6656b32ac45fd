import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';

interface Props {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Buttons along the bottom; the close button in the corner is always there. */
  footer?: ReactNode;
  wide?: boolean;
  testId?: string;
}

/**
 * A modal on the native <dialog>: the browser traps focus, closes on Escape and restores
 * focus afterwards, which hand-rolled modals rarely get right.
 */
export function Dialog({ title, onClose, children, footer, wide, testId }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const t = useT();
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (!el.open) el.showModal();
    const onCancel = (e: Event) => {
      e.preventDefault();
      closeRef.current();
    };
    el.addEventListener('cancel', onCancel);
    return () => {
      el.removeEventListener('cancel', onCancel);
      if (el.open) el.close();
    };
  }, []);

  return (
    <dialog ref={ref} className={`dialog${wide ? ' dialog--wide' : ''}`} aria-labelledby={titleId} data-testid={testId}>
      <div className="dialog__header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="btn btn--icon" onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </div>
      <div className="dialog__body">{children}</div>
      {footer && <div className="dialog__footer">{footer}</div>}
    </dialog>
  );
}
