"""Countries as the host's languages name them, so an origin said in one language is matched
against a catalog written in another: "prodotta in Cina" and "made_in: China", "Torréfié ...
en Italie" and "roasted_in: Verona, Italien", "les grains viennent du Brésil" and
"bean_origin: Brasilien". Each name reads as one key (the English name); a place not listed
(a city, a region) is matched by its spelling, accents aside ("Vérone" is "Verona").
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

#: key -> names in English, German, French, Italian, Spanish, Dutch, Portuguese, Polish and Chinese (lower case, accents kept)
COUNTRIES: dict[str, tuple[str, ...]] = {
    "usa": ("usa", "us", "u.s.", "u.s.a.", "united states", "america", "états-unis", "etats-unis", "vereinigte staaten",
            "stati uniti", "estados unidos", "美国", "verenigde staten", "eua", "stany zjednoczone", "stanach zjednoczonych", "stanów zjednoczonych"),
    "china": ("china", "chine", "cina", "prc", "中国", "国产", "chiny", "chinach"),
    "germany": ("germany", "deutschland", "allemagne", "germania", "alemania", "德国", "duitsland", "alemanha", "niemcy", "niemczech", "niemiec"),
    "italy": ("italy", "italien", "italie", "italia", "意大利", "italië", "itália", "włochy", "włoszech", "włoch"),
    "france": ("france", "frankreich", "francia", "法国", "frankrijk", "frança", "francja", "francji"),
    "spain": ("spain", "spanien", "espagne", "spagna", "españa", "西班牙", "spanje", "espanha", "hiszpania", "hiszpanii"),
    "portugal": ("portugal", "portogallo", "葡萄牙", "portugalia", "portugalii"),
    "japan": ("japan", "japon", "giappone", "japón", "日本", "japão", "japonia", "japonii"),
    "korea": ("korea", "south korea", "südkorea", "corée", "corée du sud", "corea", "corea del sud", "韩国"),
    "taiwan": ("taiwan", "taïwan", "台湾"),
    "vietnam": ("vietnam", "viêt nam", "viet nam", "越南"),
    "thailand": ("thailand", "thaïlande", "tailandia", "泰国"),
    "indonesia": ("indonesia", "indonesien", "indonésie", "印度尼西亚", "印尼"),
    "india": ("india", "indien", "inde", "印度", "índia", "indiach", "indii"),
    "philippines": ("philippines", "philippinen", "filippine", "filipinas", "菲律宾"),
    "mexico": ("mexico", "mexiko", "mexique", "messico", "méxico", "墨西哥", "meksyk", "meksyku"),
    "canada": ("canada", "kanada", "canadá", "加拿大"),
    "brazil": ("brazil", "brasilien", "brésil", "brasile", "brasil", "巴西", "brazilië", "brazylia", "brazylii"),
    "colombia": ("colombia", "kolumbien", "colombie", "哥伦比亚"),
    "ethiopia": ("ethiopia", "äthiopien", "éthiopie", "etiopia", "etiopía", "埃塞俄比亚"),
    "uganda": ("uganda", "ouganda", "乌干达"),
    "kenya": ("kenya", "kenia", "肯尼亚"),
    "turkey": ("turkey", "türkei", "turquie", "turchia", "turquía", "土耳其", "turkije", "turquia", "turcja", "turcji"),
    "poland": ("poland", "polen", "pologne", "polonia", "波兰", "polónia", "polônia", "polska", "polsce", "polski"),
    "switzerland": ("switzerland", "schweiz", "suisse", "svizzera", "suiza", "瑞士", "zwitserland", "suíça", "szwajcaria", "szwajcarii"),
    "austria": ("austria", "österreich", "autriche", "奥地利", "oostenrijk"),
    "netherlands": ("netherlands", "holland", "niederlande", "pays-bas", "paesi bassi", "países bajos", "荷兰", "nederland", "holanda", "países baixos", "holandia", "holandii"),
    "belgium": ("belgium", "belgien", "belgique", "belgio", "bélgica", "比利时", "belgië", "belgia", "belgii"),
    "uk": ("uk", "united kingdom", "britain", "great britain", "england", "großbritannien", "england", "royaume-uni",
           "angleterre", "regno unito", "inghilterra", "reino unido", "英国", "engeland", "wielka brytania", "wielkiej brytanii"),
    "sweden": ("sweden", "schweden", "suède", "svezia", "suecia", "瑞典", "zweden"),
    "denmark": ("denmark", "dänemark", "danemark", "danimarca", "dinamarca", "丹麦", "denemarken"),
    "greece": ("greece", "griechenland", "grèce", "grecia", "希腊", "griekenland", "grécia", "grecja", "grecji"),
    "australia": ("australia", "australien", "australie", "澳大利亚", "澳洲"),
    "new zealand": ("new zealand", "neuseeland", "nouvelle-zélande", "nuova zelanda", "nueva zelanda", "新西兰"),
    "sri lanka": ("sri lanka", "斯里兰卡"),
    "peru": ("peru", "pérou", "perù", "perú", "秘鲁"),
    "iran": ("iran", "irán", "iraan", "伊朗"),
    "morocco": ("morocco", "marokko", "maroc", "marocco", "marruecos", "摩洛哥"),
}
_BY_NAME = {name: key for key, names in COUNTRIES.items() for name in names}
_LATIN_NAMES = sorted((n for n in _BY_NAME if not re.search(r"[\u4e00-\u9fff]", n)), key=len, reverse=True)
_NAME_RE = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in _LATIN_NAMES) + r")(?![\w])"
                      + "|" + "|".join(re.escape(n) for n in _BY_NAME if re.search(r"[\u4e00-\u9fff]", n)), re.I)
#: "us" is a pronoun far more often than a country: only written in capitals ("made in the US") is it one
_PRONOUN = {"us"}


#: Chinese provinces and regions, as a product name begins with them ("宁夏枸杞") and an origin is said by them ("甘肃的")
CN_REGIONS = ("北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东",
           "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西",
           "西藏", "宁夏", "新疆", "香港", "澳门", "东北", "西湖", "五常", "中宁", "东阿")


def countries(text: str) -> set[str]:
    """The countries a text names, by key ("made in the USA" -> {"usa"}, "德国进口" -> {"germany"})."""
    out = set()
    for m in _NAME_RE.finditer(text):
        said = m.group(0)
        if said.lower() in _PRONOUN and said != said.upper():
            continue
        out.add(_BY_NAME[said.lower()])
    return out


def fold(word: str) -> str:
    """Lower case without accents: "Vérone" -> "verone"."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def same_place(a: str, b: str) -> bool:
    """Whether two spellings of a place name (five letters or more) are one name in two
    languages: "Vérone"/"Verona", "Italie"/"Italien"; a listed country decides by its key."""
    ka, kb = _BY_NAME.get(a.lower()), _BY_NAME.get(b.lower())
    if ka or kb:
        return ka == kb
    x, y = fold(a), fold(b)
    return min(len(x), len(y)) >= 5 and x[:3] == y[:3] and difflib.SequenceMatcher(None, x, y).ratio() >= 0.8
