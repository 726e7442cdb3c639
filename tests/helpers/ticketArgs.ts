/**
 * The args of a plain `ticket.create` as the console's form sends them: a question with no
 * contract, call, serial or links. Console-side tests and the sync benchmark write tickets with it,
 * so a change to the mutator's args is made in one place.
 */
import { uuidv7 } from '../../src-shared/ids';
import type { MutationArgs } from '../../src-shared/mutators/index';

export function newTicketArgs(subject = 'Вопрос', id: string = uuidv7(), over: Partial<MutationArgs<'ticket.create'>> = {}): MutationArgs<'ticket.create'> {
  return { id, type: 'question', subject, contractNo: null, phone: null, serial: null, description: '', callId: null, relatedTo: [], ...over };
}
