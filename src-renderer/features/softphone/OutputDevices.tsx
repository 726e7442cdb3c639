import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mediaErrorText } from '../../lib/inputIssue';
import { listOutputDevices, outputPrefs, setOutputPrefs, type OutputDevice, type OutputPrefs } from '../../media/devices';
import { ringTone, useMicState } from '../../media/useMediaEngine';

/** Ring and voice output devices of this workstation (localStorage), and the microphone's state. */
export function OutputDevices() {
  const { t } = useTranslation();
  const [devices, setDevices] = useState<OutputDevice[]>([]);
  const [prefs, setPrefs] = useState<OutputPrefs>(outputPrefs);
  const mic = useMicState();
  useEffect(() => {
    let live = true;
    const load = () =>
      listOutputDevices().then(
        (d) => live && setDevices(d),
        (err: unknown) => console.warn('cannot list audio outputs', err),
      );
    void load();
    navigator.mediaDevices?.addEventListener('devicechange', load);
    return () => {
      live = false;
      navigator.mediaDevices?.removeEventListener('devicechange', load);
    };
  }, [mic.kind]); // labels appear once the microphone permission is granted
  const change = (k: keyof OutputPrefs, v: string) => {
    const next = { ...prefs, [k]: v === '' ? null : v };
    setPrefs(next);
    setOutputPrefs(next);
  };
  const options = devices
    .filter((d) => d.deviceId !== 'default' && d.deviceId !== '')
    .map((d, i) => (
      <option key={d.deviceId} value={d.deviceId}>
        {d.label || t('phoneSettings.unnamedDevice', { n: i + 1 })}
      </option>
    ));
  const select = (k: keyof OutputPrefs) => (
    <label className="field">
      <span className="field-label">{t(k === 'ring' ? 'phoneSettings.ringDevice' : 'phoneSettings.voiceDevice')}</span>
      <select className="input" value={prefs[k] ?? ''} onChange={(e) => change(k, e.target.value)} data-testid={`phone-${k}-device`}>
        <option value="">{t('phoneSettings.defaultDevice')}</option>
        {options}
      </select>
    </label>
  );
  const micText =
    mic.kind === 'ready'
      ? t('phoneSettings.micReady', { label: mic.label })
      : mic.kind === 'failed'
        ? t('phoneSettings.micFailed', { detail: mediaErrorText(mic.name, t) })
        : mic.kind === 'starting'
          ? t('phoneSettings.micStarting')
          : t('phoneSettings.micOff');
  return (
    <fieldset className="fs devices">
      <legend>{t('phoneSettings.devicesTitle')}</legend>
      <div className="phone-grid">
        {select('ring')}
        {select('voice')}
      </div>
      <div className="row devices-row">
        <button type="button" className="btn" onClick={() => ringTone().test(2500)} data-testid="phone-test-ring">
          ♪ {t('phoneSettings.testRing')}
        </button>
        <span className={mic.kind === 'failed' ? 'error-text' : 'hint'} data-testid="phone-mic">
          {t('phoneSettings.mic')}: {micText}
        </span>
      </div>
    </fieldset>
  );
}
