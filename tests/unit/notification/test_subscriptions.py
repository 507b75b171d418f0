"""Subscriptions (domain/subscriptions.py) refuse what cannot be delivered safely."""

import pytest
from pydantic import ValidationError

from services.notification.domain.subscriptions import Subscription


@pytest.mark.parametrize("change", [{"email": "not-an-email"}, {"webhook_url": "http://hooks.example/x"},
                                    {"timezone": "Mars/Olympus"}, {"kinds": ["gossip"]}])
def test_bad_subscriptions_are_refused_with_a_clear_error(change: dict) -> None:
    with pytest.raises(ValidationError):
        Subscription.model_validate({"id": "x", "name": "X", **change})
