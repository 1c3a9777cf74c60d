"""Acceptance on the user's seed article (issue 3): `pipeline.run` end to end."""
from collections import Counter

from conftest import SEED

from pipeline.storage.schemas import columns
from pipeline.storage.tables import read_table


def test_twelve_sentences_with_exact_offsets(seed_out):
    text = SEED.read_text(encoding="utf-8")
    sents = read_table(seed_out, "sentences")
    assert len(sents) == 12
    assert all(text[s:e] == t for s, e, t in zip(sents["start_char"], sents["end_char"], sents["text"]))


def test_every_table_has_exactly_its_columns(seed_out):
    for table in ("documents", "sentences", "entities", "quantities", "attributions", "entity_report"):
        assert list(read_table(seed_out, table).columns) == columns(table)
        header = (seed_out / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header == ",".join(columns(table))
    assert (seed_out / "report.html").exists()


def _report(seed_out):
    return read_table(seed_out, "entity_report").set_index("canonical_id")


def _forms(seed_out, canonical_id):
    ents = read_table(seed_out, "entities")
    return Counter(ents.loc[ents["canonical_id"] == canonical_id, "text"])


def test_countries(seed_out):
    report = _report(seed_out)
    assert report.loc["US", "mentions"] == 10
    assert _forms(seed_out, "US") == Counter({"Stati Uniti": 6, "statunitensi": 1, "americano": 2, "Washington": 1})
    assert report.loc["GB", "mentions"] == 4
    assert _forms(seed_out, "GB") == Counter({"britannico": 3, "Gran Bretagna": 1})
    assert (report.loc["UA", "mentions"], report.loc["FR", "mentions"], report.loc["RU", "mentions"]) == (3, 1, 1)
    countries = set(report.index[report["type"] == "country"])
    assert countries == {"US", "GB", "UA", "FR", "RU"}
    ents = read_table(seed_out, "entities")
    not_countries = ents[ents["text"].isin(["Europa", "europeo", "europei", "Bruxelles", "Gedda", "NATO"])]
    assert "country" not in set(not_countries["type"])


def test_people_and_outlets(seed_out):
    report = _report(seed_out)
    expected = {"person:donald-trump": ("Donald Trump", 2), "person:keir-starmer": ("Keir Starmer", 2),
                "outlet:the-telegraph": ("The Telegraph", 2), "outlet:bbc": ("BBC", 1),
                "outlet:the-guardian": ("The Guardian", 1), "outlet:reuters": ("Reuters", 1)}
    for cid, (name, mentions) in expected.items():
        assert (report.loc[cid, "canonical_name"], report.loc[cid, "mentions"]) == (name, mentions)
    assert report.loc["person:donald-trump", "forms"] == "Donald Trump|Trump"
    assert report.loc["outlet:the-telegraph", "forms"] == "The Telegraph|Telegraph"


def test_attributions_and_as_source(seed_out):
    atts = read_table(seed_out, "attributions")
    assert len(atts) == 10
    assert Counter(atts["source_canonical_name"].fillna("anonymous")) == Counter({
        "The Telegraph": 3, "Keir Starmer": 2, "BBC": 1, "Donald Trump": 1, "The Guardian": 1,
        "Reuters": 1, "anonymous": 1})
    report = _report(seed_out)
    assert {cid: report.loc[cid, "as_source"] for cid in (
        "outlet:the-telegraph", "person:keir-starmer", "outlet:bbc", "outlet:the-guardian",
        "outlet:reuters", "person:donald-trump")} == {
        "outlet:the-telegraph": 3, "person:keir-starmer": 2, "outlet:bbc": 1, "outlet:the-guardian": 1,
        "outlet:reuters": 1, "person:donald-trump": 1}


def test_exactly_three_quantities(seed_out):
    q = read_table(seed_out, "quantities")
    assert list(zip(q["text"], q["value"], q["approx"].fillna(""), q["unit_lemma"], q["kind"])) == [
        ("circa 30 paesi", 30.0, "circa", "paese", "count"),
        ("circa 20 paesi", 20.0, "circa", "paese", "count"),
        ("30 giorni", 30.0, "", "giorno", "duration")]
