/*
** fuzz_common.h - shared by the fuzz targets.
**
** A valid file may name up to 10 million processes, and the loader interns
** every NAME_1..NAME_N name: such a file takes seconds and hundreds of MiB
** to load (more under ASan), which libFuzzer would report as a timeout or
** out-of-memory.  The targets therefore skip inputs whose "count" values
** add up to more than FUZZ_MAX_COUNT_TOTAL (a textual scan, before
** loading); the process limit itself is tested by tests/data/bad/huge_*.
*/
#ifndef BEAMSIM_FUZZ_COMMON_H
#define BEAMSIM_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_MAX_COUNT_TOTAL 100000.0

/* True when the numbers after every `count"` key of the input add up to
** at most FUZZ_MAX_COUNT_TOTAL. */
static inline bool fuzz_counts_small(const uint8_t *data, size_t size)
{
	static const char key[] = "count\"";
	const size_t klen = sizeof key - 1;
	double total = 0;
	for (size_t i = 0; i + klen <= size; i++) {
		if (data[i] != 'c' || memcmp(data + i, key, klen) != 0)
			continue;
		size_t j = i + klen;
		while (j < size && (data[j] == ' ' || data[j] == '\t' || data[j] == '\n' ||
		                    data[j] == '\r' || data[j] == ':'))
			j++;
		char num[64];
		size_t n = 0;
		while (j < size && n + 1 < sizeof num &&
		       (data[j] == '-' || data[j] == '+' || data[j] == '.' || data[j] == 'e' ||
		        data[j] == 'E' || (data[j] >= '0' && data[j] <= '9')))
			num[n++] = (char)data[j++];
		num[n] = '\0';
		if (n == 0)
			continue;
		double v = strtod(num, NULL);
		if (!(v <= FUZZ_MAX_COUNT_TOTAL))   /* also NaN, inf */
			return false;
		if (v > 0)
			total += v;
		if (total > FUZZ_MAX_COUNT_TOTAL)
			return false;
	}
	return true;
}

#endif
