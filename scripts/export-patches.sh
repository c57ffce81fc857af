#!/usr/bin/env bash
# Export the commits of work/linux on top of the base tag to patches/
# (git format-patch) and rewrite patches/series to match.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$top/work/linux

cd "$tree"
[ -z "$(git status --porcelain)" ] ||
	{ echo "export: work/linux has uncommitted or untracked changes" >&2; exit 1; }
rm -f "$top"/patches/*.patch
git format-patch -q --no-signature --zero-commit -o "$top/patches" base..HEAD
(cd "$top/patches" && ls -1 -- *.patch 2>/dev/null || true) >"$top/patches/series"
git rev-parse HEAD >"$top/work/.series-applied"
echo "export: $(grep -c . "$top/patches/series" || true) patches in patches/series"
