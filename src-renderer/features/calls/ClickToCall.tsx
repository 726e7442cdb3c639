import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../../src-shared/domain/phone';
import { ErrorText } from '../../components/ErrorText';
import { useAccount, useSipStatus } from '../softphone/queries';
import { useCallActions } from './actions';

/** The contract's phones on the caller card, each with a call button when the softphone is on line. */
export function ClickToCall({ phones, contractNo }: { readonly phones: readonly string[]; readonly contractNo: string }) {
  const { t } = useTranslation();
  const configured = (useAccount().data?.account ?? null) !== null;
  const registered = useSipStatus().data?.state === 'registered';
  const actions = useCallActions();
  if (!configured) return <>{phones.map(formatPhone).join(', ')}</>;
  return (
    <span className="phones">
      {phones.map((p, i) => (
        <Fragment key={p}>
          {i > 0 ? ', ' : null}
          <span className="phone-item">
            {formatPhone(p)}
            <button
              type="button"
              className="btn btn-small btn-call"
              disabled={!registered || actions.pending}
              onClick={() => actions.dial(p, contractNo)}
              title={`${t('call.dial')} ${formatPhone(p)}`}
              aria-label={`${t('call.dial')} ${formatPhone(p)}`}
              data-testid="click-to-call"
              data-phone={p}
            >
              ✆
            </button>
          </span>
        </Fragment>
      ))}
      {actions.error ? <ErrorText error={actions.error} /> : null}
    </span>
  );
}
