/* The phases of a build and the time each took (slither build
 * --timings): each layer names its phases as it enters them; the report
 * lists them in order, with the total. */
#ifndef SL_LINK_TIMING_H
#define SL_LINK_TIMING_H

/* End the current phase (if any) and start the phase `name`, which must
 * live until timing_report() (a literal, or text never freed). */
void timing_phase(const char *name);

/* End the current phase; print each phase's wall time and the total to
 * stderr, one line each. */
void timing_report(void);

#endif
