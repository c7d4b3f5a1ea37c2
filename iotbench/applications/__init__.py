"""Application items: the program is called on hidden data and the harness scores its output."""
