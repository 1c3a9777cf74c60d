from pipeline.evaluate.ner import ner_scores


def test_known_scores_on_a_tiny_pair():
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O", "O"]]
    pred = [["B-PER", "O", "O", "B-LOC"], ["B-LOC", "O", "B-PER"]]
    scores = ner_scores(gold, pred)
    # Tokens: PER tp1 fn1 fp1; LOC tp1 fp1; ORG fn1.
    assert scores["per_label"]["PER"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "fp": 1, "fn": 1}
    assert scores["per_label"]["LOC"]["f1"] == 0.6667
    assert scores["per_label"]["ORG"]["f1"] == 0.0
    assert scores["token"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 2, "fp": 2, "fn": 2}
    # Spans: gold {PER 0-2, LOC 3-4, ORG 0-1}; pred {PER 0-1, LOC 3-4, LOC 0-1, PER 2-3}.
    assert scores["span"] == {"precision": 0.25, "recall": 0.3333, "f1": 0.2857, "tp": 1, "fp": 3, "fn": 2}


def test_io_and_bio_labels_score_the_same_on_tokens():
    gold = [["PER", "PER", "O"]]
    assert ner_scores(gold, [["B-PER", "I-PER", "O"]])["token"]["f1"] == 1.0
