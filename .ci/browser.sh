#!/usr/bin/env bash
# Make Chromium available to the browser tests (tests/web/test_web_browser.py).
#
# The tests drive Debian's own Chromium (/usr/bin/chromium) through Playwright's
# Python package; they never download a browser (`playwright install` is not used).
# This installs the Debian package when the binary is missing and checks that it
# starts headless. Call it from .ci/run before pytest.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ ! -x "$CHROMIUM" ]; then
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi

"$CHROMIUM" --version
# Playwright's Python package (a dev dependency) drives it; fail early if it is missing.
python -c "import playwright.sync_api" 2>/dev/null \
    || echo "browser.sh: the Python package 'playwright' is missing (pip install -e '.[dev]')" >&2
