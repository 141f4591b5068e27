#!/usr/bin/env bash
# Fails when a committed source or doc file points at something a clone of this repository does not have:
# absolute paths of a development machine, a sibling `shared/` folder or a design file kept outside the repo.
# Code and docs cite docs/architecture.md, docs/vendors/<vendor>.md or the vendors' public URLs instead.
# CHANGELOG.md is exempt: it may quote history.
set -euo pipefail
cd "$(dirname "$0")/.."
pattern='/(wo)rk/|\.\./shared/|shared/vendors/|DESIGN(\.md| §|:)'
if git grep -nE "$pattern" -- '*.ts' '*.js' '*.md' ':!CHANGELOG.md'; then
  echo "error: the lines above refer to paths outside the repository; cite docs/ or a public URL instead." >&2
  exit 1
fi
echo "no references to paths outside the repository"
