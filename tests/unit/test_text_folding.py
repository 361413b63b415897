from lanta.services.text_folding import fold, words


def test_accents_case_and_punctuation_fold_away():
    assert fold("Château de l'Ossau — GÎTE") == "chateau de l ossau gite"


def test_words_of_empty_text():
    assert words("") == [] and words(None) == []


def test_ligatures_fold_to_their_letters():
    assert fold("Cœur d'Œuvre, Straße, Æsir") == "coeur d oeuvre strasse aesir"
