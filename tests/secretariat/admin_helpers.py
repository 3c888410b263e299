"""Helpers for driving the admin's change forms in tests: GET the form, change a few values, POST it."""

import datetime

from django.urls import reverse


def admin_url(model: str, view: str = "changelist", *args) -> str:
    return reverse(f"admin:secretariat_{model}_{view}", args=args)


def _encode(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def form_post_data(response) -> dict:
    """The POST a browser would send for the change form in ``response``, unchanged."""
    data: dict = {}

    def add_form(form):
        for name in form.fields:
            value = _encode(form[name].value())
            if value is not None:
                data[form.add_prefix(name)] = value

    add_form(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for form in formset.forms:
            add_form(form)
    return data


def add_inline_row(data: dict, prefix: str, values: dict) -> None:
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = index + 1


def page_errors(response) -> list[str]:
    """Every error message shown on a change form (main form and inlines)."""
    errors = []
    form = response.context["adminform"].form
    for name, messages in form.errors.items():
        errors += [f"{name}: {m}" for m in messages]
    for inline in response.context["inline_admin_formsets"]:
        for inline_form in inline.formset.forms:
            for name, messages in inline_form.errors.items():
                errors += [f"{inline.formset.prefix}.{name}: {m}" for m in messages]
    return errors
