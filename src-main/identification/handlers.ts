/** The identification channels: the contract + surname check and the money-question redirects. */
import type { ChannelsOf, Handlers } from '../ipc/dispatch';
import type { RedirectsService } from './redirects';
import type { VerificationService } from './verify';

type IdentificationChannel = ChannelsOf<'identification'>;

export function createIdentificationHandlers(deps: { verification: VerificationService; redirects: RedirectsService }): Pick<Handlers, IdentificationChannel> {
  const { verification, redirects } = deps;
  return {
    'identification:verify': (input) => verification.verify(input),
    'identification:moneyQuestion': (input) => redirects.record(input),
    'identification:redirects': ({ contractId }) => redirects.list(contractId),
  };
}
