#!/bin/sh
# Tell the user which Debian package is missing before the compiler does.
missing=""
need_tool() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }
need_hdr() { [ -f "/usr/include/$1" ] || [ -f "/usr/include/x86_64-linux-gnu/$1" ] || [ -f "/usr/include/aarch64-linux-gnu/$1" ] || missing="$missing $2"; }
need_tool cc gcc
need_tool re2c re2c
need_tool bison bison
need_hdr cjson/cJSON.h libcjson-dev
need_hdr zstd.h libzstd-dev
need_hdr snappy-c.h libsnappy-dev
need_hdr zlib.h zlib1g-dev
need_hdr lz4.h liblz4-dev
need_hdr curl/curl.h libcurl4-openssl-dev
if [ -n "$missing" ]; then
    echo "sluice: missing Debian packages:$missing" >&2
    echo "sluice: install them with: sudo sh scripts/install-deps.sh   (or: sudo apt-get install$missing)" >&2
    exit 1
fi
