/* Page codecs for Parquet (storage-format.md section 6): one call to compress
 * and one to decompress to an exactly known size. Codec ids are Parquet's
 * CompressionCodec values (PqCodec plus the read-only deprecated LZ4 = 5). */
#ifndef SLUICE_COMPRESS_H
#define SLUICE_COMPRESS_H

#include <stddef.h>
#include <stdint.h>

enum { CODEC_LZ4_HADOOP = 5 }; // deprecated LZ4 with Hadoop framing; read only

/* Upper bound on the compressed size of n bytes; 0 for an unknown codec. */
size_t codec_bound(int codec, size_t n);
/* Compress src into dst (capacity codec_bound). Returns the size, or 0 on failure. */
size_t codec_compress(int codec, const void *src, size_t n, void *dst, size_t cap);
/* Decompress exactly out_len bytes. 0 ok; -1 with a static message in *err
 * (corrupt data, wrong size, unsupported codec). */
int codec_decompress(int codec, const void *src, size_t n, void *dst, size_t out_len,
                     const char **err);
/* Largest size src could decompress to (SIZE_MAX when the codec cannot say), so a
 * lying page header is refused before its buffer is allocated. */
size_t codec_max_output(int codec, const void *src, size_t n);
const char *codec_upper_name(int codec); // "SNAPPY", "BROTLI", ... for messages

#endif
