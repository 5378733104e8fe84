/*
** settings.h - what the window remembers between runs: the view (V,
** lanes / sequence / both), in a small text file of "key = value" lines,
** $XDG_CONFIG_HOME/beamsim/gui.conf (the XDG Base Directory rule: when
** XDG_CONFIG_HOME is unset, empty or not absolute, $HOME/.config).
**
** Only the window reads and writes it: --screenshot and --gif never do
** (the same command makes the same bytes everywhere), and `--view` on the
** command line wins over it.  A missing file is no error; a bad line is
** reported with its file:line:column and the other lines still count.
** No SDL here.
*/
#ifndef BEAMSIM_GUI_SETTINGS_H
#define BEAMSIM_GUI_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

struct settings {
	int view;                  /* enum render_mode */
};

/* The settings file's path into buf; false when neither XDG_CONFIG_HOME
** nor HOME gives one (or it does not fit). */
bool settings_path(char *buf, size_t size);
/* Reads path into s (what the file lacks keeps its value).  Returns 1
** (read), 0 (no such file) or -1 with a message in err: a line it could not
** read (its other lines are read) or a file that cannot be read. */
int settings_load(const char *path, struct settings *s, char *err, size_t errsize);
/* Writes s to path (a temporary file renamed over it), making its
** directory (0700) and the parent if missing.  0, or -1 with a message. */
int settings_save(const char *path, const struct settings *s, char *err, size_t errsize);

/* The view a window starts in: `view` when given (--view), else the
** file's at path (path NULL, or no view in the file: `view`).  *in_file:
** the file's view, -1 when it has none.  A bad file: a message on stderr. */
int settings_start_view(const char *path, int view, bool given, int *in_file);
/* When the window closes: writes view to path unless it is in_file
** already (no file, in_file -1: unless it is the default, lanes).  A failure: a message on stderr (the window closes anyway). */
void settings_end_view(const char *path, int view, int in_file);

#endif
