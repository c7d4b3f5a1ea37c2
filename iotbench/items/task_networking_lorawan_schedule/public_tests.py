from candidate import plan_uplinks


def test_two_readings_one_device():
    devices = [{"sf": 9, "messages": [(0.0, 10), (30.0, 10)]}]
    plan = plan_uplinks(devices, [868.1, 868.3, 868.5], 3600.0)
    assert sorted(p["message"] for p in plan) == [0, 1]
    starts = {p["message"]: p["start"] for p in plan}
    assert starts[0] >= 0.0 and starts[1] >= 30.0
    assert all(p["frequency"] in (868.1, 868.3, 868.5) and p["device"] == 0 for p in plan)
