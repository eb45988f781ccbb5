#!/bin/sh
# Install what Sluice needs from Debian packages, only what is missing.
# Optional: DuckDB from npm (reference for tests and benchmarks) with WITH_DUCKDB=1.
set -e
pkgs="gcc make re2c bison libcjson-dev libzstd-dev libsnappy-dev zlib1g-dev liblz4-dev libcurl4-openssl-dev python3"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
if [ -n "$missing" ]; then
    echo "installing:$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi
if [ "${WITH_TEST_TOOLS:-0}" = 1 ]; then
    extra=""
    for p in python3-aiosmtpd chromium nodejs; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || extra="$extra $p"
    done
    command -v node >/dev/null 2>&1 && extra=$(echo "$extra" | sed 's/nodejs//')
    command -v npm >/dev/null 2>&1 || extra="$extra npm"
    if [ -n "$(echo $extra)" ]; then
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $extra || true
    fi
fi
if [ "${WITH_DUCKDB:-0}" = 1 ] && command -v npm >/dev/null 2>&1; then
    dir="${DUCKDB_DIR:-$HOME/.cache/sluice-duckdb}"
    if [ ! -d "$dir/node_modules/@duckdb/node-api" ]; then
        mkdir -p "$dir"
        npm install --silent --prefix "$dir" @duckdb/node-api >/dev/null 2>&1 || echo "note: DuckDB (npm) not installed; its tests will be skipped"
    fi
fi
