def test_long_date_is_the_long_form_of_the_language() -> None:
    import datetime

    from django.utils import translation

    from plek.core.dates import long_date

    with translation.override("nl"):
        assert long_date(datetime.date(2025, 7, 25)) == "25 juli 2025"
    with translation.override("en"):
        assert long_date(datetime.date(2025, 7, 25)) == "25 July 2025"
