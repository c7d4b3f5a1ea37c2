from candidate import edf_demand_test


def test_two_tasks_meet_deadlines():
    r = edf_demand_test([(1, 3, 3), (1, 4, 4)])
    assert r["schedulable"] and r["first_miss"] is None
    assert r["checked_points"] == 8     # L = 12 + 4 = 16: points 3 4 6 8 9 12 15 16
