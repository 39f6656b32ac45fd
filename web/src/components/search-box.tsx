import { useEffect, useId, useState } from 'react';
import { useDebounced } from '../lib/use-debounced.ts';

interface Props {
  value: string;
  onSearch(q: string): void;
  label: string;
  placeholder?: string;
  testId?: string;
  /** id of a <datalist> with suggestions */
  list?: string;
  /** The main search of a page spans two filter columns; secondary ones take one. */
  wide?: boolean;
}

/** A search input that reports after typing pauses, and follows outside changes (back button). */
export function SearchBox({ value, onSearch, label, placeholder, testId, list, wide = true }: Props) {
  const id = useId();
  const [text, setText] = useState(value);
  const debounced = useDebounced(text, 350);

  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (debounced.trim() !== value) onSearch(debounced.trim());
    // Only a settled change of the text should search; `value` catching up must not re-trigger.
  }, [debounced]);

  return (
    <div className={`field${wide ? ' field--search' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="search" value={text} placeholder={placeholder} list={list} spellCheck={false} onChange={(e) => setText(e.target.value)} data-testid={testId} />
    </div>
  );
}
