"""Helpers for the tests of the Prometheus metrics: the samples of an exposition, parsed with
prometheus_client's own parser."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families


def samples(text: str) -> dict[tuple, float]:
    """{(sample name, sorted labels without the kiosk's): value} of the whole text."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = dict(sample.labels)
            labels.pop("kiosk")
            found[(sample.name, tuple(sorted(labels.items())))] = sample.value
    return found
