"""Category: the shipped model, its mapping, and the page-label aliases."""

from __future__ import annotations

import numpy as np

from marsad.scoring import classify
from marsad.scoring.classify import CategoryModel, category_of_page, category_table, load_model, save_model


def test_sport_article() -> None:
    title = "ريال مدريد يفوز على برشلونة في الكلاسيكو"
    text = "سجل المهاجم هدفين في المباراة التي أقيمت على ملعب سانتياغو برنابيو ضمن الدوري الإسباني لكرة القدم."
    assert classify(title, text) == "رياضة"


def test_economy_article() -> None:
    text = "ارتفعت أسعار النفط في الأسواق العالمية وسجل خام برنت 75 دولارا للبرميل مع تراجع المخزونات الأمريكية."
    assert classify("النفط يرتفع", text) == "اقتصاد"


def test_empty_text_is_unclassified() -> None:
    assert classify(None, "  ...  ") == category_table()["unclassified"]


def test_every_model_label_is_a_reader_category() -> None:
    model = load_model()
    assert set(model.labels) <= set(category_table()["categories"])


def test_every_corpus_label_maps_into_the_set() -> None:
    table = category_table()
    for mapping in table["corpus_labels"].values():
        assert set(mapping.values()) <= set(table["categories"])


def test_page_labels_map_onto_ours() -> None:
    assert category_of_page("إقتصاد") == "اقتصاد"
    assert category_of_page("متفرقات") == "منوعات"
    assert category_of_page("بلا تصنيف") is None
    assert category_of_page(None) is None


def test_model_round_trips_through_npz(tmp_path) -> None:
    model = CategoryModel(np.eye(8, 2, dtype=np.float32), np.zeros(2, dtype=np.float32), ("أ", "ب"), 8)
    save_model(tmp_path / "m.npz", model)
    loaded = load_model(tmp_path / "m.npz")
    assert loaded.labels == ("أ", "ب") and loaded.buckets == 8
    assert np.allclose(loaded.weights, model.weights)
