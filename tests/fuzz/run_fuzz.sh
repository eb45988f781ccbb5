#!/usr/bin/env bash
# Build every tests/fuzz/fuzz_*.c as a libFuzzer binary (clang, ASan + UBSan) and run
# each for FUZZ_SECONDS (default 30) over its corpus in tests/fuzz/corpus/<name>/.
# New crashers are written to build-fuzz/crash-<name>-*; add them to the corpus.
set -eu
cd "$(dirname "$0")/../.."
B=build-fuzz
SECONDS_EACH=${FUZZ_SECONDS:-30}
make -s BUILD=$B CC=clang OPT=-O1 SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" $B/libsluice.a
for f in tests/fuzz/fuzz_*.c; do
    [ -f "$f" ] || continue
    name=$(basename "$f" .c); name=${name#fuzz_}
    bin=$B/fuzz_$name
    clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
        -Icommon -Ifrontend -Iplanner -Iruntime -Iruntime/store -Icli -I$B/grammar \
        -o "$bin" "$f" $B/libsluice.a -lcjson -lzstd -lsnappy -lz -llz4 -lcurl -lpthread -lm
    mkdir -p "tests/fuzz/corpus/$name" "$B/corpus-$name"
    echo "fuzzing $name for ${SECONDS_EACH}s"
    "$bin" -max_total_time="$SECONDS_EACH" -artifact_prefix="$B/crash-$name-" \
        "$B/corpus-$name" "tests/fuzz/corpus/$name"
done
