"""Chinese viewers in the chat's own words on qa_dev9_zh's catalog (禾风良品: a heater, a jacket, oranges,
a sold-out car fridge, a keyboard, a drying rack): typos, 口语 prices, store policies named by their shop
words (价保, 运费险), the shipping cut-off hour, and a sold-out product never offered for order."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest

from host_runtime.director.answers import Answerer
from host_runtime.guardrails import Guard
from host_runtime.models import load_catalog, load_persona
from host_runtime.writer.guarded import GuardedWriter

ROOT = Path(__file__).resolve().parents[1]
DEV9 = ROOT / "product_catalog" / "dev9_qa_zh.yaml"
AT = dt.datetime(2028, 12, 5, 6, tzinfo=dt.timezone.utc)  # 12月5日 周二 14:00 北京时间: no promotion on yet
SALE = dt.datetime(2028, 12, 10, 12, tzinfo=dt.timezone.utc)  # 双12 on: the fridge at 1399, yet sold out


@functools.cache
def _lin() -> Answerer:
    cat = load_catalog(DEV9)
    persona = load_persona(ROOT / "personas" / "lin.yaml")
    return Answerer(cat, persona, GuardedWriter(persona, Guard(cat, ["cn"], persona), None), ["cn"])


def _ask(question: str, sku: str, at: dt.datetime = AT, user: str | None = None) -> str:
    return _lin().reply(question, at, user=user or f"zh9-{question}", current_sku=sku).text


@pytest.mark.parametrize("question, sku, says", [
    ("取暧器最大多少瓦 家里电线比较老", "HF-QN-01", "2200瓦"),  # 暧 typed for 暖; 最大 is the most, no size
    ("机戒键盘能换轴吗", "HF-JP-05", "热插拔"),  # 机戒 typed for 机械; 换轴 swaps the switches
    ("有数字键吗 天天做表格", "HF-JP-05", "无数字小键盘"),  # a yes/no answered by the fact that denies it
    ("橙子打蜡没 给宝宝吃放心不", "HF-QC-03", "不打蜡"),  # 打 of 打蜡 is no filler
    ("凉衣架能挂多少斤", "HF-LY-06", "承重35千克"),  # 凉 typed for 晾; what it holds, not its own weight
    ("键盘咋卖的", "HF-JP-05", "¥399"),
    ("脐橙现在多钱一箱", "HF-QC-03", "¥79.90"),
])
def test_a_chat_question_with_typos_and_slang_finds_the_fact(question: str, sku: str, says: str) -> None:
    answer = _ask(question, sku)
    assert says in answer and not answer.startswith("目录里没有"), answer


def test_a_value_that_denies_its_feature_is_said_alone_never_as_the_feature() -> None:
    answer = _ask("冬天能当保温箱热饭吗", "HF-BX-04")
    assert "不带加热功能" in answer and "加热方式是" not in answer, answer


def test_its_own_weight_after_the_load_is_the_products_weight() -> None:
    _ask("晾衣架承重多少？", "HF-LY-06", user="zh9-own")
    answer = _ask("那它自己多重", "HF-LY-06", user="zh9-own")
    assert "12千克" in answer and "承重" not in answer, answer


def test_price_protection_and_freight_insurance_are_read_from_their_own_policies() -> None:
    drop = _ask("买完降价了能补差价吗", "HF-QN-01")
    assert "价保15天" in drop and "7天无理由" not in drop and "¥599" not in drop, drop
    insured = _ask("有运费险没", "HF-CF-02")
    assert "赠送退货运费险" in insured and "满69元包邮" not in insured, insured


def test_the_shipping_cut_off_hour_is_read_out_as_the_policy_says_it() -> None:
    answer = _ask("现在拍今天能发吗", "HF-JP-05")
    assert "16点前付款当天发货" in answer, answer  # a policy's hour is no false sale deadline


def test_a_sold_out_product_is_never_offered_for_order() -> None:
    order = _ask("冰箱现在能下单吗", "HF-BX-04", SALE)
    assert "缺货" in order and "可以在商品页面下单" not in order, order
    sale = _ask("冰箱有货没 想趁双12拍", "HF-BX-04", SALE)
    assert "¥1399" in sale and "缺货" in sale, sale  # the sale price, and that none is left


def test_a_stock_comparison_names_each_product() -> None:
    answer = _ask("冲锋衣和车载冰箱哪个有货", "HF-CF-02")
    assert "冲锋衣有货" in answer and "缺货" in answer, answer
