import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from workbench.normalize import name


def test_order_case_accents_and_punctuation_do_not_matter() -> None:
    values = pl.Series(["Smith, John", "john  SMITH", "JOHN SMITH.", "José Núñez", "Nunez, Jose"])
    assert name.canonical(values).to_list() == [
        "john smith",
        "john smith",
        "john smith",
        "jose nunez",
        "jose nunez",
    ]


def test_placeholders_and_empty_are_null() -> None:
    assert name.canonical(pl.Series(["n/a", "...", "", None])).to_list() == [None] * 4


def test_similar() -> None:
    a = pl.Series(["Smith, John", "J. Smith", "John Q. Smith", "Jane Doe", "J", "John Smith", None])
    b = pl.Series(
        ["john smith", "John Smith", "John Smith", "John Smith", "John Smith", "Wei Zhang", "x"]
    )
    assert name.similar(a, b).to_list() == [True, True, True, False, False, False, None]


def test_similar_forgives_one_slip_in_a_typed_name() -> None:
    # A letter dropped (also a first one), doubled or swapped, a space dropped or moved.
    typed = [
        "Lisa Clak",
        "Sarrah Wright",
        "Lakshmi enon",
        "Sarah Wrigth",
        "LisaClark",
        "Clak, Lisa",
    ]
    meant = [
        "Lisa Clark",
        "Sarah Wright",
        "Lakshmi Menon",
        "Sarah Wright",
        "Lisa Clark",
        "Lisa Clark",
    ]
    assert name.similar(pl.Series(typed), pl.Series(meant)).to_list() == [True] * 6


def test_similar_does_not_take_another_name_for_a_slip() -> None:
    # Another first name, one mistyped letter that makes another name, short names.
    others = [
        "Mary Wilson",
        "Li Wang",
        "Li Yan",
        "Joan Wilson",
        "Martin Wilson",
        "Clak",
    ]
    names = [
        "John Wilson",
        "Li Yang",
        "Li Yang",
        "John Wilson",
        "Marvin Wilson",
        "Clark",
    ]
    assert name.similar(pl.Series(others), pl.Series(names)).to_list() == [False] * 6


def test_similar_takes_one_name_romanised_twice_for_one_name() -> None:
    # Beside a shared word, the other words sound alike: one person's name spelt by two
    # systems (Karen and Karin sound alike too, and are taken for one name).
    spelt = ["Dmytro Kravchenko", "Sergey Melnyk", "Jia Hao Li", "Bryan Smith", "Karin Wilson"]
    other = ["Dmitriy Kravchenko", "Serhii Melnyk", "Jia Hao Lee", "Brian L. Smith", "Karen Wilson"]
    assert name.similar(pl.Series(spelt), pl.Series(other)).all()


def test_similar_takes_a_nickname_beside_an_initial() -> None:
    given = ["Dave K. Smith", "Liz M. Young", "Jen T. Moore"]
    names = ["David Smith", "Elizabeth Young", "Jennifer Moore"]
    assert name.similar(pl.Series(given), pl.Series(names)).all()


def test_similar_takes_a_nickname_for_the_name() -> None:
    nicknames = ["Jon Smith", "Jim Harris", "Jen Davis", "Bill Gates"]
    names = ["John Smith", "James Harris", "Jennifer Davis", "William Gates"]
    assert name.similar(pl.Series(nicknames), pl.Series(names)).all()
    # A nickname of another name is no nickname of this one.
    assert not name.similar(pl.Series(["Jim Harris"]), pl.Series(["John Harris"])).any()


def test_similar_reads_a_name_a_bank_wrote_in_its_own_script() -> None:
    native = ["Олена Петренко", "Наталія Коваленко", "최성민", "김민준", "Małgorzata Nowak"]
    latin = [
        "Olena Petrenko",
        "Kovalenko Nataliia",
        "Choi Sung-min",
        "Kim Min-jun",
        "Malgorzata Nowak",
    ]
    assert name.similar(pl.Series(native), pl.Series(latin)).all()


def test_a_name_in_another_script_that_sounds_otherwise_is_another_name() -> None:
    native = ["王伟", "Олена Петренко", "Иван Петров", "최성민"]
    latin = ["John Smith", "Olga Petrenko", "Ivan Sidorov", "Kim Min-jun"]
    assert not name.similar(pl.Series(native), pl.Series(latin)).any()


def test_slipped_compares_words_of_four_letters_or_more() -> None:
    words = pl.Series(["yang", "clak", "anne", "chen"])
    assert name.slipped(words, pl.Series(["yan", "clark", "ann", "cheng"])).to_list() == [
        False,
        True,
        False,
        True,
    ]


@given(st.lists(st.text(max_size=30), max_size=20))
def test_never_raises_and_is_idempotent(values: list[str]) -> None:
    once = name.canonical(pl.Series(values, dtype=pl.String))
    assert len(once) == len(values)
    assert name.canonical(once).to_list() == once.to_list()
    assert name.similar(once, once).drop_nulls().all()


def test_relatives_share_a_family_name_wherever_it_is_written() -> None:
    kin = ["Yurii Kravchenko", "TAKUYA NAKAMURA", "Jesus Hernandez Rodriguez", "Анастасія Ткаченко"]
    of = ["Kravchenko Anastasiia", "Nakamura Yuko", "Miguel Ángel Hernández", "Oleksandr Tkachenko"]
    assert name.relatives(pl.Series(kin), pl.Series(of)).all()


def test_strangers_of_one_given_name_are_no_relatives() -> None:
    found = name.relatives(
        pl.Series(["John Baker", "Maria Lopez", "YUNA C. KOCH", "n/a"]),
        pl.Series(["John Smith", "Maria Garcia", "Yuna Tanaka", "Ann Lee"]),
    )
    assert found.to_list() == [False, False, False, None]


def test_similar_hears_romanisations_of_korean_and_japanese_names_alike() -> None:
    native = ["조하은", "Ren Ito", "Jang Ji-ho"]
    latin = ["Cho Ha-eun", "Ren Itoh", "Chang Ji-ho"]
    assert name.similar(pl.Series(native), pl.Series(latin)).all()


def test_similar_reads_japanese_names_written_in_kanji() -> None:
    kanji = ["中村 結衣", "佐藤優子", "田中　健", "鈴木翔太"]
    latin = ["Yui Nakamura", "SATO YUKO", "Ken Tanaka", "Shota Suzuki"]
    assert name.similar(pl.Series(kanji), pl.Series(latin)).all()
    others = ["Yui Tanaka", "Yuko Suzuki", "Kenji Tanaka", "Chen Jing"]
    assert not name.similar(pl.Series(kanji), pl.Series(others)).any()


def test_a_chinese_name_in_characters_is_the_name_written_in_a_dialect_s_spelling() -> None:
    # A bank in Singapore, Malaysia or Hong Kong pays the characters; the platform knows
    # the family name as people there spell it, the given name often in Pinyin.
    characters = ["陈雅婷", "林伟明", "黄慧敏", "王丽娜", "張志強", "陳家豪"]
    spelt = [
        "TAN YA TING",
        "Wei Ming Lim",
        "Ng Hui Min",
        "Ong Li Na",
        "Cheung Zhi Qiang",
        "Chan Jiahao",
    ]
    assert name.similar(pl.Series(characters), pl.Series(spelt)).all()
    # Another family name, or the same one with another given name, is another person.
    others = [
        "Lim Ya Ting",
        "Tan Wei Ming",
        "Ng Li Na",
        "Ong Hui Min",
        "Cheung Wei",
        "Chan Wai Kit",
    ]
    assert not name.similar(pl.Series(characters), pl.Series(others)).any()


def test_similar_reads_given_names_abbreviated_as_the_philippines_write_them() -> None:
    short = ["Ma. Reyes", "Ma. Cristina Santos", "JP Mendoza", "MJ Dela Cruz", "Wei Ming NG"]
    full = ["Maria Reyes", "Maria Cristina Santos", "John Paul Mendoza", "Mary Jane Dela Cruz"]
    full.append("Ng Wei Ming")  # capitals that are a family name stay one
    assert name.similar(pl.Series(short), pl.Series(full)).all()
    others = ["Marco Reyes", "Marco Santos", "John Mendoza", "Mark Dela Cruz", "Nam Gao Wei Ming"]
    assert not name.similar(pl.Series(short), pl.Series(others)).any()


def test_similar_knows_the_spellings_korean_family_names_are_written_with() -> None:
    one = ["이현우", "박현우", "Rhee Junhyeok", "Bak Jiho", "Im Seojun", "Yi Minjun"]
    same = [
        "Lee Hyun-woo",
        "Park Hyun-woo",
        "Lee Jun-hyuk",
        "Park Ji-ho",
        "Lim Seo-jun",
        "LEE MIN-JUN",
    ]
    assert name.similar(pl.Series(one), pl.Series(same)).all()
    other = [
        "Park Hyun-woo",
        "Lee Hyun-woo",
        "Kim Jun-hyuk",
        "Choi Ji-ho",
        "Lim Seo-yeon",
        "Kim Min-jun",
    ]
    assert not name.similar(pl.Series(one), pl.Series(other)).any()


def test_relatives_hear_a_family_name_romanised_otherwise_or_in_its_feminine_form() -> None:
    kin = ["Serhii Lysenko", "Lukasz Dabrowski", "Petr Ivanov", "Jericho Dela Cruz", "임지우"]
    of = [
        "Анастасія Лисенко",
        "Joanna Dabrowska",
        "Anna Ivanova",
        "Mary Grace Delacruz",
        "Lim Ha-eun",
    ]
    assert name.relatives(pl.Series(kin), pl.Series(of)).all()


def test_a_given_name_a_family_name_grew_from_makes_no_relatives() -> None:
    found = name.relatives(
        pl.Series(["Ivan Petrov", "Lee Min-jun", "Jan Kowalski", "陈静"]),
        pl.Series(["Maria Ivanova", "Park Min-jun", "Anna Nowak", "Yuki Tanaka"]),
    )
    assert not found.any()


def test_family_names_that_only_sound_alike_make_no_relatives() -> None:
    found = name.relatives(
        pl.Series(["Brian Jones", "Mark Peters"]), pl.Series(["Amanda Brown", "Anna Marek"])
    )
    assert not found.any()


def test_a_double_family_name_makes_relatives_of_either_half() -> None:
    found = name.relatives(
        pl.Series(["Anna Kowalska-Nowak", "Mary Smith-Jones", "María García-López"]),
        pl.Series(["Jan Nowak", "John Smith", "Pedro López"]),
    )
    assert found.all()


def test_hyphenated_given_names_stay_given_names_where_they_stand() -> None:
    found = name.relatives(
        pl.Series(["Jean-Pierre Dupont", "Wang Hsiao-ming", "Kim Ji-woo", "Seo-yeon Park"]),
        pl.Series(["Jean-Pierre Martin", "Chen Hsiao-ming", "Choi Ji-woo", "Seo-yeon Kang"]),
    )
    assert not found.any()
