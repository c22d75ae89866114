"""Hypothesis settings for the suite: repeatable in CI, exploring locally.

- "ci": derandomised (the same examples on every run, so a red CI is never a random draw) and no
  example database (a fresh clone has none anyway). Chosen when CI is set (GitHub Actions and
  `.ci/run` set it) or HYPOTHESIS_PROFILE=ci.
- "dev" (local runs): fresh random examples each run, failures remembered in .hypothesis/ and
  replayed first; a failure found here is pinned with @example before it is fixed.

Neither has a deadline: a per-example time limit is an absolute-time assertion, which a loaded
2-core machine fails at random (timing targets live in tests/benchmarks as ratios).
"""

import os
from collections.abc import Mapping

from hypothesis import settings

# Explicit parents: Hypothesis itself loads its own "ci" profile on import when CI is set, and a
# profile registered without a parent would inherit whatever is loaded at that moment.
settings.register_profile("ci", settings.get_profile("ci"), derandomize=True, database=None, deadline=None,
                          print_blob=True)
settings.register_profile("dev", settings.get_profile("default"), derandomize=False, deadline=None)


def choose_profile(environ: Mapping[str, str]) -> str:
    """The profile a run in this environment uses."""
    chosen = environ.get("HYPOTHESIS_PROFILE", "").strip()
    if chosen:
        return chosen
    return "ci" if environ.get("CI", "").strip().lower() not in ("", "0", "false", "no") else "dev"


def load() -> str:
    name = choose_profile(os.environ)
    settings.load_profile(name)
    return name
