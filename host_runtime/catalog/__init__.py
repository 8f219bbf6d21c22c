"""Fact lookup over a catalog at an explicit moment: nothing here reads the clock.

Every question the host may answer about price, stock, promotions and specs is answered
here, so the guardrails, the writer and the overlays can never disagree about a fact.
"""

from .prices import (
    PriceWindow,
    ReferenceCheck,
    base_price,
    effective_price,
    lowest_price,
    price_windows,
    reference_check,
    saving_check,
)
from .promotions import PromotionState, active_promotion, promotion_state
from .stock import StockLevel, stock_level
from .units import Quantity, parse_quantity, fact_quantity
from .lookup import find_products, policy_applies

__all__ = [
    "PriceWindow", "ReferenceCheck", "base_price", "effective_price", "lowest_price", "price_windows",
    "reference_check", "saving_check", "PromotionState", "active_promotion", "promotion_state",
    "StockLevel", "stock_level", "Quantity", "parse_quantity", "fact_quantity", "find_products", "policy_applies",
]
