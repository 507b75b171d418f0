"""Invented people for the demo nominations: given names, family names common in each taking-part
country (one family per person, so every name is distinct), posts that agree with the holder's gender,
and an X handle made from the English name."""

import random
import re

GIVEN = {
    "m": [("أحمد", "Ahmed"), ("محمد", "Mohamed"), ("خالد", "Khaled"), ("يوسف", "Youssef"), ("عمر", "Omar"),
          ("طارق", "Tarek"), ("كريم", "Karim"), ("ماجد", "Majed"), ("زياد", "Ziad"), ("حسن", "Hassan"),
          ("فيصل", "Faisal"), ("عبد الله", "Abdullah"), ("ياسين", "Yassine"), ("منير", "Mounir")],
    "f": [("سارة", "Sara"), ("ليلى", "Layla"), ("نور", "Nour"), ("مريم", "Mariam"), ("هدى", "Hoda"),
          ("رنا", "Rana"), ("سلمى", "Salma"), ("دينا", "Dina"), ("فاطمة", "Fatima"), ("ريم", "Reem"),
          ("أمل", "Amal"), ("هالة", "Hala")],
}
# Disjoint between countries, at least eight each: the demo nominates eight personalities per country.
FAMILIES = {
    "EG": [("فهمي", "Fahmy"), ("الشناوي", "El-Shennawy"), ("رضوان", "Radwan"), ("حجازي", "Hegazy"),
           ("الجمال", "El-Gamal"), ("سليمان", "Soliman"), ("عبد الحميد", "Abdelhamid"), ("البنا", "El-Banna"),
           ("منصور", "Mansour")],
    "JO": [("الزعبي", "Al-Zoubi"), ("المجالي", "Al-Majali"), ("العبادي", "Al-Abbadi"), ("الخصاونة", "Al-Khasawneh"),
           ("الطراونة", "Al-Tarawneh"), ("الروابدة", "Al-Rawabdeh"), ("الفايز", "Al-Fayez"), ("النسور", "Al-Nsour"),
           ("الحمود", "Al-Hmoud")],
    "IQ": [("الجبوري", "Al-Jubouri"), ("العبيدي", "Al-Obaidi"), ("الدليمي", "Al-Dulaimi"), ("الربيعي", "Al-Rubaie"),
           ("الساعدي", "Al-Saadi"), ("الحكيم", "Al-Hakim"), ("التميمي", "Al-Tamimi"), ("الخفاجي", "Al-Khafaji"),
           ("البياتي", "Al-Bayati")],
    "AE": [("الكعبي", "Al-Kaabi"), ("المنصوري", "Al-Mansouri"), ("الظاهري", "Al-Dhaheri"), ("النعيمي", "Al-Nuaimi"),
           ("الشامسي", "Al-Shamsi"), ("المهيري", "Al-Muhairi"), ("الهاشمي", "Al-Hashimi"), ("السويدي", "Al-Suwaidi"),
           ("الكتبي", "Al-Ketbi")],
    "SA": [("القحطاني", "Al-Qahtani"), ("الشمري", "Al-Shammari"), ("العتيبي", "Al-Otaibi"), ("الدوسري", "Al-Dossari"),
           ("الغامدي", "Al-Ghamdi"), ("الحربي", "Al-Harbi"), ("الزهراني", "Al-Zahrani"), ("المطيري", "Al-Mutairi"),
           ("السبيعي", "Al-Subaie")],
    "TN": [("بن سالم", "Ben Salem"), ("الطرابلسي", "Trabelsi"), ("الجلاصي", "Jlassi"), ("الحمامي", "Hammami"),
           ("بن عمار", "Ben Ammar"), ("الشابي", "Chebbi"), ("المرزوقي", "Marzouki"), ("الغربي", "Gharbi"),
           ("الدريدي", "Dridi")],
    "MA": [("العلوي", "Alaoui"), ("الفاسي", "El Fassi"), ("التازي", "Tazi"), ("بناني", "Bennani"),
           ("الإدريسي", "Idrissi"), ("برادة", "Berrada"), ("العمراني", "El Amrani"), ("الشرقاوي", "Cherkaoui"),
           ("الصقلي", "Skalli")],
}
# (his post, her post); {body} is the sector's government body, {portfolio} its minister's portfolio.
POSTS = [("وزير {portfolio}", "وزيرة {portfolio}"),
         ("وكيل وزارة {portfolio}", "وكيلة وزارة {portfolio}"),
         ("المتحدث الرسمي باسم {body}", "المتحدثة الرسمية باسم {body}"),
         ("مدير الإعلام في {body}", "مديرة الإعلام في {body}")]
PORTFOLIOS = {"health": "الصحة", "telecom-it": "الاتصالات وتقنية المعلومات", "finance": "المالية",
              "education": "التربية والتعليم", "interior": "الداخلية", "local-government": "الإدارة المحلية",
              "tourism-culture": "السياحة والآثار"}
HANDLE_MAX = 15  # X's limit on a handle's length


def families(rng: random.Random, country: str, count: int) -> list[tuple[str, str]]:
    """``count`` different families of the country, in a seeded order."""
    return rng.sample(FAMILIES[country], count)


def person(rng: random.Random, family: tuple[str, str]) -> tuple[str, str, str, str]:
    """(gender, Arabic name, English name, X handle) of someone of this family."""
    gender = rng.choice(("m", "f"))
    given_ar, given_en = rng.choice(GIVEN[gender])
    handle = re.sub(r"[^A-Za-z]", "", given_en + family[1])
    if len(handle) > HANDLE_MAX:
        handle = given_en[0] + re.sub(r"[^A-Za-z]", "", family[1])
    return gender, f"{given_ar} {family[0]}", f"{given_en} {family[1]}", handle


def post(rng: random.Random, gender: str, sector: str, body: str, taken: set[tuple[str, int]]) -> str:
    """A post in the sector that nobody of the same country holds yet (``taken``: sector and post
    index, updated), worded for the holder's gender."""
    free = [i for i in range(len(POSTS)) if (sector, i) not in taken] or list(range(len(POSTS)))
    chosen = rng.choice(free)
    taken.add((sector, chosen))
    return POSTS[chosen][gender == "f"].format(body=body, portfolio=PORTFOLIOS[sector])
