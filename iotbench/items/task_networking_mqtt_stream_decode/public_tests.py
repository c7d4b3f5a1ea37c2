from candidate import mqtt_delivered_messages


def test_two_messages_split_across_reads():
    connack = b"\x20\x02\x00\x00"
    qos0 = b"\x30\x0f\x00\x09home/temp21.5"
    qos1 = b"\x32\x0d\x00\x05alarm\x00\x07fire"
    stream = connack + qos0 + qos1
    reads = [stream[:5], stream[5:9], stream[9:30], stream[30:]]
    found = mqtt_delivered_messages([reads])
    assert [(m["topic"], bytes(m["payload"]), m["qos"], m["packet_id"]) for m in found] == [
        ("home/temp", b"21.5", 0, None), ("alarm", b"fire", 1, 7)]
