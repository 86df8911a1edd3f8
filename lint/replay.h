/* Replay: applies SQL changes to a model in order, filling in what each change touched before
 * (existing or new, the old type, the old declaration). Rules then judge the annotated changes. */
#ifndef SG_REPLAY_H
#define SG_REPLAY_H

#include "change.h"
#include "model.h"

/** Applies ch to m and annotates ch (existing, column, old_type, related, count). */
void sg_replay_apply(sg_model *m, sg_change *ch);

#endif
