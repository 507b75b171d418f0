from hypothesis import given
from hypothesis import strategies as st

from shared.names import account_handle, normalise_arabic, normalise_latin

ARABIC_LETTERS = st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويأإآٱىةؤئ "))
DIACRITICS = st.sampled_from(["\u064b", "\u064c", "\u064d", "\u064e", "\u064f", "\u0650", "\u0651",
                              "\u0652", "\u0670", "\u0640"])
arabic_names = st.text(ARABIC_LETTERS, min_size=1, max_size=40)


def test_the_issues_examples() -> None:
    assert normalise_arabic("وِزَارَةُ الصِّحَّة") == normalise_arabic("وزارة الصحه")
    assert normalise_arabic("هيئة الإمارات") == normalise_arabic("هيئه الامارات")
    assert normalise_arabic("آل مكتوم") == normalise_arabic("ال مكتوم")
    assert normalise_arabic("مستشفى ٥٧٣٥٧") == normalise_arabic("مستشفي 57357")
    assert normalise_arabic("وزارة  الـــمالية\t") == "وزاره الماليه"


@given(arabic_names)
def test_normalising_twice_changes_nothing(name: str) -> None:
    assert normalise_arabic(normalise_arabic(name)) == normalise_arabic(name)


@given(st.lists(st.tuples(ARABIC_LETTERS, st.lists(DIACRITICS, max_size=3)), min_size=1, max_size=30))
def test_diacritics_and_tatweel_never_distinguish_names(letters: list[tuple[str, list[str]]]) -> None:
    plain = "".join(letter for letter, _ in letters)
    decorated = "".join(letter + "".join(marks) for letter, marks in letters)
    assert normalise_arabic(decorated) == normalise_arabic(plain)


@given(arabic_names, st.sampled_from(["أ", "إ", "آ", "ٱ"]))
def test_every_alef_form_is_the_same_letter(name: str, alef: str) -> None:
    assert normalise_arabic(name.replace("ا", alef)) == normalise_arabic(name)


@given(arabic_names, st.text(st.sampled_from(" \t\n\u00a0"), min_size=1, max_size=4))
def test_whitespace_is_folded(name: str, space: str) -> None:
    assert normalise_arabic(space + name.replace(" ", space) + space) == normalise_arabic(name)


def test_distinct_names_stay_distinct() -> None:
    assert normalise_arabic("وزارة الصحة") != normalise_arabic("وزارة المالية")


def test_latin_names_ignore_case_punctuation_and_spacing() -> None:
    assert normalise_latin("Ministry of Health & Population") == normalise_latin("ministry  of health population")


def test_account_handles() -> None:
    assert account_handle("https://x.com/@MOF_Egypt/") == "mof_egypt"
    assert account_handle("https://www.facebook.com/") is None
