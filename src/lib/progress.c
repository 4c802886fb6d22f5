/* Progress lines (see progress.h). */
#include "lib/progress.h"

#include <stdio.h>
#include <unistd.h>

#include "lib/msg.h"

/* Progress: one in-place line on a terminal, else one line per phase. */
static const char *cur_phase;
static int line_open;

void progress_phase(const char *phase)
{
	progress_done();
	cur_phase = phase;
	if (isatty(2)) {
		fprintf(stderr, "%s: %s ...", argv0, phase);
		line_open = 1;
	} else {
		fprintf(stderr, "%s: %s\n", argv0, phase);
	}
}

void progress_percent(int pct)
{
	if (!cur_phase || !isatty(2))
		return;
	if (pct > 100)
		pct = 100;
	fprintf(stderr, "\r\033[K%s: %s ... %3d%%", argv0, cur_phase, pct);
	line_open = 1;
}

void progress_done(void)
{
	if (line_open) {
		fputc('\n', stderr);
		line_open = 0;
	}
	cur_phase = NULL;
}
