from candidate import rm_response_times


def test_two_tasks():
    a = rm_response_times([(1, 3), (1, 5)])
    assert a["response_times"] == [1, 2]
    assert a["schedulable"]
