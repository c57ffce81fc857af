#!/usr/bin/env bash
# make deb: step 1 of the README's "Using it on Debian 12", run as
# written, on the arch whose arch/ARCH.conf says DEB_RECIPE=yes, then the
# packaged kernel in the guests. Debian's
# linux-source-6.1 is unpacked into work/deb/ and committed, the series
# applied with git am, the config is "your own": the patched test
# kernel's, with the series' options taken out so that make olddefconfig
# gives them their defaults as it would to a Debian config; then make
# bindeb-pkg LOCALVERSION=-crashhp (with ccache, the one addition). The
# kernel of the linux-image .deb, unpacked (work/build/ARCH-deb/image),
# runs the rows of tests/deb. Writes docs/deb-ARCH.txt: the packages,
# the config the package installs, the verdicts.
#   scripts/deb.sh
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
arch=$(bash "$top/scripts/arches.sh" DEB_RECIPE=yes | head -n1)
[ -n "$arch" ] || { echo "deb: no arch/*.conf says DEB_RECIPE=yes" >&2; exit 1; }
. "$top/scripts/arch.sh" "$arch"
[ "$UNAME_M" = "$(uname -m)" ] || { echo "deb: $arch is not this machine's arch: the recipe builds natively" >&2; exit 1; }
src=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
dir=$top/work/deb
tree=$dir/linux-source-6.1
out=$top/docs/deb-$arch.txt
# the series' own options: a config from before the series has none of them
opts='CRASH_HOTPLUG|CRASH_MAX_MEMORY_RANGES|CRASH_HOTPLUG_FAULT_INJECT|FAIL_CRASH_HOTPLUG|CRASH_CORE_KUNIT_TEST'

bash "$top/scripts/deps.sh" dpkg-dev fakeroot rsync kmod dwarves
# the guest's initramfs and the config to start from
bash "$top/scripts/prepare.sh" "$arch" patched
start=$(date +%s)

rm -rf "$dir"
mkdir -p "$dir"
tar -C "$dir" -xJf "$src"
cd "$tree"
git init -q
# -f: the top-level .gitignore of Debian's source ignores every top-level
# entry (as the README says)
git add -f -A
git -c user.name=deb -c user.email=deb@localhost commit -qm base
git -c user.name=deb -c user.email=deb@localhost am -q "$top"/patches/0*.patch
grep -vE "^(# )?CONFIG_($opts)[= ]" "$top/work/build/$arch-patched/.config" >.config
make -s olddefconfig
for want in CONFIG_CRASH_HOTPLUG=y CONFIG_CRASH_MAX_MEMORY_RANGES=8192 \
	'# CONFIG_CRASH_HOTPLUG_FAULT_INJECT is not set' '# CONFIG_FAIL_CRASH_HOTPLUG is not set'; do
	grep -qxF "$want" .config || { echo "deb: make olddefconfig did not give $want" >&2; exit 1; }
done
# the KUnit suite defaults to KUNIT_ALL_TESTS: off, or absent without KUnit
! grep -qx 'CONFIG_CRASH_CORE_KUNIT_TEST=y' .config ||
	{ echo "deb: make olddefconfig turned the KUnit suite on" >&2; exit 1; }
echo "deb: building the packages (log: work/deb/build.log)"
make -j"$(nproc)" CC="ccache gcc" bindeb-pkg LOCALVERSION=-crashhp >"$dir/build.log" 2>&1 ||
	{ tail -n 20 "$dir/build.log"; exit 1; }
built=$(($(date +%s) - start))

deb=$(ls "$dir"/linux-image-*-crashhp_*.deb)
rm -rf "$dir/root"
dpkg-deb -x "$deb" "$dir/root"
vmlinuz=$(ls "$dir"/root/boot/vmlinuz-*-crashhp)
config=$(ls "$dir"/root/boot/config-*-crashhp)
rm -rf "$top/work/build/$arch-deb"
mkdir -p "$top/work/build/$arch-deb"
ln -s "$vmlinuz" "$top/work/build/$arch-deb/image"
ln -s "$tree/vmlinux" "$top/work/build/$arch-deb/vmlinux"

rc=0
KDTEST_ROWS=$top/tests/deb bash "$top/scripts/run-tests.sh" | tee "$top/work/logs/deb.ktap" || rc=$?
{
	echo "# make deb ($(date -u +%Y-%m-%d)): README \"Using it on Debian 12\" step 1 on $arch, the config of the test kernel without the series' options; source, git am, olddefconfig and bindeb-pkg took $built s"
	echo "# packages (dpkg-deb -W):"
	for p in "$dir"/*.deb; do dpkg-deb -W "$p"; done
	echo "# $(basename "$config"), the series' options after make olddefconfig:"
	grep -E "CONFIG_($opts)[= ]" "$config"
	echo "# tests/deb on the kernel unpacked from $(basename "$deb"):"
	grep -E "^    # (PASS|FAIL) $arch " "$top/work/logs/deb.ktap" | sed 's/^    # //'
	grep -E '^[0-9]+ passed, [0-9]+ failed' "$top/work/logs/deb.ktap" || true
} >"$out"
echo "deb: wrote docs/deb-$arch.txt"
exit "$rc"
