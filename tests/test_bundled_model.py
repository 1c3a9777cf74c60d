"""The bundled model (models/it_news_sm): its components and a known parse."""
from pipeline.extractors.attributions import syntax


def test_pipeline_has_parser_ner_and_lexicon_features(nlp):
    for name in ("tok2vec", "morphologizer", "trainable_lemmatizer", "parser", "lexicon_features", "ner"):
        assert name in nlp.pipe_names
    assert nlp.pipe_names.index("lexicon_features") < nlp.pipe_names.index("ner")
    assert nlp.vocab.vectors.shape[1] > 0  # floret static vectors


def test_known_parse_of_a_simple_sentence(nlp):
    doc = nlp("Il ministro ha detto che la scuola riaprirà.")
    heads = [(t.text, t.dep_, t.head.text) for t in doc]
    assert heads == [
        ("Il", "det", "ministro"), ("ministro", "nsubj", "detto"), ("ha", "aux", "detto"),
        ("detto", "ROOT", "detto"), ("che", "mark", "riaprirà"), ("la", "det", "scuola"),
        ("scuola", "nsubj", "riaprirà"), ("riaprirà", "ccomp", "detto"), (".", "punct", "detto")]
    verb = syntax.verb_token(doc, 2, 4)
    assert verb.text == "detto"
    assert syntax.subject(verb).text == "ministro"
    assert syntax.complement(verb).text == "riaprirà"


def test_subject_of_a_relative_clause_is_the_noun_it_modifies(nlp):
    doc = nlp("Lo ha confermato il portavoce, che ha aggiunto che i lavori finiranno presto.")
    verb = next(t for t in doc if t.text == "aggiunto")
    assert syntax.subject(verb).text == "portavoce"


def test_abbreviations_do_not_end_sentences(nlp):
    # the tokenizer keeps "sen.", "dott.", "S.p.A." whole (pipeline/training/abbreviations.txt)
    cases = {
        "Il sen. Rossi ha parlato a lungo. Poi è uscito dall'aula.":
            ["Il sen. Rossi ha parlato a lungo.", "Poi è uscito dall'aula."],
        "Lo ha detto il dott. Bianchi all'ANSA. La riunione è finita alle 18.":
            ["Lo ha detto il dott. Bianchi all'ANSA.", "La riunione è finita alle 18."],
        "La società S.p.A. ha chiuso il bilancio in utile. Le azioni sono salite.":
            ["La società S.p.A. ha chiuso il bilancio in utile.", "Le azioni sono salite."],
    }
    for text, sentences in cases.items():
        assert [s.text.strip() for s in nlp(text).sents] == sentences
