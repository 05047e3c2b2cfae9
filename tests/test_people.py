"""The rule that joins name forms into people (``cablegate.people``): tables of cases that must
join, must not, and joins that must be shown as uncertain."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablegate.people import Mention, given_match, join, split_name, surname_key


def _m(name: str, post: str, month: str, role: str = "", count: int = 1) -> Mention:
    role = role or ("signer" if name.upper() == name else "classifier")
    return Mention(surname_key(name), name, post, month, role, count)


@pytest.mark.parametrize(
    ("name", "given_names", "surname"),
    [
        ("J. Curtis Struble", ("J", "Curtis"), "STRUBLE"),
        ("STRUBLE", (), "STRUBLE"),
        ("Robert O. Blake, Jr.", ("Robert", "O"), "BLAKE"),
        ("Antonio O. Garza Jr", ("Antonio", "O"), "GARZA"),
        ("Carol van Voorst", ("Carol",), "VAN VOORST"),
        ("VAN VOORST", (), "VAN VOORST"),
        ("Velia M. De Pirro", ("Velia", "M"), "DE PIRRO"),
        ("O'DONOHUE", (), "ODONOHUE"),
        ("Richard LeBaron", ("Richard",), "LEBARON"),
        ("...", (), ""),
    ],
    ids=lambda v: str(v),
)
def test_split_name(name: str, given_names: tuple[str, ...], surname: str) -> None:
    assert split_name(name) == (given_names, surname)


# (name forms with post and month) -> how many people they make, and which forms go together
MUST_JOIN = [
    pytest.param(
        [("J. Curtis Struble", "embassy-lima", "2007-02"),
         ("Curtis Struble", "embassy-lima", "2007-05"),
         ("STRUBLE", "embassy-lima", "2007-03")],
        id="seed-07LIMA487-struble",
    ),
    pytest.param(
        [("Gene A. Cretz", "embassy-tripoli", "2009-01"),
         ("Gene Cretz", "embassy-tripoli", "2009-06"),
         ("CRETZ", "embassy-tripoli", "2009-02")],
        id="cretz-middle-initial",
    ),
    pytest.param(
        [("Carol van Voorst", "embassy-reykjavik", "2006-01"),
         ("Carol Van Voorst", "embassy-reykjavik", "2007-01"),
         ("VAN VOORST", "embassy-reykjavik", "2006-05")],
        id="van-voorst-particle",
    ),
    pytest.param(
        [("Robert O. Blake, Jr.", "embassy-colombo", "2007-04"),
         ("BLAKE", "embassy-colombo", "2007-06")],
        id="blake-suffix",
    ),
    pytest.param(
        [("Margaret Scobey", "embassy-cairo", "2008-05"),
         ("SCOBEY", "embassy-cairo", "2009-01"),
         ("SCOBEY", "embassy-cairo", "2010-02")],
        id="scobey-signer-over-two-years",
    ),
    pytest.param(
        [("E. Anthony Wayne", "embassy-buenos-aires", "2007-01"),
         ("E.A. Wayne", "embassy-buenos-aires", "2007-03"),
         ("Earl Anthony Wayne", "embassy-buenos-aires", "2008-01")],
        id="wayne-initials",
    ),
]  # fmt: skip


@pytest.mark.parametrize("forms", MUST_JOIN)
def test_forms_join_into_one_person(forms: list[tuple[str, str, str]]) -> None:
    people = join([_m(*f) for f in forms])
    assert len(people) == 1
    assert {v.name for v in people[0].variants} == {f[0] for f in forms}


MUST_NOT_JOIN = [
    pytest.param(
        [("Gene A. Cretz", "embassy-tel-aviv", "2006-01"),
         ("Gene A. Cretz", "embassy-tripoli", "2009-01")],
        2, id="same-name-other-post",
    ),
    pytest.param(
        [("SMITH", "embassy-lima", "2001-01"), ("SMITH", "embassy-lima", "2001-06"),
         ("SMITH", "embassy-lima", "2007-01")],
        2, id="same-post-years-apart",
    ),
    pytest.param(
        [("John S. Creamer", "embassy-bogota", "2007-01"),
         ("John T. Creamer", "embassy-bogota", "2007-02")],
        2, id="other-middle-initial",
    ),
    pytest.param(
        [("Mary Smith", "embassy-paris", "2007-01"), ("John Smith", "embassy-paris", "2007-02")],
        2, id="other-given-name",
    ),
    pytest.param(
        [("STRUBLE", "embassy-lima", "2007-01"), ("STEVENS", "embassy-lima", "2007-01")],
        2, id="other-surname",
    ),
    pytest.param(
        [("Margaret Scobey", "embassy-cairo", "2008-05"), ("SCOBEY", "embassy-damascus", "2004-01")],
        2, id="signer-elsewhere",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("forms", "people"), MUST_NOT_JOIN)
def test_forms_stay_apart(forms: list[tuple[str, str, str]], people: int) -> None:
    found = join([_m(*f) for f in forms])
    assert len(found) == people
    assert len({p.slug for p in found}) == people


UNCERTAIN = [
    pytest.param(
        [("Richard Mills", "embassy-london", "2008-02"), ("Rick Mills", "embassy-london", "2008-05")],
        "Rick Mills", "short form", id="nickname",
    ),
    pytest.param(
        [("Margaret Scobey", "embassy-cairo", "2008-05"),
         ("Margaret Scobey", "embassy-cairo", "2009-05"),
         ("Magaret Scobey", "embassy-cairo", "2010-02")],
        "Magaret Scobey", "spelt", id="typo",
    ),
    pytest.param(
        [("Robert H. Tuttle", "embassy-london", "2006-08"), ("TUTTLE", "embassy-london", "2008-03")],
        "TUTTLE", "months from the nearest full name", id="bare-surname-far",
    ),
    pytest.param(
        [("Mary Smith", "embassy-paris", "2007-01"), ("John Smith", "embassy-paris", "2007-03"),
         ("SMITH", "embassy-paris", "2007-02")],
        "SMITH", "2 people of this name", id="bare-surname-two-candidates",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("forms", "doubted", "why"), UNCERTAIN)
def test_doubtful_joins_are_marked(
    forms: list[tuple[str, str, str]], doubted: str, why: str
) -> None:
    found = join([_m(*f) for f in forms])
    variants = {v.name: v for p in found for v in p.variants}
    assert not variants[doubted].certain and why in variants[doubted].why
    sure = [v for n, v in variants.items() if n != doubted and n.split()[0] != "Magaret"]
    assert all(v.certain for v in sure)


def test_bare_surname_near_a_full_name_is_certain() -> None:
    (p,) = join(
        [_m("Adam Ereli", "embassy-manama", "2008-01"), _m("ERELI", "embassy-manama", "2008-03")]
    )
    assert p.certain and p.name == "Adam Ereli" and p.slug == "ereli-embassy-manama-2008"


def test_people_of_one_stretch_get_distinct_slugs() -> None:
    found = join(
        [_m("Mary Smith", "embassy-paris", "2007-01"), _m("John Smith", "embassy-paris", "2007-02")]
    )
    assert sorted(p.slug for p in found) == [
        "smith-embassy-paris-2007-john-smith",
        "smith-embassy-paris-2007-mary-smith",
    ]


@pytest.mark.parametrize(
    ("a", "b", "how"),
    [
        (("J", "Curtis"), ("Curtis",), "same"),
        (("John",), ("J",), "same"),
        (("Richard",), ("Rick",), "nickname"),
        (("Curt",), ("Curtis",), "nickname"),
        (("Russell",), ("Ruessell",), "spelling"),
        (("John", "S"), ("John", "T"), None),
        (("Mary",), ("John",), None),
        (("Ann",), ("Anne",), "nickname"),
    ],
)
def test_given_match(a: tuple[str, ...], b: tuple[str, ...], how: str | None) -> None:
    assert given_match(a, b) == how
    assert given_match(b, a) == how


@given(st.text(max_size=60))
def test_surname_key_is_total_and_plain(name: str) -> None:
    key = surname_key(name)
    assert key == key.strip() and all(c.isalpha() and c.isascii() or c == " " for c in key)


@given(st.lists(st.tuples(st.sampled_from(["J. Curtis Struble", "STRUBLE", "Mary Smith", "SMITH", "John Smith"]),
                          st.sampled_from(["embassy-lima", "embassy-paris"]),
                          st.integers(2000, 2010), st.integers(1, 12)), max_size=30))  # fmt: skip
def test_every_mention_lands_in_exactly_one_person(rows: list[tuple[str, str, int, int]]) -> None:
    mentions = [_m(n, p, f"{y}-{m:02d}") for n, p, y, m in rows]
    found = join(mentions)
    assert sum(p.cables for p in found) == len(mentions)
    assert len({p.slug for p in found}) == len(found)
