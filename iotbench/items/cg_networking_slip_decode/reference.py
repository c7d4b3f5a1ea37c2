END, ESC, ESC_END, ESC_ESC = 0xC0, 0xDB, 0xDC, 0xDD


def slip_decode(stream):
    """Split a SLIP byte stream into decoded frames plus the unterminated remainder."""
    data = bytes(stream)
    last_end = data.rfind(END)
    complete, remainder = data[:last_end + 1], data[last_end + 1:]
    frames = []
    for raw in complete.split(bytes([END])):
        if not raw:
            continue                      # empty frame (back-to-back END bytes)
        frame = bytearray()
        i = 0
        while i < len(raw):
            b = raw[i]
            if b == ESC:
                nxt = raw[i + 1] if i + 1 < len(raw) else None
                if nxt == ESC_END:
                    frame.append(END)
                elif nxt == ESC_ESC:
                    frame.append(ESC)
                else:
                    raise ValueError("invalid SLIP escape sequence")
                i += 2
            else:
                frame.append(b)
                i += 1
        frames.append(bytes(frame))
    return frames, remainder
