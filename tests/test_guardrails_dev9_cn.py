"""The guard on the DEV9 CN catalog (禾喜生活馆): the Chinese phrasings it missed or misread there,
each said here in words of its own, never a dataset line.

- A personal aside run into product talk ("我今天有点发烧，讲慢点：…") is read clause by clause.
- Numbers as 直播 says them: 一点四千克, 两斤半 and 两斤八两 (斤 is 500 g, 两 50 g), 十五到二十平方米 (an area),
  二十毫克, 三十八厘米, 一米二, 1.2万, 二十九块九一瓶; a bare 一百五十九 ending a sentence; 秒杀/减完 before a price.
- Prices worked out: an order's total ("拍三瓶五十九块七"), a price per 100 g said before it ("合一百克…"),
  a price per day of a pack's supply ("一天两块一毛多"), 日常 as the reference.
- Others' claims reported ("别家喊史上最低价", "别的直播间号称卖了…") and the catalog's own sales count.
- Deadlines: 下周 is a week-long window; 下播 is a deadline only as one ("下播就恢复原价").
- Catalog facts: 不含 denials, a denial of one part (机身不可水洗) beside a grant to another (滤网可水洗),
  无线款 / 浴室使用, denying what a fact says it contains (含对苯二胺), Chinese materials, grades and suitability.
"""

from __future__ import annotations

import datetime as dt

import pytest

from host_runtime.guardrails.claims.numbers import normalise_numbers

from guardrails_fixtures import ROOT, categories

CN = ROOT / "product_catalog" / "dev9_cn.yaml"


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.timezone.utc)


A = utc("2029-01-08T12:00")  # Mon 20:00: nothing on; 温奶器 169 (inventory 0), 取暖器 599
B = utc("2029-01-12T13:00")  # Fri 21:00: 电火锅 年货节 329 until Sat 1-20 23:59:59
C = utc("2029-01-16T12:30")  # Tue 20:30: 豆瓣酱 年货节 19.9 (29.9) until tomorrow 23:59:59
D = utc("2029-01-20T14:00")  # Sat 22:00: 电火锅 年货节 ends tonight 23:59:59
E = utc("2029-01-25T12:00")  # Thu 20:00: 叶黄素 年货节 128 (60 capsules, 60 days)


def cn(text: str, sku: str, at: dt.datetime) -> set[str]:
    return categories(text, "cn", sku=sku, at=at, path=CN)


@pytest.mark.parametrize(("said", "digits"), [
    ("净重一点四千克", "净重1.4 kg"),
    ("才两斤半", "才2.5斤"),
    ("差不多两斤八两", "差不多2.8斤"),
    ("适用十五到二十平方米", "适用15到20平方米"),
    ("每粒二十毫克", "每粒20 mg"),
    ("电源线一米二", "电源线1.2 m"),
    ("一米八乘两米", "1.8 m 乘2 m"),
    ("本店累计售出1.2万台", "本店累计售出12000台"),
    ("今天二十九块九一瓶", "今天29.90 dollars 1瓶"),
])
def test_chinese_numbers_with_their_units_read_as_digits(said: str, digits: str) -> None:
    assert normalise_numbers(said).text.strip() == digits


@pytest.mark.parametrize(("said", "sku", "at", "expected"), [
    ("除螨仪有三斤重，老人也拿得动。", "HX-CM-07", A, {"unsupported_claim"}),  # 1.4 kg is 2.8 jin
    ("除螨仪净重两斤八两。", "HX-CM-07", A, set()),
    ("取暖器适用面积四十平方米。", "HX-QN-06", A, {"unsupported_claim"}),
    ("取暖器适用十五到二十平方米的房间。", "HX-QN-06", A, set()),
    ("每粒含叶黄素十五毫克。", "HX-YH-05", A, {"unsupported_claim"}),
    ("电火锅的电源线一米二。", "HX-HG-01", A, set()),
])
def test_spoken_chinese_quantities_are_held_against_the_facts(said: str, sku: str, at: dt.datetime, expected: set[str]) -> None:
    assert cn(said, sku, at) == expected


@pytest.mark.parametrize(("said", "sku", "at", "expected"), [
    ("温奶器一百五十九。", "HX-NQ-04", A, {"price_misstatement"}),
    ("温奶器一百六十九。", "HX-NQ-04", A, set()),
    ("取暖器秒杀四百五十九，就在今晚。", "HX-QN-06", A, {"price_misstatement"}),  # the 秒杀 is on 1-30
    ("三百二十九，领券再减完二百九十九。", "HX-HG-01", B, {"price_misstatement"}),  # the store issues no coupons
    ("豆瓣酱拍三瓶，五十九块七。", "HX-DB-02", C, set()),
    ("豆瓣酱拍三瓶，六十九块七。", "HX-DB-02", C, {"price_misstatement"}),
    ("豆瓣酱十九块九一瓶，合一百克三块九毛八。", "HX-DB-02", C, set()),
    ("豆瓣酱日常二十九块九，今天十九块九。", "HX-DB-02", C, set()),
    ("叶黄素一百二十八，算下来一天两块一毛多。", "HX-YH-05", E, set()),
    ("叶黄素一百二十八，算下来一天才一块钱。", "HX-YH-05", E, {"price_misstatement"}),
])
def test_chinese_prices_said_bare_per_unit_or_as_a_total(said: str, sku: str, at: dt.datetime, expected: set[str]) -> None:
    assert cn(said, sku, at) == expected


@pytest.mark.parametrize(("said", "sku", "expected"), [
    ("别家直播间喊史上最低价，我们只报日常价。", "HX-QN-06", set()),
    ("我们这就是史上最低价。", "HX-QN-06", {"absolute_term"}),
    ("本店累计售出一万两千台电火锅。", "HX-HG-01", set()),  # the catalog's 1.2万台
    ("本店累计售出两万台电火锅。", "HX-HG-01", {"fake_social_proof"}),
])
def test_others_claims_and_the_catalogs_own_sales_count_claim_nothing(said: str, sku: str, expected: set[str]) -> None:
    assert cn(said, sku, A) == expected


@pytest.mark.parametrize(("said", "at", "expected"), [
    ("电火锅年货节延长到下周了。", D, {"false_urgency"}),  # it ends tonight
    ("电火锅年货节一直到下周。", B, set()),  # on Friday 1-12 its end, Saturday 1-20, is next week
    ("下播我就去吃饭了，电火锅年货节三百二十九。", B, {"human_impersonation"}),
    ("电火锅一下播就恢复原价。", B, {"false_urgency"}),
])
def test_next_week_is_a_window_and_going_offline_is_a_deadline_only_as_one(said: str, at: dt.datetime, expected: set[str]) -> None:
    assert cn(said, "HX-HG-01", at) == expected


@pytest.mark.parametrize(("said", "sku", "expected"), [
    ("电火锅还送一个蒸笼。", "HX-HG-01", {"unsupported_claim"}),  # 不含蒸笼
    ("温奶器附带两个奶瓶。", "HX-NQ-04", {"unsupported_claim"}),  # 不含奶瓶
    ("除螨仪是无线的，拿着到处走。", "HX-CM-07", {"unsupported_claim"}),  # 有线款，不是无线款
    ("取暖器放浴室里也行。", "HX-QN-06", {"unsupported_claim"}),  # 不能在浴室使用
    ("除螨仪滤网能直接水洗。", "HX-CM-07", set()),  # 滤网可水洗，机身不可水洗
    ("除螨仪机身也能水洗。", "HX-CM-07", {"unsupported_claim"}),
    ("染发剂不含对苯二胺，很温和。", "HX-RF-03", {"unsupported_claim"}),  # 含对苯二胺
    ("它含对苯二胺，做好皮试再用。", "HX-RF-03", set()),
    ("温奶器内胆是硅胶的。", "HX-NQ-04", {"unsupported_claim"}),  # 内胆PP材质
    ("电火锅锅体是不粘涂层。", "HX-HG-01", set()),
    ("这罐豆瓣是减盐的。", "HX-DB-02", {"unsupported_claim"}),
    ("温奶器用的是食品级材料。", "HX-NQ-04", {"unsupported_claim"}),
    ("染发剂孕妇也能用。", "HX-RF-03", {"unsupported_claim"}),
    ("取暖器用二十年都不坏。", "HX-QN-06", {"unsupported_claim"}),
])
def test_chinese_feature_claims_are_held_against_what_the_facts_deny(said: str, sku: str, expected: set[str]) -> None:
    assert cn(said, sku, A) == expected


@pytest.mark.parametrize(("said", "sku", "expected"), [
    ("家人们我今天有点发烧，讲慢点：除螨仪功率四百五十瓦。", "HX-CM-07", {"human_impersonation"}),
    ("我是AI主播，不会发烧也不会累，除螨仪功率四百五十瓦。", "HX-CM-07", set()),
    ("叶黄素有助于缓解视觉疲劳，坚持吃还能治好白内障。", "HX-YH-05", {"health_claim"}),
    ("叶黄素有助于缓解视觉疲劳，一天一粒。", "HX-YH-05", set()),
    ("除螨仪不是药，也不能治过敏性鼻炎。", "HX-CM-07", set()),
])
def test_a_claim_in_one_clause_of_a_chinese_sentence_is_read_on_its_own(said: str, sku: str, expected: set[str]) -> None:
    assert cn(said, sku, A) == expected


@pytest.mark.parametrize(("said", "sku", "at", "expected"), [
    ("这款温奶器断货好几次了，宝妈圈都在推荐它。", "HX-NQ-04", A, {"fake_social_proof"}),  # sell-outs gone by: popularity, not stock now
    ("取暖器马上就要断货了。", "HX-QN-06", A, {"false_scarcity"}),
    ("豆瓣酱第二瓶半价。", "HX-DB-02", C, {"price_misstatement"}),  # a bundle the catalog does not hold, no saving on a reference
])
def test_past_sell_outs_and_second_item_half_price_are_what_they_claim(said: str, sku: str, at: dt.datetime, expected: set[str]) -> None:
    assert cn(said, sku, at) == expected


@pytest.mark.parametrize(("said", "expected"), [
    ("豆瓣酱好评率高达百分之九十九。", {"fake_social_proof"}),  # the catalog's 96%: a review figure, not a spec
    ("豆瓣酱商品页好评率百分之九十六，评价两万多条。", set()),
])
def test_a_review_share_is_social_proof_held_against_the_catalogs(said: str, expected: set[str]) -> None:
    assert cn(said, "HX-DB-02", A) == expected


DEV5 = ROOT / "product_catalog" / "dev5_cn.yaml"  # QH-SCB-02 silk quilt, size 200×230厘米
DEV8 = ROOT / "product_catalog" / "dev8_cn.yaml"  # SG-PG-02 apples 净重5斤; SG-Q10-07 适宜人群 免疫力低下者


@pytest.mark.parametrize(("said", "sku", "path", "expected"), [
    ("被子是两米乘两米三的。", "QH-SCB-02", DEV5, set()),  # each size of 200×230厘米
    ("被子是一米八乘两米的。", "QH-SCB-02", DEV5, {"unsupported_claim"}),
    ("大家的床是一米五还是一米八的？", "QH-SCB-02", DEV5, set()),  # a question to the viewers
    ("一箱五斤，算下来一斤十三块八。", "SG-PG-02", DEV8, set()),  # 一斤 is what the price is per
    ("一箱三斤。", "SG-PG-02", DEV8, {"unsupported_claim"}),
    ("适宜人群写的是免疫力低下者，孕妇乳母不适宜。", "SG-Q10-07", DEV8, set()),  # the fact's own words, read by clause
    ("不是真人哦，我是店里的AI主播，有事随时问。", "SG-Q10-07", DEV8, set()),
    ("我没尝过这个苹果，我就是个程序，不过果径写的是八十到八十五毫米。", "SG-PG-02", DEV8, set()),
])
def test_sizes_questions_per_unit_bases_and_disclosures_claim_nothing_more(said: str, sku: str, path, expected: set[str]) -> None:
    assert categories(said, "cn", sku=sku, at=utc("2028-10-21T12:00"), path=path) == expected
