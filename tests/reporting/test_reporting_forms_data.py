"""The form sets as data: both conventions' forms A–J, labelled in English and Arabic, loaded idempotently."""

import pytest
from django.core.exceptions import ValidationError

from reporting import services
from reporting.forms_data import load_report_forms
from reporting.models import ColumnDefinition, FieldDefinition, FormSet, FormTemplate
from tests.reporting.reporting_helpers import submit_simple


def test_both_sets_have_forms_a_to_j_labelled_in_english_and_arabic(forms_loaded):
    for code in ("APMBC", "CCM"):
        letters = list(
            FormTemplate.objects.filter(form_set__convention__code=code).values_list("letter", flat=True)
        )
        assert letters == list("ABCDEFGHIJ")
    assert not FieldDefinition.objects.filter(label_ar="").exists()
    assert not ColumnDefinition.objects.filter(label_ar="").exists()
    assert not FormTemplate.objects.filter(title_fr="").exists()


def test_apmbc_form_c_has_mined_areas_and_land_released(forms_loaded):
    c = FormTemplate.objects.get(form_set__convention__code="APMBC", letter="C")
    areas = c.fields.get(key="areas")
    assert list(areas.columns.values_list("key", flat=True)) == [
        "location",
        "size",
        "status",
        "mine_type",
        "mine_quantity",
        "emplaced_on",
    ]
    assert areas.columns.get(key="size").unit == "m²"
    assert list(c.fields.get(key="land_released").columns.filter(total=True).values_list("key", flat=True)) == [
        "cleared", "reduced", "cancelled", "mines_destroyed",
    ]  # fmt: skip


def test_loading_twice_changes_nothing(forms_loaded):
    assert load_report_forms() == (0, 0)


def test_a_used_set_keeps_its_structure(draft, lebanon_delegate, ccm_staff):
    submit_simple(lebanon_delegate, draft)
    column = ColumnDefinition.objects.get(
        field__form__form_set=draft.form_set, field__form__letter="B", field__key="stockpile", key="quantity"
    )
    services.template_record_save(actor=ccm_staff, instance=column, label_ar="العدد")  # wording: allowed
    with pytest.raises(ValidationError):
        services.template_record_save(actor=ccm_staff, instance=column, kind="text")
    assert FormSet.objects.count() == 2
