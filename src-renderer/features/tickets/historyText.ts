/**
 * R-TKT-HISTORY in words: every event kind of a ticket's history as one line the next specialist
 * can read ("Статус: Новая → В работе"), with its detail. Pure; unit-tested with a fake `t`.
 * `data` is kind-specific and loosely typed in the contract, so fields are read defensively: an
 * unexpected shape still renders the kind's sentence, never "undefined", and a code without a
 * label (a status from a newer version) is shown as is, never as a key path.
 */
import type { TicketEvent } from '../../../src-shared/ipc/ticketSchemas';
import { formatDateTimeMsk, formatTimeMsk } from '../../lib/format';
import { ru } from '../../i18n/ru';
import { hasKey, type Translate } from '../../i18n/types';
import { formatWorkingDuration } from '../sla/sla';
import type { Locale } from '../../../src-shared/domain/values';

export type EventText = { readonly title: string; readonly detail: string | null };

const str = (d: Record<string, unknown>, ...keys: string[]): string | null => {
  for (const k of keys) {
    const v = d[k];
    if (typeof v === 'string' && v.trim() !== '') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return null;
};
const num = (d: Record<string, unknown>, ...keys: string[]): number | null => {
  for (const k of keys) {
    const v = d[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
};
/** An instant in event data: epoch ms (as the mutators record it) or an ISO string. */
const instant = (d: Record<string, unknown>, ...keys: string[]): Date | null => {
  for (const k of keys) {
    const v = d[k];
    if (typeof v === 'number' && Number.isFinite(v)) return new Date(v);
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) && Number.isFinite(Date.parse(v))) return new Date(v);
  }
  return null;
};

/** A window "24.11.2026 13:00–15:00" from two instants. */
export function windowText(from: Date | null, to: Date | null): string | null {
  if (!from) return null;
  return to ? `${formatDateTimeMsk(from)}–${formatTimeMsk(to)}` : formatDateTimeMsk(from);
}

const statusText = (t: Translate, v: string): string => (hasKey(ru.ticket.status, v) ? t(`ticket.status.${v}`) : v);
const typeText = (t: Translate, v: string): string => (hasKey(ru.ticket.type, v) ? t(`ticket.type.${v}`) : v);
const channelText = (t: Translate, v: string): string => (hasKey(ru.ticket.channel, v) ? t(`ticket.channel.${v}`) : v);

/** A field value in words: statuses, priorities and types by their labels, the rest as is. */
function valueText(t: Translate, field: string | null, v: unknown): string {
  if (v === null || v === undefined || v === '') return t('history.empty');
  if (field === 'priority' && (typeof v === 'number' || typeof v === 'string')) return hasKey(ru.ticket.prio, v) ? t(`ticket.prio.${v}`) : String(v);
  if (field === 'status' && typeof v === 'string') return statusText(t, v);
  if (field === 'type' && typeof v === 'string') return typeText(t, v);
  if (field === 'assignee' && typeof v === 'string') return v;
  if (typeof v === 'string') return v.length > 120 ? `${v.slice(0, 117)}…` : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // The structured problem form (R-TKT-FORM) changes as a whole.
    if ('doing' in o || 'expected' in o || 'actual' in o) return t('history.formValue');
  }
  return t('history.changed');
}

/**
 * A queue's name for the screen from its id (`support-2` → «Техподдержка, 2-я линия»); null when
 * unknown. Ids are the program's, never shown to the operator.
 */
export type QueueName = (id: string) => string | null;

export function describeEvent(e: Pick<TicketEvent, 'kind' | 'data'>, t: Translate, locale: Locale = 'ru', queueName: QueueName = () => null): EventText {
  const d = e.data;
  const minutes = (m: number | null) => (m === null || m <= 0 ? null : formatWorkingDuration(m * 60_000, locale));
  switch (e.kind) {
    case 'created': {
      const channel = str(d, 'channel');
      const type = str(d, 'type');
      return {
        title: t('history.created', { type: type ? typeText(t, type) : '', channel: channel ? channelText(t, channel) : '' })
          .replace(/\s+·\s*$/, '')
          .trim(),
        detail: null,
      };
    }
    case 'status': {
      const from = str(d, 'from');
      const to = str(d, 'to');
      const effect = str(d, 'sla');
      const missing = num(d, 'slaMissingYear');
      const notes = [
        effect && hasKey(ru.history.slaEffect, effect) ? t(`history.slaEffect.${effect}`) : '',
        missing !== null ? t('history.slaMissing', { year: missing }) : '',
      ].filter((x) => x !== '');
      return {
        title:
          t('history.status', { from: from ? statusText(t, from) : '—', to: to ? statusText(t, to) : '—' }) + (notes.length ? ` · ${notes.join(' · ')}` : ''),
        detail: str(d, 'reason'),
      };
    }
    case 'field': {
      const field = str(d, 'field');
      return {
        title: t('history.field', {
          field: field ? (hasKey(ru.history.fieldName, field) ? t(`history.fieldName.${field}`) : field) : t('history.fieldUnknown'),
          from: valueText(t, field, d.from),
          to: valueText(t, field, d.to),
        }),
        detail: null,
      };
    }
    case 'comment':
      return { title: t('history.comment'), detail: str(d, 'text') };
    case 'follow-up': {
      const channel = str(d, 'channel');
      return { title: channel ? t('history.followUpVia', { channel: channelText(t, channel) }) : t('history.followUp'), detail: str(d, 'text') };
    }
    case 'call-linked': {
      const number = str(d, 'remoteNumber', 'phone');
      return { title: number ? t('history.callLinkedNumber', { number }) : t('history.callLinked'), detail: null };
    }
    case 'assigned': {
      const to = str(d, 'to', 'assignee');
      return { title: to ? t('history.assigned', { to }) : t('history.unassigned'), detail: null };
    }
    case 'handoff': {
      // The queue's name where this window knows it, else the department; never the id. The
      // sentence is «Передана: …» so the name needs no case («Передана в Техническая поддержка»).
      const id = str(d, 'toQueue', 'queueId');
      const queue = (id !== null ? queueName(id) : null) ?? str(d, 'toDepartment');
      const ext = minutes(num(d, 'extendMinutes', 'minutes'));
      return {
        title: t('history.handoff', { queue: queue ?? '—' }) + (ext ? ` · ${t('history.extendedBy', { time: ext })}` : ''),
        detail: str(d, 'reason'),
      };
    }
    case 'sla-extended': {
      const ext = minutes(num(d, 'minutes', 'extendMinutes'));
      return { title: ext ? t('history.slaExtended', { time: ext }) : t('history.slaExtendedPlain'), detail: str(d, 'reason') };
    }
    case 'attachment':
      return { title: t('history.attachment', { name: str(d, 'name') ?? '—' }), detail: null };
    case 'notified': {
      const via = str(d, 'via');
      return {
        title: via ? t('history.notifiedVia', { via: hasKey(ru.ticket.notifyVia, via) ? t(`ticket.notifyVia.${via}`) : via }) : t('history.notified'),
        detail: null,
      };
    }
    case 'duplicate-linked': {
      const number = str(d, 'number', 'relatedNumber', 'ticketNumber');
      return { title: number ? t('history.duplicateLinked', { number }) : t('history.duplicateLinkedPlain'), detail: null };
    }
    case 'visit-booked': {
      const w = windowText(instant(d, 'etaFrom', 'slotStart'), instant(d, 'etaTo', 'slotEnd'));
      return { title: w ? t('history.visitBooked', { window: w }) : t('history.visitBookedPlain'), detail: null };
    }
    case 'visit-moved': {
      const from = windowText(instant(d, 'from', 'fromStart'), null);
      const to = windowText(instant(d, 'etaFrom', 'to', 'toStart'), instant(d, 'etaTo'));
      const by = str(d, 'byTicket');
      return {
        title: t('history.visitMoved', { from: from ?? '—', to: to ?? '—' }),
        detail: by ? t('history.visitMovedBy', { number: by }) : str(d, 'reason'),
      };
    }
    case 'visit-status': {
      const status = str(d, 'to', 'status');
      return {
        title: t('history.visitStatus', { status: status ? (hasKey(ru.visits.status, status) ? t(`visits.status.${status}`) : status) : '—' }),
        detail: str(d, 'reason'),
      };
    }
    case 'visit-cancelled': {
      const w = windowText(instant(d, 'slotStart'), null);
      const title = d.billable === true ? t('history.visitCancelledBillable') : t('history.visitCancelled');
      return { title: w ? `${title} · ${w}` : title, detail: str(d, 'reason') };
    }
    case 'visit-assigned': {
      const w = windowText(instant(d, 'slotStart'), null);
      const name = str(d, 'technician');
      if (d.technicianId === null || d.technicianId === undefined)
        return { title: w ? t('history.visitUnassigned', { window: w }) : t('history.visitUnassignedPlain'), detail: null };
      return { title: w ? t('history.visitAssigned', { window: w, name: name ?? '—' }) : t('history.visitAssignedPlain', { name: name ?? '—' }), detail: null };
    }
    case 'act': {
      const by = str(d, 'signedBy', 'by');
      return { title: str(d, 'status') === 'refused' ? t('history.actRefused', { by: by ?? '—' }) : t('history.actSigned', { by: by ?? '—' }), detail: null };
    }
    case 'claim-answered':
      return { title: t('history.claimAnswered'), detail: str(d, 'answer', 'text') };
    case 'verdict-override': {
      // The checks the operator overrode, in their words, and the reason they typed.
      const checks = (Array.isArray(d.checks) ? d.checks : [])
        .filter((c): c is string => typeof c === 'string')
        .map((c) => (hasKey(ru.verdict.check, c) ? t(`verdict.check.${c}`) : c))
        .join('; ');
      return { title: t('history.verdictOverride', { checks: checks || '—' }), detail: str(d, 'reason') };
    }
    case 'renumbered': {
      const from = str(d, 'from');
      return { title: t('history.renumbered', { from: from ?? '—', to: str(d, 'to') ?? '—' }), detail: from ? t('history.renumberedDetail', { from }) : null };
    }
    default:
      return assertNever(e.kind);
  }
}

function assertNever(x: never): never {
  throw new Error(`unexpected history event ${String(x)}`);
}
