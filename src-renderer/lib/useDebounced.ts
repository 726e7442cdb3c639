import { useEffect, useState } from 'react';

/** The value, `ms` after it stopped changing (type-ahead search waits ~150 ms). */
export function useDebounced<T>(value: T, ms: number): readonly [T, (v: T) => void] {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return [debounced, setDebounced] as const;
}
