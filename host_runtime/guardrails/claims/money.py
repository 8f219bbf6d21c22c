"""Money claims: every amount in a sentence with its role, and claimed percentage savings.

A stated amount takes its role from the words around it: "was $49.95", "formerly $12" or the
first of "from $54.99 to $44.99" is a reference price, "save $15" a saving, "orders over $35"
a threshold, "a flat $4.99 shipping" a fee, "under $40" a bound, "about $40" an approximation, "$9 a pair"
a unit price, anything else the price.
Numbers arrive as digits (claims/numbers.py reads spoken ones).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..text import find_clocks
from .numbers import CN_STOCK_MEASURE, Normalised

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?"
_AMOUNT_RES = [
    re.compile(rf"(?:[$€£¥￥]|\bUS\$|\bUSD\s?|\bEUR\s?|\bRMB\s?)\s?(?P<n>{_NUM})(?![\d%])", re.I),
    re.compile(rf"(?P<n>{_NUM}|\d+,\d{{2}})\s?(?:dollars?|bucks|euros?|usd|eur|yuan|rmb|€|元)"
               rf"(?:\s+(?:(?:and|con|y|et|und|e)\s+)?(?P<c>\d{{1,2}})(?:\s+cents)?\b(?!\s*(?:[\u4e00-\u9fff]|%|g\b|grams?\b|gramos|grammes?|gramm|ml\b|kg\b)))?", re.I),
    re.compile(r"\b(?P<cents>\d{1,2})\s?(?:cents|cêntimos|centavos|centów|centy)\b", re.I),
    re.compile(r"(?<![A-Za-z0-9.,#/-])(?<!version )(?<!model )(?P<n>\d+[.,]\d{2})(?!\d|%|[.,]\d)"
               r"(?!\s*(?:%|°|percent|hours?|hrs?|minutes?|mins?|days?|seconds?|ml|l|liters?|litres?|oz|g|kg|lbs?|pounds?|inch(?:es)?|cm|mm|m|meters?|metres?|km"
               r"|ft|feet|w|watts?|v|volts?|mah|wh|iu|gb|tb|hz|db|x|times|stars?|out of)\b)"
               # "1.62英寸", "0.75兆帕", "2.50千克": a measure in a Chinese unit is no price
               r"(?!\s*(?:英寸|寸|英尺|厘米|毫米|公分|米|千克|公斤|克|斤|毫升|升|加仑|瓦|伏|毫安|分贝|兆帕|帕|微米|摄氏度|度|小时|分钟|秒|个月|年|倍))", re.I),
    # "now 59", "today only 69", "heute nur 69", "oggi solo 69": the price said against now
    re.compile(r"\b(?:now|jetzt|maintenant|ahora|ora|adesso|nu|(?:today|heute|aujourd'hui|hoy|oggi)(?=\s+(?:just|only|nur|seulement|solo|soltanto)\b))"
               r"\s+(?:(?:just|only|nur|seulement|solo|soltanto)\s+)?(?:(?:für|for|à|pour|at|a|per)\s+)?(?P<n>\d+)"
               r"(?!\d|[.,]\d|%|\s*(?:left|remaining|more|units?|pieces?|pairs?|items?|x\b|times|übrig|stück|restants?|minutes?|hours?|days?|mins?"
               r"|minuten|stunden|tage|jours|heures|%|percent|prozent|pour cent))", re.I),
    re.compile(r"(?:只要|仅需|现价|到手价?|价格(?:是|为)?|价是|售价|才卖|只卖|就卖|仅售|卖|活动价|秒杀价?|减完|直播价|原价|划线价|日常价|市场价|专柜价|参考价|吊牌价|官方价|建议零售价"
               r"|现在|今天|今晚|直接|从|降到了?|降至|降为|(?<!评)价|之前|以前|原来|还是|就是|立省|直降|立减|省了?)[：:\s]*(?:就是|就|是|只要|才|只|卖)?(?P<n>\d+(?:\.\d{1,2})?)"
               # a count of goods, people or times is no price ("就是一床蚕丝被", "还是3个"), nor a weight or size ("就是1斤")
               rf"(?!\d|%|\.\d|\s*多?(?:[月日号点年折{CN_STOCK_MEASURE}人位单次岁斤两克升米瓦]|hours|minutes|days|mg|kg|g|ml|l|cm|mm|m|W|dB)(?![A-Za-z]))"),
]
#: a bare number a price word makes money ("RRP 129, yours for 89", "was 99, now 59", "you save 50", "seventy flat")
_BARE = (rf"(?P<n>{_NUM}|\d+,\d{{2}})(?![\d%]|[.,]\d|\s*(?:%|percent|prozent|pour cent|years?|months?|weeks?|days?|hours?|minutes?|times|stars?|pieces|units|left|Jahre|ans|mois"
                                            r"|anni|mesi|settimane|giorni|ore|minuti|volte|pezzi))")
_AMOUNT_RES += [
    re.compile(rf"\b(?:rrp|uvp|msrp|compare[- ]at(?: price)?(?: of)?(?: an?)?|list price(?: of| is)?|valued at|prix conseillé(?: de)?|yours for|you pay|you'?re paying"
               rf"|paying|für nur|pour seulement|à seulement|(?:you )?save|sparen sie|spart ihr|économisez"
               rf"|statt|anstatt|au lieu de|instead of|invece di|anziché|al posto di|en vez de|en lugar de|risparmi|risparmiate|a soli|per soli"
               rf"|zamiast|em vez de|em lugar de|ao invés de|zwykł\w*(?:\s+cen\w+)?|regularn\w*(?:\s+cen\w+)?"
               rf"|down from|reduced from|marked down from|runter von)\s+{_BARE}", re.I),
    re.compile(rf"\b(?:was|were|normally|usually|regularly|originally|war|waren|était|kostete|coûtait|costava|costavano|era"
               rf"|antes|costaba|vorher|avant|prima|eerst|voorheen|kostte|custava|custavam|kosztował[aoy]?|kosztowały)\s+{_BARE}"
               r"(?=\W+(?:(?:and|but|so|und|et|e|ma|y|en)\s+)?(?:now|today|jetzt|heute|maintenant|aujourd'hui|ora|oggi|adesso|ahora|hoy|nu|vandaag)\b)", re.I),
    re.compile(rf"\b(?:von|de|from|da)\s+{_BARE}(?=\s+(?:auf|à|to|a)\s+\d+(?:[.,]\d{{1,2}})?\s*(?:euros?|€|dollars?|\$|bucks|yuan|元))", re.I),
    re.compile(rf"(?<![\w.,]){_BARE}\s+flat\b", re.I),
    # "der Grill kostet immer noch 69", "costa sessantanove", "it costs 89": a price verb before a bare number
    re.compile(rf"\b(?:kostet|kosten|costa|costano|coûte|coûtent|cuesta|cuestan|custa|custam|kosztuje|kosztują|costs?|priced at|sells? for|selling for|goes for)\s+"
               rf"(?:(?:immer noch|noch|nur|jetzt|heute|aktuell|only|just|still|now|seulement|toujours|encore|solo|soltanto|ancora|sólo|ahora|todavía"
               rf"|agora|ainda|só|apenas|teraz|tylko|już|nadal)\s+){{0,2}}"
               rf"(?:(?:für|for|à|a)\s+)?{_BARE}(?!\s*(?:[^\W\d_]|[.,]\d))", re.I),
    # "69 statt 99", "sixty-nine, down from ninety-nine": the amount said against a former one is the price
    re.compile(rf"(?<![\w.,]){_BARE}(?=,?\s+(?:(?:euros?|€|dollars?|bucks|yuan)\s+)?(?:instead of|statt|anstatt|au lieu de|invece di|anziché|al posto di|zamiast|em vez de"
               r"|en vez de|en lugar de|down from|reduced from|marked down from)\b)", re.I),
    re.compile(rf"(?<![\d.,A-Za-z双]){_BARE}\s*(?=包邮|带走|秒杀|拍下|到手)"),  # "双11到手价" names the event
    re.compile(rf"(?<![\d.,A-Za-z双]){_BARE}\s*(?=[，,]\s*(?:原价|划线价|日常价|之前|以前|平时))"),  # "239，原价359": the price, then the former
    # "two for thirty": a bundle, said as the price of each (the catalog prices one)
    re.compile(rf"(?<![\w.,])(?P<k>[2-9]|1[0-2])\s+(?:for|für|pour)\s+(?:[$€£]\s?)?{_BARE}", re.I),
]
_PERCENT_RE = re.compile(
    r"(?:\b(?:save|saving|savings of|take|takes|get|knock(?:s|ing)?|discount of|up to|an extra|extra|moins|minus|jusqu'à moins|marked down|reduced by|slashed by|cut by"
    r"|sconto del|sconto di|fino al|risparmi(?:ate)? il|tot|bespaar|korting van)\s+)?"
    r"\b(?P<p>\d+(?:\.\d+)?)\s?(?:%|percent|per cent|prozent|pour cent|por ciento)\s*"
    r"(?P<after>off|discount|cheaper|less|saving|savings|reduction|lower|markdown|reduziert|günstiger|rabatt|billiger"
    r"|de réduction|de remise|moins cher|de descuento|di sconto|in meno|di risparmio|korting|goedkoper|minder"
    r"|taniej|mniej|rabatu|zniżki|obniżki|de desconto|mais barat[oa]s?|a menos"
    r"|(?:\w+\s+)?(?:reduziert|réduit|rebajado|baissé|scontato|ridotto|afgeprijsd))?",
    re.I)
#: a bare percentage after a saving in the same sentence restates it ("$50 off is about 15 percent",
#: "os ahorráis dos euros, un quince por ciento"): a saving claim, judged as one
_SAVING_EARLIER = re.compile(r"\b(?:off|save[sd]?|saving|ahorr\w*|économi\w*|spart?\w*|de moins|menos|günstiger|risparmi\w*|sconto|in meno|korting|bespaar\w*|goedkoper)\b[^.;!?]*$", re.I)
_FRACTION_RE = re.compile(r"\b(?P<f>half|a third|one third|a quarter|one quarter)[\s-]+(?:off|price|the price)\b"
                          r"|\bsave (?P<f2>half|a third|one third|a quarter|one quarter)\b"
                          r"|(?P<half>\bzum halben preis|\b(?:za )?pół ceny|\b(?:a )?metade do preço|\bpela metade do preço|\bà moitié prix|\bà la moitié du prix|\b(?:a )?metà prezzo|\bprezzo dimezzato|\ba prezzo dimezzato"
                          r"|\b(?:a )?mitad de precio|\ba la mitad de precio|\bhalve prijs|\bvoor de halve prijs)|(?P<zh>(?<!第[二2][件个份瓶盒台支罐包袋套])半价|对半价|对折)"
                          #: "ein Drittel billiger", "un tiers moins cher", "un tercio menos", "een derde goedkoper", "un quarto in meno"
                          r"|\b(?P<f3>ein drittel|ein viertel|die hälfte|un tiers|un quart|la moitié|un tercio|un cuarto|la mitad|een derde|een kwart"
                          r"|de helft|un terzo|un quarto|la metà|o połowę|o jedną trzecią|o jedną czwartą)\s+(?:\w+\s+)?(?:billiger|günstiger|weniger|rabatt|moins cher|de réduction|de remise|taniej"
                          r"|más barato|menos|de descuento|goedkoper|korting|minder|in meno|di sconto)\b", re.I)
_ZHE_RE = re.compile(r"打?(?P<n>\d{1,2}(?:\.\d)?)折")
_FRACTIONS = {"half": 50.0, "a third": 100 / 3, "one third": 100 / 3, "a quarter": 25.0, "one quarter": 25.0,
              "ein drittel": 100 / 3, "un tiers": 100 / 3, "un tercio": 100 / 3, "een derde": 100 / 3, "un terzo": 100 / 3,
              "ein viertel": 25.0, "un quart": 25.0, "un cuarto": 25.0, "een kwart": 25.0, "un quarto": 25.0,
              "die hälfte": 50.0, "la moitié": 50.0, "la mitad": 50.0, "de helft": 50.0, "la metà": 50.0,
              "o połowę": 50.0, "o jedną trzecią": 100 / 3, "o jedną czwartą": 25.0}
_REFERENCE_CUE = re.compile(
    r"(?:\bwas|\bwere|\bformerly|\bsat at|\bsold for|\bwent from|\bdropped from|\bfell from|\bcame down from|\bregularly|\bregular price(?: is| of)?|\bnormally|\busually|\boriginally|\boriginal price(?: is| of)?"
    r"|\blist price(?: is| of)?|\breg\.?|\bretails? (?:for|at)|\bretail price(?: is| of)?|\bmsrp|\brrp|\bdown from|\breduced from"
    r"|\bmarked down from|\bcut from|\bcompare[- ]at(?: price)?(?: of)?|\bvalued at|\binstead of|\bcompared? (?:to|with|at)|\bused to (?:be|cost)|\bbefore the sale"
    r"|\bfull price(?: is| of)?|\bnot\b|\bearlier|\bprevious(?:ly)?|\bformer|\bold price|\boriginal\b|\bstatt|\bau lieu de|\bantes"
    r"|\bvorher|\bzuvor|\bursprünglich|\bfrüher|\behemals|\buvp|\bavant|\bauparavant|\bprix d'origine|\bprix barré|\bprix de référence"
    r"|\bkostete|\bcoûtait|\bwar\b|\bétait\b|\bavait coûté|\bgekostet hat|\ben vez de|\ben lugar de|\bcostaba|\bvalía"
    r"|\bprix (?:habituel|normal|régulier)|\bd'habitude|\bhabituellement|\bnormalement|\bnormalerweise|\bregulär|\bsonst"
    r"|\bzamiast|\bzwykł\w*|\bregularn\w*|\bwcześniej|\bpoprzedni\w*|\bprzedtem|\bkosztował\w*|\bem vez de|\bem lugar de|\bhabitua(?:l|is)|\bcustava(?:m)?"
    r"|\bpreço (?:normal|habitual|anterior|original)|\binvece di|\banziché|\bal posto di|\bcostava(?:no)?|\bin plaats van|\bvoorheen|\bvroeger|\boude prijs|\badviesprijs|\bnormaal|\bkostte"
    r"|\b(?:menos|más barato|moins cher|billiger|günstiger|goedkoper|meno) (?:que|qu'|als|dan|di)\s?(?:(?:su|sus|el|los|esos|esas|estos|estas|aquellos|ses|ces|le|les|den|die|de|die|i|quei)\s+)?(?:precios?|prix|preis|prijs|prezzo)?|\bprima|\bdi solito|\bsolitamente|\bnormalmente|\bprezzo (?:di listino|pieno|originale|consigliato|normale|abituale)|\bera\b"
    r"|\b(?:under|below|off|from) (?:its|the|their|our) (?:regular|usual|normal|list|original|old|full)"
    r"|原价是?|之前是?|之前的|之前卖|以前是?|以前卖|原来卖|比之前的?|比原价|比平时|划线价|专柜价|市场价|平时卖?|平时是|平常|日常价?|原来是?|最低价)\W*(?:(?:just|only|at|of|is|it|its|their|a|the|price|nur|jetzt|waren|war|es|kostete"
    r"|était|c'était|coûtait|de|du|von|era|costava|solo|a|di)\W+){0,3}$", re.I)
#: "$49.95 before" is a former price; "$9.99 before the deal ends" is the price, said against a deadline
#: the prior price Art. 6a names: "son prix le plus bas des 30 derniers jours, 119 euros", "su precio más bajo de los últimos 30 días, que fue de 119"
_LOWEST_PRIOR_CUE = re.compile(r"(?:\blowest|\bniedrigste\w*|\ble plus bas|\bm[aá]s bajo|\bpiù bass[oa]|\blaagste|最低)[^.;!?]{0,40}?(?:\bdays|\bjours|\bd[ií]as|\btage[n]?|\bgiorni|\bdagen|天)\b"
                               r"\W*(?:(?:que fue de|fue de|fue|was|était de|était|war|lag bei|betrug|bedroeg|de|of|is|es|est|soit|il|it|era|di|è"
                               r"|anteriores|previos|précédents|precedenti|vorherigen|voorafgaand\w*|before|prior|ervoor|davor|avant)\W+){0,4}$", re.I)
_REFERENCE_AFTER = re.compile(r"^\W*(?:(?:regular|list|original|retail|earlier|former) price|(?:it|they|this|these) (?:was|were|used to|sold (?:for|at)|cost)"
                              r"|(?:de|d')\s?(?:antes|avant)\b|von vorher\b|di prima\b"
                              r"|before\b(?!\s+(?:\w+\s+){0,3}?(?:ends?|expires?|runs? out|is over|sells? out|goes|closes?|is gone)\b)"
                              r"|earlier\b|previously\b)", re.I)
_SAVING_CUE = re.compile(r"(?:\bsav(?:e[sd]?|ing)|\bpoupa\w*|\boszczędza\w*|\bsavings of|\bspar\w*|\bbespaar\w*|\bkorting van|\béconomis\w*|\bahorr\w*|\brisparmi\w*|\bsconto di|\bknock(?:s|ing)?|\bdiscount of|\bextra|\btake|\bthat'?s|直降|立减|直减|省|便宜|减|少|优惠)了?\W*(?:(?:up to|a full|an|a|of|you|yourself|ihr|euch|also|vous|ben)\W+){0,2}$", re.I)
#: after an amount or a percentage, what makes it a saving ("$15 off", "25 % de moins", "10 % günstiger")
SAVING_AFTER = re.compile(r"^\W*(?:off|discount|less|cheaper|in savings|savings?|of savings|under|below|less than|de moins|de réduction|d'économies?"
                          r"|korting|goedkoper|minder|voordeel"
                          r"|de ahorro|de descuento|de rebaja|menos|más barato|unter|weniger als|in meno|di sconto|di risparmio|risparmiati"
                          r"|ersparnis|gespart|taniej|mniej|rabatu|zniżki|a menos|de desconto|mais barat[oa]s?|de poupança"
                          r"|de remise|günstiger|billiger|weniger|rabatt)\b", re.I)
#: "-20 %": a minus sign before a percentage makes it a reduction
MINUS_BEFORE = re.compile(r"(?:^|[\s(])[-−–]\s?$")
#: what makes an amount a fee ("ship for a flat $4.99", "shipping is $5.95", "运费5美元"): the store's policies state fees
_FEE_CUE = re.compile(r"(?:\bflat(?: rate| fee)?(?: of)?|\bfee(?: is| of)?|\bshipping (?:is|costs?|of)|\bship(?:s|ping)? for|\bdelivery (?:is|costs?|of)"
                      r"|\bpostage(?: is| of)?|\bversandkosten(?: von| sind)?|\bfrais de (?:port|livraison)(?: de)?|\bspese di spedizione(?: di)?|\bspedizione (?:a|di|costa)"
                      r"|\b(?:el )?env[ií]o (?:son|es|cuesta|de)|\bgastos de env[ií]o(?: de| son)?|\bverzendkosten(?: van| zijn)?|\bverzending (?:kost|is)"
                      #: "Shipping on the feeder by itself is 8.50": the fee said a few words after what it is for
                      r"|\b(?:shipping|delivery)\b[^.;!?$€\d]{1,30}?\b(?:is|costs?|runs?|comes to)|运费|邮费)\W*(?:(?:a|an|just|only|of|is)\W+){0,2}$", re.I)
_FEE_AFTER = re.compile(r"^\W*(?:(?:for\W+)?(?:shipping|delivery|postage)\b|versand(?:kosten)?\b|(?:de\s+)?frais de (?:port|livraison)|de livraison|di spedizione|per la spedizione|运费|邮费)", re.I)
#: "free shipping over $50, otherwise $6.95": the amount after "otherwise" is the fee below the threshold
_ELSE_CUE = re.compile(r"(?:\botherwise|\bsonst|\bsinon|\bautrement|\baltrimenti|\bsi no|\bde lo contrario|\banders|\bzo niet|\bponiżej|\bw przeciwnym razie|\bcaso contrário|\bsenão|否则)\W*(?:(?:it'?s|es sind|c'est|just|only|nur|a|an)\W+){0,2}$", re.I)
_SHIPPING = re.compile(r"\b(?:shipping|delivery|postage|versand\w*|livraison|frais de port|spedizion\w*|env[ií]o|verzend\w*|bezorging|dostaw\w*|wysyłk\w*|przesyłk\w*|portes|entrega)\b|运费|邮费|包邮", re.I)
_THRESHOLD_CUE = re.compile(r"(?:满|超过|满额|单笔满|订单满|不够|不满|没到|未满|\b(?:dostaw\w*|wysyłk\w*|przesyłk\w*)[^.;!?\d]{0,20}?\bod|\bpowyżej|\bacima de|\bllega\w* a(?: los)?|\bvanaf|\bboven de|\b(?:over|above) the|\bab|\bà partir de|\ba partir de|\bpedidos? de más de|\bmás de|\bdès|\bover|\babove|\b(?:hits|reaches|gets to|tops)|\borders? (?:below|under|of less than)|\borders? of|\bspend|\bminimum|\bmore than|\bat least|\borders? over|\bsopra i|\boltre i?|\ba partire da|\bordini (?:sopra|oltre|da))\W*$", re.I)
_THRESHOLD_AFTER = re.compile(r"^\s*(?:以上|及以上|起包邮)|^\W*(?:bestellwert|einkaufswert|warenwert|d'achat|de commande|d'achats"
                             r"|(?:free[- ]shipping |shipping )?(?:line|threshold|minimum)|(?:del|para el|de) env[ií]o gratis|voor gratis verzending"
                             r"|pour la livraison (?:gratuite|offerte)|für (?:den )?(?:kostenlosen|gratis) versand)\b", re.I)  # "99元以上包邮", "ab 39 € Bestellwert"
_BOUND_CUE = re.compile(r"(?:\bunder|\bless than|\bbelow|\bnot even|\bcheaper than|\bmeno di|\bsotto i)\W*$", re.I)
_APPROX_CUE = re.compile(r"(?:\babout|\baround|\broughly|\bapproximately|\bnearly|\balmost|\bclose to|\bjust over|\bish|\bcirca|\bquasi|\bpiù o meno|\bintorno ai?)\W*$", re.I)
#: between a saving and the next amount, what makes that amount the one the saving is taken off
_TAKEN_OFF = re.compile(r"^\s*(?:under|below|less than|off|unter|weniger als|en dessous de|sotto|abaixo d[oe]s?|poniżej|taniej niż)\s+(?:the|den|dem|les|i|os)?\s*$", re.I)
#: "两块一毛多", "五块左右": a Chinese amount said as rounded
_APPROX_AFTER = re.compile(r"^\s*(?:多|左右|出头)")
_CLAUSE_END = re.compile(r"[.;!?]\s|\bbut\b|\band\b|\bma\b", re.I)

#: between two amounts, what makes the first a former price: "$54.99, now $44.99", "from 54.99 to 44.99", "从54.99降到44.99"
_THEN_NOW = re.compile(r"^\W*(?:(?:and|but|so)\W+)?(?:(?:it'?s|it is|they'?re|is)\W+)?(?:now|today|down to|to|all the way down to|→|->|=>|降到了?|降至|降为|变成了?"
                       r"|现在|jetzt|nur noch|auf|maintenant|à|ahora|a|ora|oggi|adesso)\W*(?:(?:just|only|nur|seulement|solo|soltanto|it'?s|is|è|a)\W+){0,2}$", re.I)

#: before "X to Y", the verb that makes it a change of price rather than a range
_CHANGE_BEFORE = re.compile(r"(?:\b(?:went|goes|going|gone|dropped|drops|fell|falls|cut|cuts|slashed|passe|passée?|passé|baisse|tombe|descend"
                            r"|geht|ging|fällt|fiel|sinkt|sank|gesenkt|reduziert|va|bajó|baja|passa|scende|sceso|scesa|cala|calato|ribassato|ridotto)\b|从|由)\W*(?:\w+\W+){0,2}?(?:from|de|von|desde|da)?\W*$", re.I)

#: what makes an amount the price of one of several ("nine bucks a pair", "一双合9美元", "3,50 € pro Stück")
#: "2,18 € les cent grammes", "1,90 los 100 gramos", "€2 per 100 ml": a price per 100 g or ml of the product's contents
PER_HUNDRED = re.compile(r"^\s*(?:les|los|las|the|per|pro|je|die|le|el|la|a)\s+(?:100|cent|cien|hundert|one hundred|a hundred)\s*"
                         r"(?:g|grammes?|gramos|gramm|grams?|ml|millilitres?|mililitros|milliliters?)\b", re.I)
_UNIT_AFTER = re.compile(PER_HUNDRED.pattern + r"|^\s*(?:each|apiece|a piece|per (?!cent)\w+|an? (?:pair|piece|pack|bottle|can|bar|jar|tube|unit|serving|cup|pod|box|bag|roll|set|day|week|month|night)"
                         r"|(?:el|la) (?:gramo|kilo|litro|sobre|bote|unidad|caja|día|mes)|al (?:día|mes)|por (?:gramo|kilo|unidad|día|persona|sobre)|cada uno"
                         r"|het (?:stuk|gram)|per (?:stuk|dag|gram|persoon)|par jour|le gramme|pro tag|am tag|al giorno|il grammo"
                         r"|pro (?:paar|stück|packung|dose|flasche|liter|kilo\w*|gramm|portion|tablette|kapsel)|das stück|je stück|la paire|la pièce|l'unité|chacune?"
                         r"|par (?:paire|pièce|personne|litre|kilo\w*|portion|gélule|comprimé)|le (?:litre|kilo)"
                         r"|al (?:pezzo|chilo|litro)|a (?:pezzo|porzione|confezione|bottiglia|persona)|cadauno|ciascuno|l'uno)\b", re.I)
#: "合一百克五块九毛八", "每100毫升": a Chinese price per 100 g or ml, said before the amount
PER_HUNDRED_BEFORE = re.compile(r"(?:每|合|一)\s*100\s*(?:g|ml)\s*(?:合|才|只要|就|是)?\s*$")
_UNIT_BEFORE = re.compile(PER_HUNDRED_BEFORE.pattern + r"|(?:(?:[一每单1]|每一)\s*(?:双|个|件|瓶|盒|支|包|片|只|袋|罐|条|斤|公斤|千克|粒|天|days|日)|平均)(?:下来)?(?:合|才|只要|就)?\s*$|\b(?:each|per (?:pair|piece|unit|pack))\W+(?:(?:is|costs?|comes to|works out to)\W+)?(?:just\W+|only\W+)?$", re.I)

#: after "X to Y", the verb that makes it a change: "von 79 auf 59 Euro reduziert"
_CHANGE_AFTER = re.compile(r"^\W*(?:\w+\W+)?(?:reduziert|gesenkt|réduite?s?|baissée?s?|reduced|marked down|cut|rebajad[oa]s?|ridott[oaie]|scontat[oaie]|ribassat[oaie])\b", re.I)

Role = Literal["price", "reference", "saving", "threshold", "fee", "bound", "approx", "unit"]


@dataclass(frozen=True)
class Amount:
    value: float
    span: tuple[int, int]
    role: Role
    approx: bool = False  # "about fifty-five cents a serving": said as rounded, whatever its role


#: "one forty-nine": a lone digit word before a spoken pair
_DIGIT_THEN_PAIR = re.compile(r"(?:one|two|three|four|five|six|seven|eight|nine)[\s-]+[a-z]+(?:[\s-][a-z]+)?", re.I)


def readings(amount: Amount, norm: Normalised) -> tuple[float, ...]:
    """What a listener may hear in the amount: "one forty-nine" is $1.49 for gummies and $149
    for a jacket, so both readings stand and the catalog decides."""
    start, end = norm.span(*amount.span)
    if amount.value < 10 and _DIGIT_THEN_PAIR.fullmatch(norm.original[start:end].strip()):
        return amount.value, round(amount.value * 100)
    return (amount.value,)


def _number(text: str) -> float:
    if re.fullmatch(r"\d+,\d{2}", text):  # 29,90 (European decimals)
        return float(text.replace(",", "."))
    return float(text.replace(",", ""))


def find_amounts(text: str) -> list[Amount]:
    """Every money amount in ``text`` with its role, in order. Clock times ("07:59",
    "at 7:59", "11:59 pm", "7:59 UTC") are never money."""
    raw: list[tuple[int, int, float, int]] = []  # start, end, value, where the number starts
    clocks = [c.span for c in find_clocks(text)]
    for rx in _AMOUNT_RES:
        for m in rx.finditer(text):
            number = m.span("n") if m.groupdict().get("n") is not None else m.span()
            if any(a <= number[0] < b for a, b in clocks):
                continue
            if m.groupdict().get("cents") is not None:
                raw.append((m.start(), m.end(), int(m["cents"]) / 100, m.start()))
                continue
            value = _number(m["n"])
            if m.groupdict().get("k"):
                value = round(value / int(m["k"]), 2)
            if m.groupdict().get("c"):
                value = int(value) + int(m["c"]) / 100
            raw.append((m.start("n"), m.end(), value, m.start("n")))
            if rx is _AMOUNT_RES[0] or m.groupdict().get("k"):
                raw[-1] = (m.start(), m.end(), value, m.start("n"))
    raw.sort(key=lambda r: (r[0], -r[1]))  # of two readings from the same place, the longer ("89块", not "89")
    amounts: list[Amount] = []
    last_end = 0
    for start, end, value, _ in raw:
        if amounts and start < amounts[-1].span[1]:
            continue  # overlapping spellings of the same amount
        clause_start = max([last_end] + [m.end() for m in _CLAUSE_END.finditer(text, 0, start)])
        before = text[clause_start:start]
        role: Role = "price"
        if amounts and amounts[-1].role == "saving" and _TAKEN_OFF.match(text[amounts[-1].span[1]:start]):
            role = "reference"  # "twenty bucks under the 119.99": the amount a saving is taken off
        elif _UNIT_AFTER.match(text[end:]) or _UNIT_BEFORE.search(text[max(0, start - 30):start]):
            role = "unit"
        elif _ELSE_CUE.search(before) and _SHIPPING.search(text):
            role = "fee"  # before "sonst" as "normally": here it is the fee below the free-shipping threshold
        elif _REFERENCE_CUE.search(before) or _REFERENCE_AFTER.match(text[end:]) or _LOWEST_PRIOR_CUE.search(before):
            role = "reference"
        elif _SAVING_CUE.search(before) or SAVING_AFTER.match(text[end:]):
            role = "saving"
        elif _FEE_CUE.search(before) or _FEE_AFTER.match(text[end:]):
            role = "fee"
        elif _THRESHOLD_CUE.search(before) or _THRESHOLD_AFTER.match(text[end:]):
            role = "threshold"
        elif _BOUND_CUE.search(before):
            role = "bound"
        elif _APPROX_CUE.search(before):
            role = "approx"
        amounts.append(Amount(value, (start, end), role, bool(_APPROX_CUE.search(before) or _APPROX_AFTER.match(text[end:]))))
        last_end = end
    return _difference_is_saving(_former_then_now(text, amounts))


def _difference_is_saving(amounts: list[Amount]) -> list[Amount]:
    """An amount said beside a former price and the price that is their difference restates the saving:
    "59.99 down to 44.99, fifteen dollars"."""
    former = [a.value for a in amounts if a.role == "reference"]
    now = [a.value for a in amounts if a.role == "price"]
    return [Amount(a.value, a.span, "saving", a.approx)
            if a.role == "price" and any(abs(f - p - a.value) < 0.011 for f in former for p in now if p > a.value) else a
            for a in amounts]


def _former_then_now(text: str, amounts: list[Amount]) -> list[Amount]:
    """The first of two amounts said as a change ("from $54.99 to $44.99", "$12, now $9") is
    the former price, whatever words came before it."""
    out = list(amounts)
    for i, (a, b) in enumerate(zip(amounts, amounts[1:])):
        between = text[a.span[1]:b.span[0]]
        if a.role != "price" or not _THEN_NOW.match(between):
            continue
        if between.strip(" ,").lower() in ("to", "a", "à", "auf", "到") and not _CHANGE_BEFORE.search(text[:a.span[0]]) \
                and not _CHANGE_AFTER.match(text[b.span[1]:]):
            continue  # "from $10 to $20" is a range; a change says so ("went from", "down to", "passe de")
        out[i] = Amount(a.value, a.span, "reference", a.approx)
    return out


def find_percents(text: str) -> list[tuple[float, tuple[int, int]]]:
    """Claimed savings as percentages: "30% off", "save 25 percent", "half price"."""
    out = []
    for m in _PERCENT_RE.finditer(text):
        prefix = m.group(0)[: m.start("p") - m.start()].strip()
        if (m["after"] or prefix or MINUS_BEFORE.search(text[max(0, m.start("p") - 2):m.start("p")])
                or _SAVING_EARLIER.search(text[:m.start("p")])):
            out.append((float(m["p"]), (m.start("p"), m.end())))
    for m in _FRACTION_RE.finditer(text):
        out.append((50.0 if m["zh"] or m["half"] else _FRACTIONS[(m["f"] or m["f2"] or m["f3"]).lower()], m.span()))
    for m in _ZHE_RE.finditer(text):  # 打七折: pay 70%, i.e. 30% off; 八五折: 15% off
        n = float(m["n"])
        out.append((100 - (n * 10 if n < 10 else n), m.span()))
    return out


