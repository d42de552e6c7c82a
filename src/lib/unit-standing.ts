// Where a unit asked for its opinion stands, from its roster entry and the comments it sent: one
// rule for the department board, the roster and the feedback report.
import type { UnitResponse } from './vocabulary.ts';

/**
 * `opinions` are the unit's comments that count (spam and what an officer marked as not an
 * opinion left out), `notOpinions` those an officer marked as not an opinion.
 *
 * - Any opinion makes it a unit that replied with comments, whatever its roster entry says (an
 *   opinion stored by an officer's offline entry, a 无意见 on the rest of the draft beside
 *   opinions: 「其他无意见」 with comments is a reply with comments).
 * - A unit that wrote, but whose every comment was marked as not an opinion (a receipt, a
 *   signature), answered without an opinion: 无意见, as one that wrote 无意见.
 * - A roster entry saying "comments" with no comment stored at all stands (set by hand).
 */
export function unitStanding(response: UnitResponse, opinions: number, notOpinions: number): UnitResponse {
  if (opinions > 0) return 'comments';
  if (response === 'comments') return notOpinions > 0 ? 'no_comments' : 'comments';
  if (response === 'no_comments' || notOpinions > 0) return 'no_comments';
  return 'none';
}
