"""One id per person: the connected components of the accepted pairs (for `--clusters`)."""

from collections.abc import Hashable, Iterable


def connected_components(records: Iterable[Hashable], pairs: Iterable[tuple[Hashable, Hashable]]) -> dict:
    """record -> cluster number (1, 2, ...), numbered in the order the records come; a record in no pair is alone.

    Two records are in one cluster when a chain of accepted pairs joins them: A-B and B-C put A, B and C
    together even though A-C was never scored above the threshold.
    """
    parent: dict = {}

    def root(node):
        while parent[node] != node:
            parent[node] = parent[parent[node]]  # path halving keeps the chains short
            node = parent[node]
        return node

    order = []
    for record in records:
        parent[record] = record
        order.append(record)
    for left, right in pairs:
        a, b = root(left), root(right)
        if a != b:
            parent[b] = a
    numbers: dict = {}
    return {record: numbers.setdefault(root(record), len(numbers) + 1) for record in order}
