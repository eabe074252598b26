"""Fixtures the core API tests share: the world they run in."""

from __future__ import annotations

import pytest

from tests.api.core_world import World
from tests.factories import Factory


@pytest.fixture
def world(make: Factory) -> World:
    return World.build(make)
