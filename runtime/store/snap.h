/* Snappy raw format (github.com/google/snappy format_description.txt), the codec of
 * Parquet pages Spark and Sluice write by default. Written out here so the binary needs
 * no libsnappy, whose C++ runtime (libstdc++, ~5000 relocations) every run paid for. */
#ifndef SLUICE_SNAP_H
#define SLUICE_SNAP_H

#include <stddef.h>

/* Upper bound on the compressed size of n bytes (snappy's own bound). */
size_t snap_max_compressed_length(size_t n);
/* Compress n bytes (n < 4 GiB) into dst of capacity snap_max_compressed_length(n).
 * Returns the compressed size, or 0 when n is too large or dst too small. */
size_t snap_compress(const void *src, size_t n, void *dst, size_t cap);
/* The uncompressed length a stream declares in its preamble. 0 ok, -1 malformed. */
int snap_uncompressed_length(const void *src, size_t n, size_t *len);
/* Decompress into exactly out_len bytes. 0 ok; -1 when the stream is malformed, reads
 * out of its bounds or does not produce exactly out_len bytes. */
int snap_decompress(const void *src, size_t n, void *dst, size_t out_len);

#endif
