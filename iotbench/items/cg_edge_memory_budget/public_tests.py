from candidate import deployment_fit


def test_single_dense_layer():
    layers = [{"name": "fc", "params": 1010, "weight_bits": 8, "input_elems": 100,
               "output_elems": 10}]
    r = deployment_fit(layers, flash_bytes=2048, ram_bytes=256)
    assert r["flash_used"] == 1012          # 1010 bytes aligned to 4
    assert r["ram_peak"] == 110 and r["peak_layer"] == "fc" and r["fits"]
