"""Names in Latin letters, read the ways the people who write them read them.

A bank writes a payee in its own script ("Олена Петренко", "최성민", "中村 結衣"), a
platform in Latin letters, and two romanisations of one name differ ("Dmitriy" and
"Dmytro", "Lee" and "Rhee", "Bak" and "Park"). `readings` gives a name's words in
Latin letters, once for each way its script is read; `sound` codes a word so that
romanisations of one sound agree, and `folded` spells them alike.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import jellyfish
from anyascii import anyascii

if TYPE_CHECKING:
    from cutlet import Cutlet

#: Korean family names (Hangul) and the spellings they are written with in Latin
#: letters: the customary ones people use in passports and at banks, then the Revised
#: Romanization's. A name that two spellings share ("Yu", "Chun") reads as one.
KOREAN_FAMILY_NAMES = (
    ("김", "kim", "gim"),
    ("이", "lee", "yi", "rhee", "ri", "rhie"),
    ("박", "park", "pak", "bak", "bahk"),
    ("최", "choi", "choe"),
    ("정", "jung", "jeong", "chung"),
    ("강", "kang", "gang"),
    ("조", "cho", "jo"),
    ("윤", "yoon", "yun"),
    ("장", "jang", "chang"),
    ("임", "lim", "im", "rim", "yim"),
    ("한", "han"),
    ("오", "oh"),
    ("서", "seo", "suh"),
    ("신", "shin", "sin"),
    ("권", "kwon", "gwon"),
    ("황", "hwang"),
    ("안", "ahn", "an"),
    ("송", "song"),
    ("전", "jeon", "jun", "chun", "chon"),
    ("홍", "hong"),
    ("유", "yoo", "yu"),
    ("류", "ryu", "yoo", "ryoo"),
    ("고", "ko", "go"),
    ("문", "moon", "mun"),
    ("양", "yang"),
    ("손", "son", "sohn"),
    ("배", "bae", "pae"),
    ("백", "baek", "paik", "baik"),
    ("허", "heo", "hur", "huh"),
    ("남", "nam"),
    ("심", "shim", "sim"),
    ("노", "noh", "roh", "no", "ro"),
    ("하", "ha"),
    ("곽", "kwak", "gwak"),
    ("성", "sung", "seong"),
    ("차", "cha"),
    ("주", "joo", "ju", "chu"),
    ("우", "woo"),
    ("구", "koo", "ku", "gu"),
    ("민", "min"),
    ("나", "na", "ra"),
    ("진", "jin", "chin"),
    ("지", "ji", "chi"),
    ("엄", "um", "eom"),
    ("채", "chae"),
    ("원", "won"),
    ("천", "cheon", "chun"),
    ("방", "bang"),
    ("공", "kong", "gong"),
    ("현", "hyun", "hyeon"),
    ("함", "ham"),
    ("변", "byun", "byeon"),
    ("염", "yeom", "yum"),
    ("여", "yeo", "yuh"),
    ("추", "choo", "chu"),
    ("도", "do", "doh"),
    ("석", "seok", "suk"),
    ("길", "gil", "kil"),
    ("표", "pyo"),
    ("명", "myung", "myeong"),
    ("기", "ki", "gi"),
    ("반", "ban", "pan"),
    ("왕", "wang"),
)

#: Chinese family names (simplified and traditional characters) and the spellings they
#: are written with in Latin letters besides Pinyin, which anyascii reads: Wade–Giles
#: (Taiwan), Cantonese (Hong Kong, Macau), Hokkien, Teochew and Hakka (Singapore,
#: Malaysia, Indonesia, the Philippines) and Vietnamese. A bank in Singapore pays
#: "陈雅婷" to the "Tan Ya Ting" a platform knows; Hong Kong's is "Chan". After the
#: table of common Chinese surnames and their romanisations in Wikipedia's "List of
#: common Chinese surnames".
CHINESE_FAMILY_NAMES = (
    ("王", "wong", "ong", "heng"),
    ("李", "lee", "lei", "lie", "ly"),
    ("张張", "chang", "cheung", "teo", "teoh", "chong", "tiong"),
    ("刘劉", "lau", "low", "liew", "lao"),
    ("陈陳", "chan", "tan", "chin", "tran"),
    ("杨楊", "yeung", "yeo", "yeoh", "young"),
    ("黄黃", "wong", "ng", "wee", "oei", "hwang", "huynh"),
    ("赵趙", "chao", "chiu"),
    ("吴吳", "ng", "goh", "woo", "go", "ngo"),
    ("周", "chou", "chow", "chau", "chew"),
    ("徐", "hsu", "tsui", "chee"),
    ("孙孫", "suen", "sng"),
    ("马馬", "mah", "beh"),
    ("朱", "chu", "choo"),
    ("胡", "wu", "woo"),
    ("郭", "kuo", "kwok", "quek", "kok"),
    ("何", "ho", "hoe"),
    ("林", "lam", "lim", "lum", "liem"),
    ("罗羅", "lo", "law", "loh", "lor"),
    ("高", "kao", "ko", "koh"),
    ("郑鄭", "cheng", "tay", "teh", "tee"),
    ("梁", "leung", "leong", "neo"),
    ("谢謝", "hsieh", "tse", "chia", "seah"),
    ("宋", "sung", "soong"),
    ("唐", "tong", "tng"),
    ("许許", "hsu", "hui", "koh", "khoo"),
    ("邓鄧", "teng", "tang"),
    ("冯馮", "fung"),
    ("韩韓", "hon"),
    ("曹", "tsao", "tso"),
    ("曾", "tseng", "tsang"),
    ("彭", "pang", "phang"),
    ("萧蕭", "hsiao", "siu", "seow"),
    ("蔡", "tsai", "choi", "choy", "chua", "chuah"),
    ("潘", "poon", "phua", "pun"),
    ("叶葉", "yeh", "yip", "yap", "yeap"),
    ("苏蘇", "so", "soh", "saw"),
    ("沈", "sham", "shum", "sim"),
    ("钟鍾鐘", "chung", "cheong", "chong"),
    ("邱", "chiu", "yau", "khoo", "hew"),
    ("江", "chiang", "kong", "kang"),
    ("蒋蔣", "chiang", "cheung"),
    ("傅", "foo", "poh"),
    ("方", "fong", "png"),
    ("杜", "tu", "to", "toh"),
    ("袁", "yuen"),
    ("姚", "yiu"),
    ("卢盧", "lo", "lou", "loo"),
    ("吕呂", "lui"),
    ("丁", "ting", "teng"),
    ("范", "faan", "pham"),
    ("董", "tung"),
    ("田", "tien", "tin"),
)

#: Given names whose Russian and Ukrainian forms sound otherwise, the Russian first, each
#: as it is commonly romanised:
#: one person is "Elena" or "Aleksandr" on a card issued in Russian and "Olena" or
#: "Oleksandr" in a Ukrainian passport. Forms that differ in spelling alone ("Sergey"
#: and "Serhii", "Irina" and "Iryna", "Olga" and "Olha", "Vladimir" and "Volodymyr")
#: need no entry: Metaphone reads them as one.
EAST_SLAVIC_NAME_FORMS = (
    ("aleksandr", "alexander", "alexandr", "oleksandr", "olexandr"),
    ("aleksey", "alexey", "oleksiy", "oleksii", "olexiy"),
    ("elena", "yelena", "olena"),
    ("ekaterina", "yekaterina", "kateryna"),
    ("nikolay", "mykola"),
    ("evgeniy", "evgeny", "yevgeniy", "yevgeny", "yevhen", "yevhenii"),
    ("konstantin", "kostiantyn", "kostyantyn"),
    ("anastasia", "anastasiya", "anastasiia"),
)

#: Letters that romanisations of one sound write either way: "y" or "i" (Nataliya,
#: Nataliia), voiced or not (Korean's Gim and Kim, Dong and Tong, Bak and Pak).
_ROMANISED_ALIKE = str.maketrans("ygdb", "iktp")

#: An "h" that is a letter of its own, not of "ch", "sh", "th", "kh", "ph" or "zh":
#: Ukrainian "г" is romanised "h" or "g" (Serhii, Sergiy).
_LONE_H = re.compile(r"(?<![cstkpz])h")

#: Spellings that romanisations of one sound write either way, replaced first: Korean's
#: "ㅈ" is "j" or "ch" (Jo and Cho, Jung and Chung); a silent "h" ends a word (Itoh,
#: Ito).
_ROMANISED_SPELLINGS = ((re.compile(r"ch"), "j"), (re.compile(r"(?<=[aeiou])h$"), ""))

#: The second letter of a long vowel in a Japanese reading ("Satou", "Yuuko", "Oono"),
#: which passports and banks leave out ("Sato", "Yuko", "Ono").
_LONG_VOWEL = re.compile(r"(?<=o)[ou]|(?<=u)u")

#: "Ma.", the abbreviation of María before another given name.
_MARIA = re.compile(r"\bMa\.(?=\s)")

#: Two or three capital consonants standing alone: given names written as their initials.
_JOINED_INITIALS = re.compile(r"\b[B-DF-HJ-NP-TV-Z]{2,3}\b")

#: Hangul syllables (each one word of a name), Han characters, and the scripts whose
#: names are written family name first: Hangul, kana and Han.
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_FAMILY_FIRST = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff]")


def family_name_first(name: str) -> bool:
    """Is a name written in a script whose names put the family name first: Hangul, kana or
    Han characters?

    Examples
    --------
    >>> [family_name_first(name) for name in ("최성민", "中村 結衣", "Choi Sung-min")]
    [True, True, False]
    """
    return _FAMILY_FIRST.search(name) is not None


@cache
def _korean_spellings() -> tuple[dict[str, str], dict[str, str]]:
    """Each Korean family name's spellings, and its Hangul, as one spelling of it: the
    first of its entry in `KOREAN_FAMILY_NAMES`, or of an earlier entry it shares one with."""
    spelling_of: dict[str, str] = {}
    hangul_of: dict[str, str] = {}
    for hangul, *spellings in KOREAN_FAMILY_NAMES:
        one = next((spelling_of[s] for s in spellings if s in spelling_of), spellings[0])
        spelling_of.update(dict.fromkeys(spellings, one))
        hangul_of[hangul] = one
    return spelling_of, hangul_of


@cache
def _chinese_spellings() -> dict[str, tuple[str, ...]]:
    """Each Chinese family name's character and its spellings (`CHINESE_FAMILY_NAMES`), as
    `_words` reads them."""
    return {
        character: tuple(_words(spelling)[0] for spelling in spellings)
        for characters, *spellings in CHINESE_FAMILY_NAMES
        for character in characters
    }


def _written_out(latin: str) -> str:
    """A name with its abbreviated given names written out: "Ma." as Maria, as the
    Philippines and Spanish-speaking countries abbreviate it, and two or three capital
    consonants standing together as the initials they are ("JP" for John Paul, "MJ" for
    Mary Jane), unless they spell a family name ("Wei Ming NG").

    Examples
    --------
    >>> _written_out("Ma. Cristina Reyes"), _written_out("JP Bautista")
    ('Maria Cristina Reyes', 'J P Bautista')
    """
    family_names = _family_name_spellings()

    def initials(capitals: re.Match[str]) -> str:
        word = capitals.group()
        return word if word.lower() in family_names else " ".join(word)

    return _JOINED_INITIALS.sub(initials, _MARIA.sub("Maria", latin))


@cache
def _family_name_spellings() -> frozenset[str]:
    """Every spelling of a Chinese or Korean family name in the tables."""
    return frozenset(
        spelling
        for _, *spellings in (*CHINESE_FAMILY_NAMES, *KOREAN_FAMILY_NAMES)
        for spelling in spellings
    )


@cache
def _japanese() -> Cutlet:
    """cutlet's reader of Japanese (MeCab's UniDic dictionary), loaded on first use."""
    from cutlet import Cutlet

    reader = Cutlet()
    reader.use_foreign_spelling = False
    return reader


def _words(latin: str) -> tuple[str, ...]:
    """Lower-case words of Latin text; a capital inside a word starts another (anyascii
    writes each Han character so: "ZhongCun"), an apostrophe joins ("Mel'nyk"), and a
    Korean family name's spelling is the one `_korean_spellings` reads it as."""
    spelling_of, _ = _korean_spellings()
    split = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", latin).lower()
    words = re.sub(r"[^a-z]+", " ", re.sub(r"['`]", "", split)).split()
    return tuple(spelling_of.get(word, word) for word in words)


def _hangul_apart(name: str) -> str:
    """A name with each Hangul syllable a word of its own in Latin letters: a family name's
    as `_korean_spellings` reads it ("이" is "lee"), the rest as anyascii does."""
    _, hangul_of = _korean_spellings()

    def read(syllable: re.Match[str]) -> str:
        character = syllable.group()
        return f" {hangul_of.get(character) or anyascii(character).lower()} "

    return _HANGUL.sub(read, name)


#: Names whose readings are kept, most recently read first: a run reads each distinct
#: payee and contractor name several times; a notebook kernel reads case after case.
READINGS_KEPT = 1 << 18


@lru_cache(maxsize=READINGS_KEPT)
def readings(name: str) -> tuple[tuple[str, ...], ...]:
    """A name's words in Latin letters, lower-case, once for each way it is read.

    Latin, Cyrillic, Hangul and most scripts have one reading (anyascii's; a Hangul
    syllable is a word, a Korean family name is spelt as people spell it). Han
    characters have a Chinese reading (anyascii's Pinyin), one more for each customary
    spelling of a Chinese family name (`CHINESE_FAMILY_NAMES`) and, where a Japanese
    dictionary knows every one of them, a Japanese reading (cutlet's romaji, long vowels
    written short as in passports), since a name in kanji may be either. A name with
    abbreviated given names has one more reading with them written out (`_written_out`).

    Examples
    --------
    >>> readings("Олена Петренко")
    (('olena', 'petrenko'),)
    >>> readings("이현우")
    (('lee', 'hyun', 'woo'),)
    >>> readings("Rhee Hyeon-woo")
    (('lee', 'hyun', 'woo'),)
    >>> readings("佐藤 健")
    (('zuo', 'teng', 'jian'), ('sato', 'ken'))
    >>> readings("林 佳慧")[:3]
    (('lin', 'jia', 'hui'), ('lam', 'jia', 'hui'), ('lim', 'jia', 'hui'))
    >>> readings("JP Ma. Santos")
    (('jp', 'ma', 'santos'), ('j', 'p', 'maria', 'santos'))
    """
    latin = anyascii(_hangul_apart(name))
    found = [_words(latin)]
    # A Chinese family name comes first, and its customary spellings read as Pinyin does.
    for spelling in _chinese_spellings().get(name.strip()[:1], ()):
        found.append((spelling, *found[0][1:]))
    if _HAN.search(name) and (japanese := _japanese_reading(name)) is not None:
        found.append(_words(_LONG_VOWEL.sub("", japanese.lower())))
    found.append(_words(_written_out(latin)))
    return tuple(dict.fromkeys(found))


def _japanese_reading(name: str) -> str | None:
    """cutlet's romaji of a name, or None where its dictionary does not know a character
    (it writes "?") or its kana table has none (a code point Unicode left unassigned among
    the kana raises KeyError: a name is attacker-chosen text)."""
    try:
        japanese = _japanese().romaji(name)
    except KeyError:
        return None
    return None if "?" in japanese else japanese


@cache
def folded(word: str) -> str:
    """A word with the letters that romanisations of one sound write either way folded
    (`_ROMANISED_SPELLINGS`, `_LONE_H`, `_ROMANISED_ALIKE`): "Lysenko" and "Lisenko",
    "Oliinyk" and "Oliynik" are one spelling.

    Examples
    --------
    >>> [folded(word) for word in ("lysenko", "lisenko", "oliinyk", "oliynik", "itoh")]
    ['lisenko', 'lisenko', 'oliinik', 'oliinik', 'ito']
    """
    for spelling, written in _ROMANISED_SPELLINGS:
        word = spelling.sub(written, word)
    return _LONE_H.sub("k", word).translate(_ROMANISED_ALIKE)


@cache
def sound(word: str) -> str:
    """A word's sound: its letters `folded` and coded by Metaphone, so that the
    romanisations of one name agree, and the Russian and Ukrainian forms of one given
    name are one (`EAST_SLAVIC_NAME_FORMS`).

    Examples
    --------
    >>> [sound(word) for word in ("choe", "choi", "gim", "kim", "sergiy", "serhii")]
    ['J', 'J', 'KM', 'KM', 'SRK', 'SRK']
    >>> sound("elena") == sound("olena"), sound("elena") == sound("alina")
    (True, False)
    """
    letters = folded(word)
    return str(jellyfish.metaphone(_name_forms().get(letters, letters)))


@cache
def _name_forms() -> dict[str, str]:
    """Each form in `EAST_SLAVIC_NAME_FORMS`, `folded`, and its name's first form."""
    return {folded(form): folded(forms[0]) for forms in EAST_SLAVIC_NAME_FORMS for form in forms}
