/**
 * What a new ticket, visit or claim starts with: the identified caller (the live call's contract
 * and number, else the contract open in the caller card). Read from react-query's cache at the
 * moment the form opens; the operator edits from there.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { Contract } from '../../src-shared/ipc/contract';
import { useAppUi } from './appUi';
import { cachedActiveCall } from './liveCall';
import { directoryKeys } from './queryKeys';

export type CallerContext = {
  readonly callId: string | null;
  readonly contractNo: string | null;
  readonly holderName: string | null;
  readonly phone: string | null;
  readonly serial: string | null;
  readonly address: string | null;
};

export function callerContext(qc: QueryClient): CallerContext {
  const live = cachedActiveCall(qc);
  const id = useAppUi.getState().selectedContractId;
  const open = id === null ? undefined : qc.getQueryData<Contract>(directoryKeys.contract(id));
  // The call's contract wins; the open card fills in when it is the same contract or the call has none.
  const contract = open && (!live?.contractNo || live.contractNo === open.contractNo) ? open : undefined;
  const phone = live && /^\+\d{8,15}$/.test(live.remoteNumber) ? live.remoteNumber : (contract?.phones[0] ?? null);
  return {
    callId: live?.id ?? null,
    contractNo: live?.contractNo ?? contract?.contractNo ?? null,
    holderName: contract?.holderName ?? null,
    phone,
    serial: contract?.devices[0] ?? null,
    address: contract?.address ?? null,
  };
}
