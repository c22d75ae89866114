"""The suite's Hypothesis profiles: CI draws the same examples every run, local runs explore."""

import os

import pytest
from hypothesis import settings

from tests.hypothesis_profiles import choose_profile


@pytest.mark.parametrize("environ, expected", [
    ({}, "dev"),
    ({"CI": "true"}, "ci"),  # GitHub Actions and .ci/run
    ({"CI": "1"}, "ci"),
    ({"CI": "false"}, "dev"),
    ({"CI": ""}, "dev"),
    ({"HYPOTHESIS_PROFILE": "ci"}, "ci"),
    ({"CI": "true", "HYPOTHESIS_PROFILE": "dev"}, "dev"),  # reproduce a CI run's draw locally, or explore
])
def test_profile_follows_the_environment(environ, expected):
    assert choose_profile(environ) == expected


def test_ci_profile_is_repeatable_and_dev_explores():
    ci, dev = settings.get_profile("ci"), settings.get_profile("dev")
    assert ci.derandomize and ci.database is None and ci.deadline is None
    assert not dev.derandomize and dev.deadline is None


def test_this_run_uses_the_profile_its_environment_chooses():
    expected = settings.get_profile(choose_profile(os.environ))
    assert settings.default.derandomize == expected.derandomize
    # A test's own @settings(...) keeps the profile's derandomisation (conftest loads it first).
    assert settings(max_examples=7).derandomize == expected.derandomize
