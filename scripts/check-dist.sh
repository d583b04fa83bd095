#!/usr/bin/env bash
# Fails when the committed dist/ differs from a fresh bundle of src/.
set -euo pipefail
npm run -s bundle
if [ -n "$(git status --porcelain -- dist)" ]; then
  git status --porcelain -- dist >&2
  echo "dist/ does not match src/: run 'npm run bundle' and commit dist/." >&2
  exit 1
fi
echo "dist/ matches src/"
