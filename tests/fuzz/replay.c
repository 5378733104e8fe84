/*
** replay.c - runs a libFuzzer target's LLVMFuzzerTestOneInput on files
** given on the command line, without libFuzzer, so that the regression
** inputs (tests/data/fuzz_regressions/) and the malformed corpus
** (tests/data/bad/) are replayed by ctest in every build, including the
** ASan+UBSan one.  Directories are walked one level deep.
*/
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return 1;
	}
	size_t cap = 4096, len = 0;
	uint8_t *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap) {
			uint8_t *p = realloc(buf, cap * 2);
			if (!p) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = p;
			cap *= 2;
		}
	}
	fclose(f);
	if (!buf) {
		fprintf(stderr, "replay: out of memory reading %s\n", path);
		return 1;
	}
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	int bad = 0, n = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: cannot stat %s\n", argv[i]);
			bad = 1;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad |= replay_file(argv[i]);
			n++;
			continue;
		}
		DIR *dir = opendir(argv[i]);
		if (!dir) {
			bad = 1;
			continue;
		}
		char **names = NULL;
		size_t nn = 0, cap = 0;
		struct dirent *e;
		while ((e = readdir(dir)) != NULL) {
			size_t l = strlen(e->d_name);
			if (e->d_name[0] == '.' || (l > 7 && strcmp(e->d_name + l - 7, ".expect") == 0) ||
			    strncmp(e->d_name, "README", 6) == 0)
				continue;
			if (nn == cap) {
				cap = cap ? cap * 2 : 64;
				char **p = realloc(names, cap * sizeof *names);
				if (!p)
					return 1;
				names = p;
			}
			size_t pl = strlen(argv[i]) + l + 2;
			names[nn] = malloc(pl);
			if (!names[nn])
				return 1;
			snprintf(names[nn], pl, "%s/%s", argv[i], e->d_name);
			nn++;
		}
		closedir(dir);
		if (nn > 1)
			qsort(names, nn, sizeof *names, cmp);
		for (size_t k = 0; k < nn; k++) {
			struct stat fs;
			if (stat(names[k], &fs) == 0 && S_ISREG(fs.st_mode)) {
				bad |= replay_file(names[k]);
				n++;
			}
			free(names[k]);
		}
		free(names);
	}
	printf("replayed %d inputs\n", n);
	return bad;
}
