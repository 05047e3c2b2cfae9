"""The OpenAPI document of the JSON API, built from one table of endpoints (also rendered as the
readable ``/api`` page, and checked against the routes by the tests)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from cablegate import __version__
from cablegate.export.table import FIELDS
from cablegate.search.facets import FACETS
from cablegate.vocabulary import AXIS_PARAMS
from cablegate.web.params import (
    BROWSE_SORT,
    DECL,
    FIELDS_PARAM,
    LIST_PER_PAGE,
    ORDER,
    ORIGIN,
    PAGE,
    SEARCH_PAGE,
    SEARCH_PER_PAGE,
    SEARCH_SORT,
    THREAD_DEPTH,
    VERSION,
    YEAR,
    Choice,
    Number,
    Word,
)
from cablegate.web.views.icons import ICONS

ATOM = "application/atom+xml"


def _one_of(words: tuple[str, ...]) -> str:
    """``("a", "b", "c")`` -> ``a, b or c.``"""
    return f"{', '.join(words[:-1])} or {words[-1]}." if len(words) > 1 else f"{words[0]}."


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    where: str  # path | query
    description: str
    schema: tuple[tuple[str, Any], ...] = (("type", "string"),)
    required: bool = False
    example: str | None = None


@dataclass(frozen=True, slots=True)
class Endpoint:
    path: str
    summary: str
    description: str
    schema: str  # component name of the response
    params: tuple[Param, ...] = ()
    media_type: str = "application/json"
    example: str = ""  # a URL to try


def _described(p: Choice | Number | Word, what: str, where: str = "query") -> Param:
    """A parameter of the views (``web.params``) as the document gives it: its schema and
    what anything outside it answers."""
    if isinstance(p, Choice):
        rule = f"{_one_of(p.values)[:-1]} (default {p.default})"
    elif isinstance(p, Number):
        rule = f"A whole number from {p.least} to {p.most} (default {p.default})"
    else:
        rule = f"Takes {p.takes}"
    return Param(
        p.name,
        where,
        f"{what}{rule}; anything else is a 400 naming the parameter"
        + (" and the values it allows." if isinstance(p, Choice) else "."),
        tuple(p.schema().items()),
    )


_PAGE = (_described(PAGE, "Page number. "), _described(LIST_PER_PAGE, "Rows a page. "))
_BROWSE_SORT = (_described(BROWSE_SORT, "Sort column: "), _described(ORDER, "Order: "))
# A query is a string of the search language (docs/search.md, served as /help/search): fields,
# phrases, groups, wildcards, date ranges. No regular expression describes that grammar (groups
# nest), so the schema names it as a string format of its own, as "email" or "uri" name theirs;
# a client or tester that knows the format (tests/web/test_contract.py teaches schemathesis
# it from the grammar) generates and checks queries by it.
QUERY_FORMAT = "cablegate-query"
SEARCH_GRAMMAR = {"description": "The search language (docs/search.md)", "url": "/help/search"}
_Q = Param(
    "q",
    "query",
    "A query in the search language: words (all must match), AND, OR, a leading - to exclude "
    "a word, and more (fields such as tag:PTER, phrases, groups, wildcards, date ranges): the "
    "grammar is docs/search.md, served as /help/search, and the string format "
    f"`{QUERY_FORMAT}` names it. Any query the grammar reads is answered; absent or empty, it "
    "is every cable (as `*`), narrowed by the filters. A query the grammar cannot read is a "
    "400 bad_query whose `position` is the character at fault; a query too broad to answer in "
    "its time budget is a 400 too_broad.",
    (("type", "string"), ("format", QUERY_FORMAT)),
    example="iran AND nuclear",
)
_SEARCH = (
    _Q,
    *(
        Param(name, "query", f"Keep only cables with this {name} (repeat to allow several).")
        for name in FACETS
        if name != DECL.name
    ),
    Param(
        DECL.name,
        "query",
        f"Keep only cables whose declassification date has {_one_of(DECL.values)[:-1]} "
        "(repeat to allow both); anything else is a 400 naming the values.",
        (("type", "string"), ("enum", list(DECL.values))),
    ),
    _described(SEARCH_SORT, "Sort: "),
    _described(SEARCH_PAGE, "Page number. "),
    _described(SEARCH_PER_PAGE, "Hits a page. "),
)


_FIELDS = _described(
    FIELDS_PARAM,
    "Fields of the export, in that order, or all (the default): "
    + ", ".join(FIELDS)
    + ". CSV joins a list of strings with ' | ' and writes a list of objects as JSON. ",
)
_EXPORT_TYPES = (("csv", "CSV", "text/csv"), ("jsonl", "JSON Lines", "application/x-ndjson"))


def _browse(axis: str, what: str, example: str) -> tuple[Endpoint, ...]:
    """The JSON list of one axis value, its Atom feed and its exports."""
    name = AXIS_PARAMS[axis]
    value = Param(name, "path", what, required=True, example=example)
    return (
        Endpoint(
            f"/{axis}/{{{name}}}.json",
            f"Cables by {axis}",
            f"The cables {what}, paginated and sortable.",
            "ListPage",
            (value, *_BROWSE_SORT, *_PAGE),
            example=f"/{axis}/{example}.json",
        ),
        Endpoint(
            f"/{axis}/{{{name}}}.atom",
            f"Feed of cables by {axis}",
            f"Atom feed of the {_FEED_SIZE} cables {what} released last, newest first.",
            "Atom",
            (value,),
            media_type=ATOM,
            example=f"/{axis}/{example}.atom",
        ),
        *(
            Endpoint(
                f"/{axis}/{{{name}}}.{suffix}",
                f"Export of the cables by {axis}, {label}",
                f"Every cable {what}, every field (or fields=), in the list's order (created, "
                "then refid), streamed.",
                "Text",
                (value, _FIELDS),
                media_type=media_type,
                example=f"/{axis}/{example}.{suffix}?fields=refid,created,subject",
            )
            for suffix, label, media_type in _EXPORT_TYPES
        ),
    )


_FEED_SIZE = 50
_REFID = Param("refid", "path", "Reference id.", required=True, example="07LIMA487")
_PAR = Param(
    "par",
    "query",
    "Cite one paragraph: its number (the link gets #parN, the note names it); a number the "
    "cable has no paragraph of is a 404.",
    (("type", "integer"), ("minimum", 1)),
)


def _citation(suffix: str, label: str, media_type: str, schema: str = "Text") -> Endpoint:
    return Endpoint(
        f"/cable/{{refid}}{suffix}",
        f"One cable as {label}",
        f"A {label} citation a reference manager imports: the sending post as author, the "
        "subject as title, the reference id, the creation date, the classification and the "
        "release in a note, the permalink.",
        schema,
        (_REFID, _PAR),
        media_type=media_type,
        example=f"/cable/07LIMA487{suffix}",
    )


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "/cable/{refid}.json",
        "One cable",
        "Every parsed field, the raw header and body, "
        "media links, release history, resolved references, cited-by and neighbours. Any "
        "spelling of the id redirects (301) to the published one.",
        "Cable",
        (Param("refid", "path", "Reference id.", required=True, example="07LIMA487"),),
        example="/cable/07LIMA487.json",
    ),
    Endpoint(
        "/cable/{refid}.txt",
        "One cable, raw text",
        "Header and body exactly as released.",
        "Text",
        (Param("refid", "path", "Reference id.", required=True, example="07LIMA487"),),
        media_type="text/plain",
        example="/cable/07LIMA487.txt",
    ),
    Endpoint(
        "/cable/{refid}/history.json",
        "Every version of a cable",
        "Each distinct text any source carried, with its sources (snapshot, page or final "
        "release; the date each is ordered by and what gave it), its redactions and the words "
        "they hide of the current text; the timeline in source-date order with what changed.",
        "History",
        (Param("refid", "path", "Reference id.", required=True, example="07LIMA487"),),
        example="",  # a static mirror holds no history pages: the API page links none
    ),
    Endpoint(
        "/cable/{refid}/diff.json",
        "What changed between two versions",
        "A word-level diff: pieces of kind same, edit, redacted (the later version hides "
        "the words), lifted (it shows them again) or remarked; the redactions with the words "
        "they hid; a one-line summary.",
        "Diff",
        (
            Param("refid", "path", "Reference id.", required=True, example="07LIMA487"),
            _described(VERSION["from"], "Version to compare from (default: the one before `to`). "),
            _described(VERSION["to"], "Version to compare to (default: the current text's). "),
        ),
        example="",
    ),
    Endpoint(
        "/cable/{refid}/thread.json",
        "A cable's thread",
        "The exchange a cable belongs to, from the REF graph both ways: the cables it answers "
        "(depth < 0: its references, theirs...) and those that answered it (depth > 0), each "
        "with the node it was reached through (`via`), cables named but not in the archive "
        "(`in_archive` false, never walked past), and every REF edge between them. At most "
        "`max_nodes` cables: `left_out` counts those one step from a shown cable that the cap "
        "kept out; `deeper` says the exchange goes on past `depth` steps.",
        "Thread",
        (
            Param("refid", "path", "Reference id.", required=True, example="07LIMA487"),
            _described(THREAD_DEPTH, "Steps each way. "),
        ),
        example="",  # a static mirror holds no thread pages: the API page links none
    ),
    Endpoint(
        "/cable/{refid}/similar.json",
        "Cables like one",
        "The cables most like one (a more-like-this search of its rarer words), best first, "
        "each a CableSummary with its score (`similar`: null when the search could not answer "
        "in its time budget), and its near-duplicate group as on the cable's JSON.",
        "Similar",
        (Param("refid", "path", "Reference id.", required=True, example="07LIMA487"),),
        example="",  # a static mirror holds no similar pages: the API page links none
    ),
    Endpoint(
        "/cited.json",
        "The most cited cables",
        "The 100 cables named in the most REF lines of the archive's cables, most first, with "
        "the number naming each; a cable named but not in the archive has `in_archive` false "
        "and no `cable`. Filtered by the cited cable's creation year or origin.",
        "Cited",
        (
            _described(YEAR, "The cited cables' creation year; empty: any. "),
            _described(
                ORIGIN,
                "The cited cables' origin, a slug as on /origins.json (one the archive does not "
                "have is a 404); empty: any. ",
            ),
        ),
        example="/cited.json",
    ),
    Endpoint(
        "/changes.json",
        "Cables whose text changed",
        "Cables with more than one version, newest change of text first, with the words "
        "their redactions hid and the newest change in one line.",
        "Changes",
        (_PAGE[0],),
        example="/changes.json",
    ),
    Endpoint(
        "/search.json",
        "Search",
        "One page of matches with snippets (matches in <mark>), "
        "facet counts and a histogram by year (by month within one year).",
        "SearchResult",
        _SEARCH,
        example="/search.json?q=%22shining+path%22&tag=PTER",
    ),
    Endpoint(
        "/search.csv",
        "Search, every match as CSV",
        "All matching cables (refid, created, "
        "released, origin, classification, subject, url), streamed; with fields=, every "
        "field asked for (all: every one) of each matching cable, in refid order.",
        "Text",
        (*_SEARCH, _FIELDS),
        media_type="text/csv",
        example="/search.csv?q=sendero",
    ),
    Endpoint(
        "/search.jsonl",
        "Search, every match as JSON Lines",
        "All matching cables, one JSON object a line with every field of the parsed cable "
        "(or fields=), in refid order, streamed.",
        "Text",
        (*_SEARCH, _FIELDS),
        media_type="application/x-ndjson",
        example="/search.jsonl?q=sendero&fields=refid,subject,tags",
    ),
    Endpoint(
        "/quality.json",
        "Data quality",
        "Parse problems by field and by year of creation, malformed reference ids with "
        "the id each should have, cables without subject or tags, and the latest rejected "
        "records.",
        "Quality",
        example="/quality.json",
    ),
    Endpoint(
        "/search.atom",
        "Search, as a feed",
        "One page of matches as Atom, with the OpenSearch elements totalResults, "
        "startIndex and itemsPerPage and first/previous/next/last links.",
        "Atom",
        _SEARCH,
        media_type=ATOM,
        example="/search.atom?q=sendero&sort=-released",
    ),
    Endpoint(
        "/opensearch.xml",
        "OpenSearch description",
        "What a browser adds as a search engine: the URL templates of /search and "
        "/search.atom. Every page links it (link rel=search).",
        "Text",
        media_type="application/opensearchdescription+xml",
        example="/opensearch.xml",
    ),
    _citation(".bib", "BibTeX", "application/x-bibtex"),
    _citation(".ris", "RIS", "application/x-research-info-systems"),
    _citation(".csl.json", "CSL-JSON", "application/vnd.citationstyles.csl+json", "CSL"),
    Endpoint(
        "/cable/{refid}/cited-by.atom",
        "Feed of the cables citing one",
        f"Atom feed of the {_FEED_SIZE} cables released last whose REF line names this one.",
        "Atom",
        (_REFID,),
        media_type=ATOM,
        example="/cable/07LIMA487/cited-by.atom",
    ),
    Endpoint(
        "/releases.atom",
        "Feed of release days",
        "One entry a day WikiLeaks published cables, with how many; the latest first.",
        "Atom",
        media_type=ATOM,
        example="/releases.atom",
    ),
    Endpoint(
        "/changes.atom",
        "Feed of changed cables",
        f"The {_FEED_SIZE} cables whose text changed last (a re-publication with another "
        "text), newest change first.",
        "Atom",
        media_type=ATOM,
        example="/changes.atom",
    ),
    *_browse("date", "created in a month (YYYY-MM)", "2007-02"),
    *_browse("year", "created in a year (YYYY)", "2007"),
    *_browse("released", "released on a day (YYYY-MM-DD)", "2011-08-30"),
    *_browse("origin", "sent by a post (slug: embassy-lima)", "embassy-lima"),
    *_browse("tag", "carrying a TAG", "PTER"),
    *_browse("classification", "at a classification (slug: secret-noforn)", "secret"),
    *_browse("country", "from posts in a country (ISO 3166 code)", "pe"),
    *(
        Endpoint(
            f"{path}.json",
            f"Index of {what}",
            f"Every {what[:-1] if what.endswith('s') else what} with its count.",
            "AxisIndex",
            example=f"{path}.json",
        )
        for path, what in (
            ("/origins", "origins"),
            ("/tags", "tags"),
            ("/dates", "months"),
            ("/releases", "release days"),
            ("/classifications", "classifications"),
            ("/countries", "countries"),
        )
    ),
    Endpoint(
        "/people.json",
        "Index of people",
        "How many people each first letter of a surname has, and the 50 people with the "
        "most cables. A person is one surname at one post over one stretch of time.",
        "People",
        example="/people.json",
    ),
    Endpoint(
        "/people/{letter}.json",
        "People of one letter",
        "Every classifier, signer and named recipient whose surname begins with the letter: the name forms "
        "the cables give joined (an uncertain join is marked), their years and how many "
        "cables they classified and signed.",
        "People",
        (Param("letter", "path", "A to Z", required=True, example="S"),),
        example="/people/S.json",
    ),
    Endpoint(
        "/person/{slug}.json",
        "One person",
        "A person's name forms (each with its cables and whether its join is certain, and "
        "why not), cables classified and signed by year, the other people of the same surname "
        "that the rule keeps apart, and one page of the cables they classified or signed "
        "(oldest first, one row a cable and role: 50 a page, as browse lists).",
        "PersonPage",
        (
            Param(
                "slug",
                "path",
                "surname-post-first year, as /people.json lists them",
                required=True,
                example="struble-embassy-lima-2005",
            ),
            *_PAGE,
        ),
        example="/person/struble-embassy-lima-2005.json",
    ),
    Endpoint(
        "/classification-reasons.json",
        "Classification reasons",
        "Each section 1.4 reason with its cables, and the share of the classified cables of "
        "each year and each post giving it (a cable may give several).",
        "ClassificationReasons",
        example="/classification-reasons.json",
    ),
    Endpoint(
        "/index.json",
        "Key figures",
        "Counts by classification, year and release day, and the latest released cables.",
        "Home",
        example="/index.json",
    ),
    Endpoint(
        "/api/openapi.json",
        "This document",
        "The OpenAPI 3.1 description of the API.",
        "OpenAPI",
        example="/api/openapi.json",
    ),
    *(
        Endpoint(
            icon.path,
            "Site icon",
            f"The archive's icon, {icon.what}; every page links it.",
            "Image",
            media_type=icon.media_type,
            example=icon.path,
        )
        for icon in ICONS
    ),
)

_SUMMARY: dict[str, Any] = {
    "type": "object",
    "properties": {
        k: {"type": ["string", "null"]}
        for k in ("refid", "subject", "created", "released", "origin", "classification", "url")
    },
}
_ERROR_DOC = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message"],
            "properties": {
                "status": {"type": "integer"},
                "code": {
                    "type": "string",
                    "examples": [
                        "bad_request",
                        "bad_query",
                        "too_broad",
                        "not_found",
                        "method_not_allowed",
                        "server_error",
                        "overloaded",
                        "too_slow",
                    ],
                },
                "message": {"type": "string"},
                "position": {"type": "integer", "description": "0-based offset of a query's fault"},
                "query": {"type": "string"},
                "parameter": {"type": "string", "description": "the query parameter at fault"},
                "allowed": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "the values that parameter takes, when they are a list",
                },
            },
        }
    },
}
_PERSON = {
    "type": "object",
    "properties": {
        "slug": {"type": "string"},
        "name": {"type": "string"},
        "surname": {"type": "string"},
        "post": {"type": "string", "description": "origin slug"},
        "first": {"type": "string", "description": "YYYY-MM"},
        "last": {"type": "string", "description": "YYYY-MM"},
        "certain": {"type": "boolean"},
        "classified": {"type": "integer"},
        "signed": {"type": "integer"},
        "addressed": {"type": "integer", "description": "cables addressed to the person by name"},
        "variants": {"type": "array", "items": {"type": "object"}},
    },
}
_SCHEMAS: dict[str, Any] = {
    "Error": _ERROR_DOC,
    "People": {
        "type": "object",
        "properties": {
            "total": {"type": "integer"},
            "letters": {"type": "array", "items": {"type": "object"}},
            "top": {"type": "array", "items": {"$ref": "#/components/schemas/Person"}},
            "people": {"type": "array", "items": {"$ref": "#/components/schemas/Person"}},
        },
    },
    "Person": _PERSON,
    "PersonPage": {
        "allOf": [
            {"$ref": "#/components/schemas/Person"},
            {
                "type": "object",
                "properties": {
                    "url": {"type": "string"},
                    "post_label": {"type": "string"},
                    "by_year": {"type": "array", "items": {"type": "object"}},
                    "others": {"type": "array", "items": {"$ref": "#/components/schemas/Person"}},
                    "total": {"type": "integer", "description": "rows: a cable and a role"},
                    "page": {"type": "integer"},
                    "per_page": {"type": "integer"},
                    "pages": {"type": "integer"},
                    "cables": {"type": "array", "items": {"type": "object"}},
                },
            },
        ]
    },
    "ClassificationReasons": {
        "type": "object",
        "properties": {
            "cables": {"type": "integer"},
            "reasons": {"type": "array", "items": {"type": "object"}},
            "by_year": {"type": "array", "items": {"type": "object"}},
            "by_post": {"type": "array", "items": {"type": "object"}},
        },
    },
    "CableSummary": _SUMMARY,
    "Cable": {
        "type": "object",
        "description": "`cablegate show --json` plus cited_by, previous, "
        "next, references_resolved, tag_meanings, header_decoded, links.",
        "properties": {
            "refid": {"type": "string"},
            "paragraphs": {"type": "array"},
            "cited_by": {"type": "array", "items": {"$ref": "#/components/schemas/CableSummary"}},
            "near_duplicates": {
                "type": ["array", "null"],
                "description": "the live site's only: the other cables of its near-duplicate"
                " group (`cablegate similar --build`); null until the groups are built",
                "items": {"$ref": "#/components/schemas/CableSummary"},
            },
            "near_duplicates_built_at": {"type": ["string", "null"]},
        },
    },
    "ListPage": {
        "type": "object",
        "properties": {
            "axis": {"type": "string"},
            "value": {"type": "string"},
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "pages": {"type": "integer"},
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/CableSummary"}},
            "timeline": {
                "type": "array",
                "description": "first page of an origin, tag, classification, country or year"
                " list only: its cables by month of creation ({month, count}, months without"
                " cables left out)",
                "items": {"type": "object"},
            },
        },
    },
    "SearchResult": {
        "type": "object",
        "required": ["total", "hits", "facets"],
        "properties": {
            "total": {"type": "integer"},
            "hits": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        **_SUMMARY["properties"],
                        "snippet": {
                            "type": "string",
                            "description": "HTML-escaped, matches in <mark>",
                        },
                    },
                },
            },
            "facets": {
                "type": "object",
                "additionalProperties": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "value": {"type": "string"},
                            "count": {"type": "integer"},
                            "label": {"type": "string"},
                        },
                    },
                },
            },
            "histogram": {"type": "object"},
            "facets_left_out": {
                "type": "array",
                "items": {"type": "string"},
                "description": "facets not counted because the search matches more cables than"
                " they are counted for (person, reason, eo, decl above 20,000 matches)",
            },
            "facets_cut": {
                "type": "boolean",
                "description": "the facet counts missed their time budget: facets and"
                " histogram are empty",
            },
            "page": {"type": "integer"},
            "pages": {"type": "integer"},
        },
    },
    "AxisIndex": {
        "type": "object",
        "properties": {"axis": {"type": "string"}, "values": {"type": "array"}},
    },
    "Home": {
        "type": "object",
        "properties": {"stats": {"type": "object"}, "latest": {"type": "array"}},
    },
    "History": {
        "type": "object",
        "required": ["refid", "current", "versions", "timeline"],
        "properties": {
            "refid": {"type": "string"},
            "current": {"type": "integer", "description": "number of the version shown"},
            "versions": {"type": "array", "items": {"type": "object"}},
            "timeline": {"type": "array", "items": {"type": "object"}},
            "damaged": {"type": "array"},
        },
    },
    "Diff": {
        "type": "object",
        "required": ["refid", "from", "to", "summary", "body"],
        "properties": {
            "summary": {"type": "string"},
            "counts": {"type": "object"},
            "redactions": {"type": "array", "items": {"type": "object"}},
            "header": {"type": "array", "items": {"type": "object"}},
            "body": {"type": "array", "items": {"type": "object"}},
        },
    },
    "Changes": {
        "type": "object",
        "properties": {
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "pages": {"type": "integer"},
            "items": {"type": "array", "items": {"type": "object"}},
        },
    },
    "Similar": {
        "type": "object",
        "required": ["refid", "similar", "near_duplicates"],
        "properties": {
            "refid": {"type": "string"},
            "title": {"type": "string"},
            "similar": {
                "type": ["array", "null"],
                "items": {"$ref": "#/components/schemas/CableSummary"},
            },
            "near_duplicates": {
                "type": ["array", "null"],
                "description": "the other cables of its near-duplicate group (`cablegate similar"
                " --build`); null until the groups are built",
                "items": {"$ref": "#/components/schemas/CableSummary"},
            },
            "near_duplicates_built_at": {"type": ["string", "null"]},
        },
    },
    "Thread": {
        "type": "object",
        "required": ["refid", "depth", "max_nodes", "left_out", "deeper", "nodes", "edges"],
        "properties": {
            "refid": {"type": "string"},
            "depth": {"type": "integer"},
            "max_nodes": {"type": "integer"},
            "left_out": {"type": "integer"},
            "deeper": {"type": "boolean"},
            "nodes": {"type": "array", "items": {"type": "object"}},
            "edges": {"type": "array", "items": {"type": "object"}},
        },
    },
    "Cited": {
        "type": "object",
        "required": ["items"],
        "properties": {
            "year": {"type": ["string", "null"]},
            "origin": {"type": ["string", "null"]},
            "limit": {"type": "integer"},
            "items": {"type": "array", "items": {"type": "object"}},
        },
    },
    "Quality": {
        "type": "object",
        "required": ["cables", "with_problems", "problems_by_field", "problems_by_period"],
        "properties": {
            "cables": {"type": "integer"},
            "with_problems": {"type": "integer"},
            "problems_by_field": {"type": "array", "items": {"type": "object"}},
            "problems_by_period": {"type": "array", "items": {"type": "object"}},
            "malformed_ids": {"type": "array", "items": {"type": "object"}},
            "without_subject": {"type": "object"},
            "without_tags": {"type": "object"},
            "rejected": {"type": "integer"},
            "rejects_by_day": {"type": "array", "items": {"type": "object"}},
            "latest_rejects": {"type": "array", "items": {"type": "object"}},
        },
    },
    "OpenAPI": {"type": "object"},
    "Text": {"type": "string"},
    "CSL": {
        "type": "array",
        "description": "CSL-JSON: a list of one item (https://citeproc-js.readthedocs.io)",
        "items": {"type": "object", "required": ["id", "type"]},
    },
    "Image": {"type": "string", "format": "binary"},
    "Atom": {"type": "string", "description": "An Atom (RFC 4287) feed document"},
}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _errors(e: Endpoint) -> dict[str, Any]:
    """The errors an endpoint can answer, each in the one error shape (whatever the format of
    its 200: ``errors.DATA_SUFFIXES``): 400 when it reads a query parameter, 404 when its
    address names something or a page of something, 500 and 503 everywhere."""
    out: dict[str, Any] = {}
    if any(p.where == "query" for p in e.params):
        out["400"] = _error(
            "A parameter outside what it takes (bad_request, naming the `parameter` and, for a "
            "list, the values `allowed`), or a query the grammar cannot read (bad_query, "
            "too_broad)"
        )
    if any(p.where == "path" or p.name in ("page", "par", "origin") for p in e.params):
        out["404"] = _error("Nothing by that name, or no such page (not_found)")
    out["500"] = _error("A fault of the server, logged (server_error)")
    out["503"] = {
        **_error("Busy (overloaded, too_slow): try again after Retry-After"),
        "headers": {
            "Retry-After": {
                "description": "Seconds to wait before trying again",
                "schema": {"type": "integer"},
            }
        },
    }
    return out


def _operation(e: Endpoint) -> dict[str, Any]:
    params = []
    for p in e.params:
        param: dict[str, Any] = {
            "name": p.name,
            "in": p.where,
            "description": p.description,
            "required": p.required or p.where == "path",
            "schema": dict(p.schema),
        }
        if p.example:
            param["example"] = p.example
        params.append(param)
    ok_schema = {"$ref": f"#/components/schemas/{e.schema}"}
    operation: dict[str, Any] = {
        "summary": e.summary,
        "description": e.description,
        "parameters": params,
        "responses": {
            "200": {"description": "OK", "content": {e.media_type: {"schema": ok_schema}}},
            **_errors(e),
        },
    }
    if any(p is _Q for p in e.params):
        operation["externalDocs"] = SEARCH_GRAMMAR
    return {"get": operation}


@cache
def spec() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Cablegate archive API",
            "version": __version__,
            "description": "Every page of the archive as JSON: add `.json` to its address. "
            "Read-only, no key, CORS open.",
        },
        "paths": {e.path: _operation(e) for e in ENDPOINTS},
        "components": {"schemas": _SCHEMAS},
    }
