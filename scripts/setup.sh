#!/usr/bin/env bash
# Installs the Debian packages RlLab needs, only those missing: Xvfb for headless windows,
# GLFW and Mesa for the OpenGL viewer, ffmpeg for videos, chromium for the leaderboard's browser test. Safe to run again.
# redis-server for the cluster tests (the tests start and stop their own; see docs/scaling.md).
set -euo pipefail
packages=(xvfb xauth libglfw3 libgl1-mesa-dri ffmpeg chromium redis-server)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "rllab: missing packages ${missing[*]}; install them as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
echo "rllab: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
