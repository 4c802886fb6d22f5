/* Progress reporting: on a terminal one line rewritten in place with a
 * percentage, otherwise one line per phase. */
#ifndef SL_LIB_PROGRESS_H
#define SL_LIB_PROGRESS_H

void progress_phase(const char *phase);
void progress_percent(int pct);
void progress_done(void);

#endif
