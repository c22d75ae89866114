#!/usr/bin/env sh
# Build the onedir installer folder (dist/MOIDistrictDesk/) and smoke-run it.
# Extra arguments go to PyInstaller, e.g. --distpath /tmp/dist --workpath /tmp/build.
set -eu
cd "$(dirname "$0")/.."
DIST=dist
prev=""
for arg in "$@"; do
    [ "$prev" = "--distpath" ] && DIST="$arg"
    case "$arg" in --distpath=*) DIST="${arg#--distpath=}" ;; esac
    prev="$arg"
done
uv run pyinstaller installer.spec --noconfirm "$@"
EXE="$DIST/MOIDistrictDesk/MOIDistrictDesk"
[ -f "$EXE.exe" ] && EXE="$EXE.exe"
# The smoke run builds a demo database: keep it out of the user's real data dir.
SMOKE_DATA=$(mktemp -d)
trap 'rm -rf "$SMOKE_DATA"' EXIT
QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" MOI_DESKTOP_DATA_DIR="$SMOKE_DATA" "$EXE" --demo --smoke
echo "built and smoke-tested: $DIST/MOIDistrictDesk ($(du -sh "$DIST/MOIDistrictDesk" | cut -f1))"
