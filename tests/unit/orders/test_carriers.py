"""Tracking numbers as each carrier prints them: typed with spaces, dashes or small letters,
they are kept clean; a number of another shape is refused naming the carrier and an example."""

import pytest

from shop.orders.carriers import CARRIERS, BadTrackingNumber, normalise_tracking


@pytest.mark.parametrize("code", sorted(CARRIERS))
def test_each_carriers_example_is_accepted_however_it_is_typed(code):
    example = CARRIERS[code].example
    typed = " ".join(example[i:i + 4] for i in range(0, len(example), 4)).lower()
    assert normalise_tracking(code, typed) == example
    assert normalise_tracking(code, "-".join(example)) == example


@pytest.mark.parametrize("code", sorted(CARRIERS))
def test_another_shape_is_refused_with_the_carrier_and_an_example(code):
    carrier = CARRIERS[code]
    for wrong in ("", None, "ABC", carrier.example + "9"):
        with pytest.raises(BadTrackingNumber) as refused:
            normalise_tracking(code, wrong)
        assert str(refused.value) == (f"Ce numéro n'a pas la forme d'un numéro de suivi "
                                      f"{carrier.name} (exemple : {carrier.example}).")


def test_an_unknown_carrier_is_refused():
    with pytest.raises(BadTrackingNumber) as refused:
        normalise_tracking("pigeon", "1234567890")
    assert str(refused.value) == "Transporteur inconnu."
