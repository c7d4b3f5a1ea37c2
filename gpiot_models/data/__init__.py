"""GPIoT training data: the CGD and TDD builders, decontamination against IoTBench, the card.

`gpiot data build` (build.py) writes both sets; `gpiot data check` (decontam.py) re-checks them.
"""
