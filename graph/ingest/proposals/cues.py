"""The English cue phrases the rules look for, as regular expressions."""

from __future__ import annotations

import re

__all__ = [
    "ALTERNATIVE_CUE",
    "BETWEEN",
    "BLOCKING",
    "BOTH_SIDES",
    "CAUSAL_BEFORE",
    "CHANGE_VERB",
    "CLAUSE_BOUNDARY",
    "CONCERN_CUE",
    "CONCESSIONS",
    "CONSECUTIVE",
    "DEMAND_CUE",
    "DEMAND_NOUN",
    "DIRECTION_OF_MEASURE",
    "DOCUMENT_NOUN",
    "DUTY_CONCESSIONS",
    "END_CUE",
    "HEDGE",
    "MARKET_ACCESS",
    "MAX_SENTENCE_CHARS",
    "NEGOTIATION_NOUN",
    "OCCURRED",
    "OFFER_CUE",
    "PARITY_CUE",
    "PARTNER_BEFORE",
    "RANK",
    "RECIPROCITY_CUE",
    "REPLACEMENT_CUE",
    "STATUS_AFTER_AGREEMENT",
    "SUBORDINATE",
    "TECHNOLOGY_ACCESS",
    "VERB_BEFORE",
    "WINDOW",
    "text_before",
]

# No sentence of reporting is this long; longer "sentences" are lists or scraped page furniture,
# and leaving them out keeps the rules' work per sentence bounded.
MAX_SENTENCE_CHARS = 2000
# Cue phrases that must come right before a word are looked for in this many characters before it.
WINDOW = 60


def text_before(text: str, pos: int) -> str:
    return text[max(0, pos - WINDOW):pos]


# ---------------------------------------------------------------- cue phrases (English)

HEDGE = re.compile(
    r"\b(?:is|are|was|were)\s+(?:set|expected|likely|unlikely|poised|slated|tipped|understood|said|reported|"
    r"believed|learnt|learned)\s+to\b"
    r"|\b(?:will|would|could|may|might)\s+(?:likely|possibly|probably)\b"
    r"|\b(?:[Mm]ay(?![\s-]+\d)|might|could)\b|\blikely\b|\breportedly\b|\bplans?\s+to\b|\baims?\s+to\b|\bis\s+considering\b"
    r"|\bsources\s+said\b|\baccording\s+to\s+(?:sources|officials|people)\b",
)
DEMAND_CUE = re.compile(
    r"\b(?:seeks?|seeking|sought|press(?:es|ed|ing)?(?:\s+for)?|push(?:es|ed|ing)?\s+for|"
    r"ask(?:s|ed|ing)?(?:\s+for)?|demand(?:s|ed|ing)?|request(?:s|ed|ing)?|urg(?:e|es|ed|ing)|"
    r"call(?:s|ed|ing)?\s+(?:for|on)|wants?|wanted|lobb(?:y|ies|ied|ying)\s+for|insist(?:s|ed|ing)?\s+on|"
    r"pressur(?:e|es|ed|ing)|would\s+like)\b",
)
DEMAND_NOUN = re.compile(r"^(?:requests?|demands?)$", re.I)
# "request" and "demand" are verbs after "to", a modal, or right after their subject.
VERB_BEFORE = re.compile(r"^\s*$|\b(?:to|will|would|may|might|could|shall|should|must|also|now|then|formally)\s+$",
                         re.I)
PARITY_CUE = re.compile(
    r"\b(?:on|at)\s+par\s+with\b|\bparity\s+with\b|\bthe\s+same\s+(?:treatment|terms|access)\s+as\b"
    r"|\bsimilar\s+(?:treatment|terms|access)\s+(?:to|as)\b|\bon\s+the\s+same\s+(?:terms|footing)\s+as\b",
)
# What a party offers in return is not part of what it asks for: a demand's object ends here.
OFFER_CUE = re.compile(r"\b(?:in\s+return\s+for|in\s+exchange\s+for)\b", re.I)
RECIPROCITY_CUE = re.compile(r"^\W*(in\s+return|in\s+exchange|in\s+turn)\b|\b(in\s+return\s+for|in\s+exchange\s+for)\b",
                             re.I)
CONCERN_CUE = re.compile(
    r"\b(?:concerns?|concerned|worries|worried|worry|fears?|reservations|objections?|apprehensions?|misgivings|"
    r"unease|uneasy|qualms|oppos(?:e|es|ed|ing)|object(?:s|ed|ing)?|complain(?:s|ed|ing)?|wary|alarmed|"
    r"sceptical|skeptical|criticis(?:e|es|ed|ing)|criticiz(?:e|es|ed|ing)|protest(?:s|ed|ing)?)\b"
    r"(?:\s+(?:over|about|regarding|on|with|around|at|that|to|of|by|against))?",
)
CAUSAL_BEFORE = re.compile(r"\b(?:due\s+to|because\s+of|owing\s+to|given|amid|on\s+account\s+of|in\s+view\s+of)"
                           r"(?:\s+\w+){0,2}\s*$", re.I)
BLOCKING = re.compile(
    r"\b(?:block(?:s|ed|ing)?|stall(?:s|ed|ing)?|hold(?:s|ing)?\s+up|held\s+up|stand(?:s|ing)?\s+in\s+the\s+way|"
    r"stood\s+in\s+the\s+way|hinder(?:s|ed|ing)?|imped(?:e|es|ed|ing)|obstacles?|stumbling\s+blocks?|"
    r"sticking\s+points?|hurdles?)\b",
)
ALTERNATIVE_CUE = re.compile(r"\balternatives?\b(?:\s+(?:like|such\s+as|including|to))?", re.I)
REPLACEMENT_CUE = re.compile(r"\b(?:instead\s+of|rather\s+than|in\s+place\s+of|in\s+lieu\s+of|"
                             r"as\s+an?\s+alternative\s+to)\b", re.I)
# Where one clause of a sentence may end and another begin ("X seeks A, while Y wants B"; "...; Y
# presses for B"). A boundary counts only when the next clause opens with a party that then asks
# or worries (see ``Reading.clauses``), so lists ("Australia, the UK, and Japan") stay whole.
CLAUSE_BOUNDARY = re.compile(r"\s*;\s+|,\s+(?:and|but|while|whereas)\s+|\s+(?:while|whereas)\s+", re.I)
# A comma and one of these starts a subordinate clause: what follows is no longer the object of
# the cue before it ("..., arguing it would raise the price of medicines").
SUBORDINATE = re.compile(r",\s+(?:which|who|arguing|saying|citing|fearing|claiming|noting|warning|adding|because|"
                         r"since|amid|although|though|even\s+though|despite|as\s+it|as\s+they)\b", re.I)
OCCURRED = re.compile(
    r"\b(?:held|took\s+place|taken\s+place|take\s+place|began|begun|begins?|started|starts?|ended|ends?|"
    r"expire[sd]?|concluded|scheduled|announced|completed|resumed|kick(?:s|ed)?\s+off|launched|"
    r"came\s+into\s+effect|comes?\s+into\s+effect|took\s+effect)\b",
)
END_CUE = re.compile(r"\b(?:until|till|by|deadline|expires?|expiring|ends?|ending)\s+(?:on\s+)?$", re.I)
BOTH_SIDES = re.compile(r"\b(?:both\s+sides|both\s+countries|both\s+nations|the\s+two\s+(?:sides|countries|nations))\b",
                        re.I)
DOCUMENT_NOUN = re.compile(r"\b(?:terms\s+of\s+reference|ToRs?|text|framework|document|draft|agreement)\b", re.I)
RANK = re.compile(
    r"\b(?:(?P<ord>second|third|fourth|fifth|\d+(?:st|nd|rd|th))[\s-])?(?P<sup>largest|biggest|top|leading)"
    r"\s+trad(?:e|ing)\s+partner\b",
)
CONSECUTIVE = re.compile(
    r"\b(?P<a>\w+)\s+(?:consecutive|straight|successive)\s+(?:years?|fiscal\s+years?|quarters?|times?)\b"
    r"|\bfor\s+the\s+(?P<b>\w+)\s+(?:year|time)\s+running\b",
)
BETWEEN = re.compile(r"\bbetween\s*$", re.I)
PARTNER_BEFORE = re.compile(r"\b(?:to|from|with)\s+(?:the\s+)?$", re.I)
# A percentage next to one of these verbs is a change ("rose 12 per cent"), not the measure's value.
CHANGE_VERB = re.compile(r"\b(?:rose|rise[sn]?|fell|fall(?:s|en)?|grew|grow(?:s|n)?|increased?|declined?|jumped|"
                         r"dropped|surged|slipped|up|down)\s+(?:by\s+)?$", re.I)
STATUS_AFTER_AGREEMENT = re.compile(
    r"^\s*(?:,[^,]{0,60},)?\s*(?:has|have|had|was|were|is|are)?\s*(?:been\s+)?(?:now\s+|already\s+|formally\s+)?$",
    re.I)
NEGOTIATION_NOUN = re.compile(r"^(?:\s+[\w-]+){0,3}?\s+(?:negotiations?|talks)\b", re.I)

# What a trade measure says about direction, by the measure concept's id.
DIRECTION_OF_MEASURE = {
    "bilateral-trade": "two-way", "partner-rank": "two-way", "exports": "reporter to partner",
    "imports": "partner to reporter", "trade-balance": "reporter to partner",
}
# Demand-kind labels the rules fall back to when a sentence names no demand kind.
TECHNOLOGY_ACCESS = "technology access"
DUTY_CONCESSIONS = "duty concessions"
CONCESSIONS = "concessions"
MARKET_ACCESS = "market access"
