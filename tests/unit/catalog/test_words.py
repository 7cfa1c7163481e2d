"""The words the search compares: the same for a product's text and for a visitor's query."""

from shop.catalog.words import fold, similarity, within_one_edit, words


def test_case_and_accents_are_ignored():
    assert words("MAGNÉSIUM Élevé") == words("magnesium eleve") == ["magnesium", "eleve"]
    assert fold("Vitamine D3 Élevée") == "vitamine d3 elevee"
    assert words("Traces d'Œufs, cœur") == words("trace oeuf coeur") == ["trace", "oeuf", "coeur"]


def test_elisions_and_stop_words_are_not_searched():
    assert words("Huile d'onagre et de bourrache, à l’abri de la lumière") == [
        "huile", "onagre", "bourrache", "abri", "lumiere"]


def test_plurals_find_the_singular():
    assert words("Vitamines, minéraux, gélules, cheveux") == words(
        "vitamine minéral gélule cheveu")
    assert words("stress") == ["stress"]


def test_a_vitamin_letter_is_a_whole_word():
    assert words("Vitamine D3") == ["vitamine", "d3", "d"]
    assert words("vitamine d") == ["vitamine", "d"]
    assert "d" not in words("Dioxyde de silicium, dose journalière")
    assert "a" not in words("À prendre à jeun")  # « à » is a stop word, not vitamin A


def test_symbols_and_other_scripts_give_no_word():
    assert words("% _ <script> 🙂 ΑΒΓ") == ["script"]
    assert words("x" * 41) == []


def test_one_edit_away():
    assert within_one_edit("magnesuim", "magnesium")  # two neighbours swapped
    assert within_one_edit("magnesim", "magnesium")  # one letter missing
    assert within_one_edit("magnessium", "magnesium")  # one letter too many
    assert within_one_edit("magnezium", "magnesium")  # one letter wrong
    assert not within_one_edit("magnsuim", "magnesium")
    assert not within_one_edit("zinc", "fer")


def test_similarity_is_pg_trgm_s():
    # SELECT similarity('magnesuim', 'magnesium') gives 0.42857143 on PostgreSQL 15
    assert round(similarity("magnesuim", "magnesium"), 6) == round(6 / 14, 6)
    assert similarity("zinc", "zinc") == 1.0
