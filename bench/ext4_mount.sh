#!/usr/bin/env bash
# A new, empty ext4 file system made with mkfs.ext4's defaults (so with a journal, as a Linux
# installation has it), from a 2 GiB sparse image file, loop-mounted at DIR; or unmounted again.
#   usage: bench/ext4_mount.sh DIR              (needs root and a loop device)
#          bench/ext4_mount.sh --unmount DIR    (unmounts, removes the image)
# bench/bench_nbtools.sh uses it for its `ext4` runs: the project's own disk is ext4 without a
# journal, where creating a file right after many were deleted is slow (see docs/benchmarks.md).
set -euo pipefail
if [ "${1:-}" = "--unmount" ]; then
  dir=$2
  if mountpoint -q "$dir"; then umount "$dir"; fi
  rm -f "$dir.img"
  exit 0
fi
dir=${1:?usage: bench/ext4_mount.sh DIR}
[ "$(id -u)" = 0 ] || { echo "ext4_mount: needs root (mount -o loop)" >&2; exit 1; }
if mountpoint -q "$dir"; then umount "$dir"; fi
mkdir -p "$dir"
rm -f "$dir.img"
truncate -s 2G "$dir.img"
mkfs.ext4 -q -F "$dir.img"
mount -o loop "$dir.img" "$dir"
