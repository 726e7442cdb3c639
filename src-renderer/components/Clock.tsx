import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTimeMsk, formatTimeMsk } from '../lib/format';

/** Moscow wall clock for the top bar; ticks on the minute boundary. */
export function Clock() {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const d = new Date();
      setNow(d);
      timer = setTimeout(tick, 60_000 - (d.getTime() % 60_000) + 50);
    };
    timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
    return () => clearTimeout(timer);
  }, []);
  return (
    <time className="clock" dateTime={now.toISOString()} title={`${t('topbar.clock')}: ${formatDateTimeMsk(now)}`} data-testid="clock">
      <span className="clock-time">{formatTimeMsk(now)}</span> <span className="clock-zone">{t('topbar.zone')}</span>
    </time>
  );
}
