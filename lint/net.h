/* Net effect: what one change set (a migration, or every new migration together) does as a
 * whole, rather than statement by statement. Rules then judge the annotated changes. */
#ifndef SG_NET_H
#define SG_NET_H

#include "arena.h"
#include "change.h"

/**
 * Analyses a replayed change set, in statement order, in place:
 * - marks `quiet` what loses nothing as a whole: a DROP COLUMN whose data an earlier UPDATE
 *   copied into another column (SET new = old), a DROP TABLE whose rows an INSERT ... SELECT
 *   copied, the UPDATE of such a copy step or of a backfill (columns added in the change,
 *   COALESCE(col, ...)), a SET NOT NULL after a backfill or a SET DEFAULT of that column (or on
 *   a column already NOT NULL), and every step of an enum recreated under its own name;
 * - links with `partner` a DROP TABLE and the CREATE TABLE that recreates the table;
 * - appends synthetic changes: SG_CHANGE_DROP_ENUM_VALUE for the values an enum recreated under
 *   its own name lost (at the CREATE TYPE of the replacement), SG_CHANGE_PROBABLE_RENAME_COLUMN
 *   for an existing column dropped while a compatible one is added to the same table with no
 *   copy step (at the DROP COLUMN; partner = that DROP COLUMN, and the other way round).
 * Preconditions: every change went through sg_replay_apply (existing, column, old_type filled).
 * New changes and list growth are allocated from a.
 */
void sg_net_analyze(sg_change_list *changes, sg_arena *a);

#endif
