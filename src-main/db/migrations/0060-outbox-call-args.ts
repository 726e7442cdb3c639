import type { Migration } from './types';

/**
 * The call log's mutations got an `apply` and domain-shaped args. `call.offered` used to
 * store the SQLite row (snake_case, `verified: 0|1`, the later columns all null); pending outbox
 * rows are rewritten to the new shape so the sync never meets two shapes of one mutation. The other
 * call.* mutations and redirect.record kept their args. The mapping is spelled out here, not taken
 * from the live schema, so this migration means the same thing in every later version.
 */
type OldOffered = {
  id: string;
  sip_call_id: string | null;
  direction: 'inbound' | 'outbound';
  remote_number: string;
  remote_name: string | null;
  line: string | null;
  offered_at: string;
  operator: string | null;
  contract_no: string | null;
  verified: 0 | 1;
};

export const migration0060: Migration = {
  version: 60,
  name: 'outbox call.offered args in the domain shape',
  up(db) {
    const rows = db.prepare<[], { client_seq: number; args: string }>("SELECT client_seq, args FROM outbox WHERE name = 'call.offered'").all();
    const update = db.prepare<[string, number]>('UPDATE outbox SET args = ? WHERE client_seq = ?');
    for (const r of rows) {
      const old = JSON.parse(r.args) as Partial<OldOffered>;
      if (!('remote_number' in old)) continue; // already the new shape
      // answered_at … escalated_at were always null at the offer; the later call.* rows carry them.
      const args = {
        id: old.id,
        sipCallId: old.sip_call_id ?? null,
        direction: old.direction,
        remoteNumber: old.remote_number,
        remoteName: old.remote_name ?? null,
        line: old.line ?? null,
        offeredAt: old.offered_at,
        operator: old.operator ?? null,
        contractNo: old.contract_no ?? null,
        verified: old.verified === 1,
      };
      update.run(JSON.stringify(args), r.client_seq);
    }
  },
};
