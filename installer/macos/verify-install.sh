#!/usr/bin/env bash
# Install, upgrade, self-test and remove DASH Desktop from its disk image on this Mac, the way a
# user or an IT team does (copy to /Applications; remove the app to uninstall), and check that the
# user's data folder (~/Library/Application Support/dash-desktop) is never touched.
# Run by .github/workflows/macos.yml:  installer/macos/verify-install.sh dist/dash-desktop-VERSION-macos.dmg
set -euo pipefail
dmg=$1
app="/Applications/DASH Desktop.app"
program="$app/Contents/MacOS/dash-desktop"
data="$HOME/Library/Application Support/dash-desktop"

hashes() { [ -d "$data" ] && (cd "$data" && find . -type f -print0 | sort -z | xargs -0 shasum -a 256) || true; }

install_from_dmg() {
  local mount
  mount=$(mktemp -d)
  hdiutil attach -nobrowse -readonly -mountpoint "$mount" "$dmg" >/dev/null
  rm -rf "$app"
  cp -R "$mount/DASH Desktop.app" /Applications/
  hdiutil detach "$mount" >/dev/null
}

install_from_dmg
if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --verify --deep --strict "$app"
  spctl --assess --type execute --verbose "$app" || echo "(Gatekeeper: not notarised)"
fi
"$program" --version
"$program" --self-test --keep "$data"
before=$(hashes)

install_from_dmg            # an upgrade replaces the app bundle as a whole
"$program" --self-test
[ "$(hashes)" = "$before" ] || { echo "the user's data folder changed on upgrade" >&2; exit 1; }

rm -rf "$app"               # uninstall
[ ! -e "$app" ] || { echo "$app is still there" >&2; exit 1; }
[ "$(hashes)" = "$before" ] || { echo "the user's data folder changed on removal" >&2; exit 1; }
echo "macOS app verified: install, upgrade, self-test, removal; the data folder untouched."
