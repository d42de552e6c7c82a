// The product's vocabulary as values: what a comment's status, channel and decision can be, and
// where a unit stands on a roster. The database stores these words; the pure cores (the report
// builder, the mail understanding) and the views speak them too, without knowing the database.

export type CommentStatus = 'pending' | 'published' | 'hidden' | 'spam';
export type CommentChannel = 'web' | 'email' | 'offline';
/** How an offline comment came in: a letter, a telephone call, a meeting. */
export type OfflineKind = 'letter' | 'phone' | 'meeting' | 'other';
/** 处理情况: 采纳 / 部分采纳 / 不采纳 / 已解释说明. */
export type Decision = 'adopted' | 'partly_adopted' | 'not_adopted' | 'explained';
/** Why a unit is on a consultation's roster: named as lead or support in the draft, or added. */
export type RosterRole = 'lead' | 'support' | 'added';
/** What a rostered unit said: nothing yet, comments, or 无意见. */
export type UnitResponse = 'none' | 'comments' | 'no_comments';
