#!/bin/sh
# Raw disk figures of the file system the AppendLog benchmark writes to (bench/README.md):
#   1. sequential write bandwidth: dd bs=1M count=2048 conv=fdatasync (2 GiB, one fdatasync at the end)
#   2. synchronous write rate:     dd bs=4k count=5000 oflag=dsync    (every 4 KiB write waits for the device)
# Usage: bench/raw-disk.sh [directory]   (default: bench/target/appendlog, the benchmark's default bench.dir)
# Needs GNU dd and about 2 GiB free; removes its files on exit.
set -eu

here="$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)"
dir="${1:-$here/target/appendlog}"
mkdir -p "$dir"
file="$dir/raw-disk.$$.tmp"
trap 'rm -f "$file"' EXIT INT TERM

# Prints the seconds dd reports on its summary line ("... bytes (...) copied, 1.234 s, ...").
seconds() { sed -n 's/.* copied, \([0-9.]*\) s,.*/\1/p' | tail -n 1; }

echo "directory:  $dir"
echo "filesystem: $(df -PT "$dir" | awk 'NR==2 {print $1 " (" $2 ")"}')"

rm -f "$file"
seq_out="$(LC_ALL=C dd if=/dev/zero of="$file" bs=1M count=2048 conv=fdatasync 2>&1)"
seq_s="$(printf '%s\n' "$seq_out" | seconds)"
rm -f "$file"
sync

sync_count=5000
dsync_out="$(LC_ALL=C dd if=/dev/zero of="$file" bs=4k count=$sync_count oflag=dsync 2>&1)"
dsync_s="$(printf '%s\n' "$dsync_out" | seconds)"
rm -f "$file"

awk -v s="$seq_s" -v d="$dsync_s" -v n="$sync_count" 'BEGIN {
    mib = 2048 * 1048576
    printf "sequential write (dd bs=1M count=2048 conv=fdatasync): %.3f s  %.1f MB/s  (%.1f MiB/s)\n", s, mib / s / 1e6, 2048 / s
    printf "synchronous write (dd bs=4k count=%d oflag=dsync):    %.3f s  %.0f writes/s  (%.3f ms/write)\n", n, d, n / d, d * 1000 / n
}'
