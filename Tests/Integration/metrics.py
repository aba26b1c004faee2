"""Reads Prometheus text exposition into {(name, frozenset(labels)): value}."""
from prometheus_client.parser import text_string_to_metric_families


def samples(text: str) -> dict:
    result = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            result[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return result


def value(text: str, name: str, **labels) -> float:
    """The value of the one sample with that name whose labels include `labels`; 0 when absent."""
    matches = [
        v for (n, ls), v in samples(text).items() if n == name and set(labels.items()) <= set(ls)
    ]
    assert len(matches) <= 1, f"{name}{labels} matches {len(matches)} series"
    return matches[0] if matches else 0.0
