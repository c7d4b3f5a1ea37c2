"""IoTBench itself: one parametrized test per item, collected by `pytest iotbench`.

A test passes when its item was generated, executed and scored; the model's quality is in the
results file and the leaderboard, not in the pass/fail of these tests.
"""

from iotbench.item import Item
from iotbench.plugin import evaluate_item
from iotbench.session import BenchmarkSession


def test_item(iotbench_item: Item, iotbench_session: BenchmarkSession) -> None:
    evaluate_item(iotbench_session, iotbench_item)
