"""The claims table (figures inside attributed content) and the entity report's
cross-document person merging, on hand-written rows."""
from collections import Counter

from pipeline.stages.claims import claim_rows
from pipeline.stages.report import entity_report_rows
from pipeline.storage.schemas import columns

TEXT = "Secondo l'Istat i disoccupati sono 2 milioni, ma il governo ha detto che «i posti sono 30.000»."


def _attr(cue, start, source, canonical, c_start, c_end):
    return {"doc_id": "d", "sent_id": 0, "cue": cue, "cue_type": "verb", "source_text": source,
            "source_type": "organization", "source_canonical_id": f"organization:{canonical.lower()}",
            "source_canonical_name": canonical, "content_start": c_start, "content_end": c_end, "cue_start": start}


def _qty(text):
    start = TEXT.index(text)
    return {"doc_id": "d", "sent_id": 0, "start_char": start, "end_char": start + len(text), "text": text,
            "value": 1.0, "value_max": None, "approx": None, "unit": "x", "unit_lemma": "x", "kind": "count"}


def test_each_figure_goes_to_the_attribution_whose_content_holds_it():
    istat = _attr("Secondo", 0, "Istat", "Istat", TEXT.index("i disoccupati"), TEXT.index(", ma"))
    gov = _attr("ha detto", TEXT.index("ha detto"), "governo", "Governo", TEXT.index("«") + 1, TEXT.index("»"))
    outside = dict(_qty("2 milioni"), doc_id="other")
    rows = claim_rows([istat, gov], [_qty("2 milioni"), _qty("30.000"), outside], {("d", 0): TEXT})
    assert [(r["source_canonical_name"], r["quantity_text"], r["cue"]) for r in rows] == [
        ("Istat", "2 milioni", "Secondo"), ("Governo", "30.000", "ha detto")]
    assert all(list(r) == columns("claims") and r["sentence"] == TEXT for r in rows)


def test_a_figure_inside_a_nested_attribution_belongs_to_the_inner_one():
    outer = _attr("ha detto", 0, "governo", "Governo", 0, len(TEXT))
    inner = _attr("Secondo", 0, "Istat", "Istat", TEXT.index("i disoccupati"), TEXT.index(", ma"))
    rows = claim_rows([outer, inner], [_qty("2 milioni")], {})
    assert [r["source_canonical_name"] for r in rows] == ["Istat"]


def _ent(doc, name, text=None):
    return {"doc_id": doc, "sent_id": 0, "text": text or name, "type": "person",
            "canonical_id": "person:" + name.lower().replace(" ", "-"), "canonical_name": name}


def test_persons_merge_across_documents_only_when_one_full_name_fits():
    rows = entity_report_rows([_ent("a", "Helmuth Köcher"), _ent("b", "Köcher"), _ent("b", "Rossi"),
                               _ent("c", "Mario Rossi"), _ent("d", "Luca Rossi"), _ent("e", "Luca Rossi")],
                              Counter({"person:köcher": 2}), Counter({"person:helmuth-köcher": 1}))
    brief = {(r["canonical_name"], r["mentions"], r["documents"], r["as_source"], r["figures_reported"],
              r["linked_by"]) for r in rows}
    assert brief == {("Helmuth Köcher", 2, 2, 2, 1, "corpus"), ("Rossi", 1, 1, 0, 0, "document"),
                     ("Mario Rossi", 1, 1, 0, 0, "document"), ("Luca Rossi", 2, 2, 0, 0, "corpus")}


def _mention(doc, sent, name, text=None):
    return dict(_ent(doc, name, text), sent_id=sent)


def test_documents_and_sentences_are_counted_the_same_streamed_or_out_of_order():
    """The engine's tables come in document order and are counted a document at a time; rows
    written by hand in any order are counted with sets: the same counts, merges included."""
    rows = [_mention("a", 0, "Sergio Mattarella"), _mention("a", 0, "Mattarella"), _mention("a", 2, "Mattarella"),
            _mention("b", 1, "Mattarella"), _mention("b", 1, "Mattarella"), _mention("b", 3, "Giorgia Meloni"),
            _mention("c", 0, "Sergio Mattarella"), _mention("c", 4, "Meloni"), _mention("c", 4, "Meloni")]
    # "Mattarella" is its own id here (as in a document that never gives the full name); it joins
    # "Sergio Mattarella" across documents, and its sentences add to his
    streamed = entity_report_rows(lambda: iter(rows), Counter())
    brief = [(r["canonical_name"], r["mentions"], r["documents"], r["sentences"]) for r in streamed]
    assert brief == [("Sergio Mattarella", 6, 3, 4), ("Giorgia Meloni", 3, 2, 2)]
    out_of_order = rows[3:5] + rows[:3] + rows[5:]  # "b", "a", then "b" again: counted with sets
    assert [(r["canonical_name"], r["mentions"], r["documents"], r["sentences"])
            for r in entity_report_rows(out_of_order, Counter())] == brief
    assert entity_report_rows(iter(rows), Counter()) == streamed  # a one-pass iterator is held
