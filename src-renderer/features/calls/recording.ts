import type { DeskProfile } from '../../../src-shared/domain/deskProfile';

/**
 * R-CALL-REC: desk 001 records its calls for quality control and the caller is told so; desk 004
 * states the opposite. The desk profile has no recording setting yet, so the notice follows the
 * profile's seed (an admin's copy of the 001 preset keeps seed '001').
 */
export function recordsCalls(profile: Pick<DeskProfile, 'seed'> | null): boolean {
  return profile?.seed === '001';
}
