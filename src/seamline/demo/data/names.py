"""Chinese names in pinyin, surname first, drawn from a seeded generator (never the real roster)."""

from __future__ import annotations

import random

# The most common surnames, weighted roughly by how often they occur.
SURNAMES: tuple[tuple[str, int], ...] = (
    ("Wang", 72),
    ("Li", 70),
    ("Zhang", 66),
    ("Liu", 54),
    ("Chen", 46),
    ("Yang", 33),
    ("Huang", 25),
    ("Zhao", 24),
    ("Wu", 22),
    ("Zhou", 21),
    ("Xu", 17),
    ("Sun", 15),
    ("Ma", 14),
    ("Zhu", 13),
    ("Hu", 12),
    ("Guo", 12),
    ("He", 11),
    ("Lin", 11),
    ("Gao", 11),
    ("Luo", 10),
    ("Zheng", 9),
    ("Liang", 8),
    ("Xie", 7),
    ("Song", 6),
    ("Tang", 6),
    ("Han", 6),
    ("Feng", 5),
    ("Deng", 5),
    ("Cao", 5),
    ("Peng", 5),
    ("Zeng", 5),
    ("Xiao", 5),
    ("Tian", 4),
    ("Dong", 4),
    ("Pan", 4),
    ("Yuan", 4),
    ("Cai", 4),
    ("Jiang", 4),
    ("Yu", 4),
    ("Du", 3),
    ("Ye", 3),
    ("Cheng", 3),
    ("Wei", 3),
    ("Su", 3),
    ("Lü", 3),
    ("Ding", 3),
    ("Ren", 3),
    ("Lu", 3),
    ("Shen", 3),
    ("Yao", 3),
    ("Fang", 2),
    ("Zhong", 2),
    ("Qiu", 2),
    ("Mo", 2),
)

GIVEN_FEMALE: tuple[str, ...] = (
    "Xiuying",
    "Guiying",
    "Xiulan",
    "Yufang",
    "Chunmei",
    "Haiyan",
    "Lijuan",
    "Shuzhen",
    "Yuqin",
    "Guilan",
    "Meiling",
    "Xiaoyan",
    "Cuiping",
    "Hongmei",
    "Yanping",
    "Xiaomei",
    "Lihua",
    "Jing",
    "Yan",
    "Fang",
    "Min",
    "Hong",
    "Juan",
    "Xia",
    "Ying",
    "Hui",
    "Ping",
    "Lan",
    "Qin",
    "Yun",
    "Li",
    "Na",
    "Dan",
    "Ting",
    "Xue",
    "Mei",
    "Qiong",
    "Yuxia",
    "Jinfeng",
    "Chunxia",
    "Suzhen",
    "Lingling",
    "Xiaoli",
    "Shuhua",
    "Aiping",
    "Yueqin",
)

GIVEN_MALE: tuple[str, ...] = (
    "Wei",
    "Qiang",
    "Jun",
    "Tao",
    "Bo",
    "Gang",
    "Ming",
    "Hao",
    "Yong",
    "Chao",
    "Lei",
    "Jie",
    "Jianhua",
    "Zhiqiang",
    "Jianjun",
    "Wenbin",
    "Haitao",
    "Guoqiang",
    "Dawei",
    "Xiaodong",
    "Zhiwei",
    "Jianguo",
    "Hai",
    "Peng",
    "Kai",
    "Bin",
    "Feng",
    "Liang",
)

_SURNAME_LIST = [name for name, _ in SURNAMES]
_SURNAME_WEIGHTS = [weight for _, weight in SURNAMES]


def person_name(rng: random.Random, *, female_share: float = 0.8) -> str:
    """A plausible name; most sewing operators in Chinese factories are women."""
    surname = rng.choices(_SURNAME_LIST, weights=_SURNAME_WEIGHTS)[0]
    given = rng.choice(GIVEN_FEMALE if rng.random() < female_share else GIVEN_MALE)
    return f"{surname} {given}"


def mobile_number(rng: random.Random) -> str:
    """A mainland mobile number in the usual 3-4-4 grouping."""
    prefix = rng.choice(("135", "136", "137", "138", "139", "150", "151", "158", "186", "188"))
    return f"{prefix} {rng.randint(0, 9999):04d} {rng.randint(0, 9999):04d}"
