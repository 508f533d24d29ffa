#!/usr/bin/env bash
# Make Debian's chromium available for the HTML report's browser tests (tests/report/): install it
# with apt when missing. With CI=true a browser that cannot be had fails the run (exit 1); elsewhere
# it is a warning (exit 0) and those tests skip.
exec bash "$(dirname "$0")/ensure-system.sh" --label browser "chromium|chromium-browser|google-chrome:chromium"
