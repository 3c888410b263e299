"""secretariat.prepared: statements planned once per connection, prepared again after a reconnection."""

import pytest
from django.db import connection

from secretariat.models import State
from secretariat.prepared import PreparedStatement

BY_CODE = PreparedStatement(
    "test_state_by_code",
    f"SELECT iso3, short_name_en FROM {State._meta.db_table} WHERE iso3 = %(code)s OR iso2 = %(code)s",  # noqa: S608
    {"code": "text"},
)


def test_a_statement_answers_as_its_sql_would(lebanon):
    assert BY_CODE.fetchone({"code": "LBN"}) == ("LBN", lebanon.short_name_en)
    assert BY_CODE.fetchone({"code": "LB"}) == ("LBN", lebanon.short_name_en)  # one parameter used twice
    assert BY_CODE.fetchone({"code": "XXX"}) is None


def test_it_is_prepared_once_per_connection(lebanon, django_assert_num_queries):
    if connection.vendor != "postgresql":
        pytest.skip("PREPARE: PostgreSQL")
    BY_CODE.fetchone({"code": "LBN"})
    with django_assert_num_queries(1) as context:  # EXECUTE only
        BY_CODE.fetchone({"code": "LBN"})
    assert context.captured_queries[0]["sql"].startswith("EXECUTE test_state_by_code")


def test_a_wrapper_that_forgot_reads_what_the_session_holds(lebanon, django_assert_num_queries):
    if connection.vendor != "postgresql":
        pytest.skip("PREPARE: PostgreSQL")
    BY_CODE.fetchone({"code": "LBN"})
    del connection._prepared_statements
    with django_assert_num_queries(2):  # what the session holds, then EXECUTE: no second PREPARE
        assert BY_CODE.fetchone({"code": "LBN"})[0] == "LBN"


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_again():
    if connection.vendor != "postgresql":
        pytest.skip("PREPARE: PostgreSQL")
    State.objects.create(iso3="QQQ", iso2="QQ", short_name_en="Test", short_name_ar="اختبار")
    BY_CODE.fetchone({"code": "QQQ"})
    connection.close()
    assert BY_CODE.fetchone({"code": "QQQ"}) == ("QQQ", "Test")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name = 'test_state_by_code'")
        assert cursor.fetchone() == (1,)


def test_names_and_parameters_are_checked_when_declared():
    with pytest.raises(ValueError, match="identifier"):
        PreparedStatement("drop table; --", "SELECT 1", {})
    with pytest.raises(ValueError, match="parameters"):
        PreparedStatement("missing_type", "SELECT %(a)s, %(b)s", {"a": "integer"})
