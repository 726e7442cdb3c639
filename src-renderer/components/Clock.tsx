import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTimeMsk, formatTimeMsk } from '../lib/format';
import { useHostOffset } from '../lib/hostClock';

/**
 * Moscow wall clock for the top bar, on the host's time (the one SLA clocks and slots are counted
 * on; lib/hostClock.ts); ticks on the minute boundary.
 */
export function Clock() {
  const { t } = useTranslation();
  const offset = useHostOffset();
  const [local, setLocal] = useState(() => Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const n = Date.now();
      setLocal(n);
      const host = n + offset;
      timer = setTimeout(tick, 60_000 - (((host % 60_000) + 60_000) % 60_000) + 50);
    };
    tick();
    return () => clearTimeout(timer);
  }, [offset]);
  const now = new Date(local + offset);
  return (
    <time className="clock" dateTime={now.toISOString()} title={`${t('topbar.clock')}: ${formatDateTimeMsk(now)}`} data-testid="clock">
      <span className="clock-time">{formatTimeMsk(now)}</span> <span className="clock-zone">{t('topbar.zone')}</span>
    </time>
  );
}
