#!/usr/bin/env bash
# Install Debian's Chromium and ChromeDriver for the console's browser tests,
# when /usr/bin/chromium is missing. The tests drive this browser; no test
# tool may download a browser of its own.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
/usr/bin/chromium --version
