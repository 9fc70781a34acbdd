"""Path, blockers and trade-off questions: exact answers on the bundled corpus, defined
answers on small hand-written graphs with cycles, disconnected parts, dense components
and parallel edges."""

from __future__ import annotations

import itertools
from pathlib import Path

import pyoxigraph as ox
import pytest

from tradekg.graph.analysis import paths
from tradekg.graph.analysis.blockers import blockers_of
from tradekg.graph.analysis.paths import path_text, shortest_paths
from tradekg.graph.analysis.projection import edges_touching, projection_graph
from tradekg.graph.analysis.tradeoffs import tradeoffs
from tradekg.graph.core.errors import UnknownEntity, UsageError
from tradekg.graph.core.namespaces import CLAIM, ID, PARTY
from tradekg.graph.store.local import graph_over

FIXTURES = Path(__file__).parent / "fixtures" / "paths"
EX = "https://example.org/"
TECH = str(CLAIM["india-us-bta-tech-parity/india-technology-access-parity"])


def fixture_graph(name: str):
    store = ox.Store()
    store.load(path=str(FIXTURES / f"{name}.ttl"), format=ox.RdfFormat.TURTLE)
    return graph_over(store)


def walk(path: dict) -> list[str]:
    """A path as the labels and hop readings a person sees."""
    out = [path["edges"][0]["from"]["label"]] if path["edges"] else []
    for hop in path["edges"]:
        out += [path_text(hop), hop["to"]["label"]]
    return out


# ---------------------------------------------------------------- bundled corpus


def test_paths_from_india_to_the_cybersecurity_concern(graph) -> None:
    result = shortest_paths(graph, "India", "us-concern-cybersecurity", k=4)
    assert result["source"] == {"iri": str(PARTY.IN), "label": "India", "kind": "country"}
    assert result["target"]["kind"] == "concern"
    assert result["truncated"] is False
    assert [walk(p) for p in result["paths"]] == [
        ["India", "←about—", "United States concern over cybersecurity (India)"],
        ["India", "—demands→", "India seeks technology-access parity from the United States",
         "←conditions—", "United States concern over cybersecurity (India)"],
        # PTI's copies, which the seed restates, reiterate it
        ["India", "←about—", "Likely US objection on cybersecurity standards, per GTRI",
         "—reiterates→", "United States concern over cybersecurity (India)"],
        ["India", "←addressed to—",
         "United States alternative: project-specific licences instead of blanket exemptions",
         "—addresses→", "United States concern over cybersecurity (India)"],
    ]
    hop = result["paths"][1]["edges"][1]
    assert hop["predicate"] == {"iri": "https://w3id.org/tradekg/ontology#conditions", "label": "conditions"}
    assert hop["forward"] is False


def test_k_limits_the_number_of_paths_and_max_hops_their_length(graph) -> None:
    assert len(shortest_paths(graph, "India", "us-concern-cybersecurity", k=2)["paths"]) == 2
    short = shortest_paths(graph, "India", "us-concern-cybersecurity", k=10, max_hops=1)
    assert [p["hops"] for p in short["paths"]] == [1]


def test_parity_benchmark_path_and_directed_mode(graph) -> None:
    result = shortest_paths(graph, "India", "Japan", k=1)
    assert [walk(p) for p in result["paths"]] == [
        ["India", "—demands→", "India seeks technology-access parity from the United States", "—parity with→",
         "Japan"]]
    # Following relation directions, nothing leads from a party (relations point at parties).
    assert shortest_paths(graph, "India", "Japan", directed=True)["paths"] == []
    forward = shortest_paths(graph, "india-technology-access-parity", "Japan", directed=True)
    assert [p["hops"] for p in forward["paths"]] == [1]


def test_via_restricts_intermediate_nodes_to_kinds(graph) -> None:
    result = shortest_paths(graph, "India", "us-concern-cybersecurity", k=5, via=["alternative"])
    middles = {p["edges"][0]["to"]["kind"] for p in result["paths"] if p["hops"] > 1}
    assert middles == {"alternative"}
    assert [p["hops"] for p in result["paths"]] == [1, 2, 2]


def test_path_to_itself_is_the_empty_path(graph) -> None:
    result = shortest_paths(graph, "India", "IN")
    assert result["paths"] == [{"hops": 0, "edges": []}]


def test_unknown_and_ambiguous_names_raise_with_candidates(graph) -> None:
    with pytest.raises(UnknownEntity) as unknown:
        shortest_paths(graph, "India", "Jappan")
    assert unknown.value.exit_code == 2
    assert "Japan" in [label for label, _ in unknown.value.candidates]
    with pytest.raises(UnknownEntity) as ambiguous:
        shortest_paths(graph, "trade surplus", "India")
    assert ambiguous.value.ambiguous is True
    assert len(ambiguous.value.candidates) == 2


def test_misspelt_names_get_close_names_of_every_kind_and_folded_names_resolve(graph) -> None:
    from tradekg.graph.analysis.entities import resolve_entity

    def suggested(name: str, kind: str | None = None) -> list[str]:
        with pytest.raises(UnknownEntity) as unknown:
            resolve_entity(graph, name, kind)
        assert not unknown.value.ambiguous
        return [label for label, _ in unknown.value.candidates]

    assert suggested("Inida") == ["India", "IND", "final"]
    assert suggested("semicondutors")[:2] == ["semiconductors", "semiconductor"]
    # Claims are many: those with a word starting as the name's longest word does are compared.
    assert suggested("india-technology-access-parit")[0] == "india-technology-access-parity"
    assert "us-concern-export-controls" in suggested("us-concern-export-control")
    # "export control" is a word of the measure-kind scheme, so it names that concept.
    assert resolve_entity(graph, "export control").kind == "measure-kind"
    assert suggested("us-concern-cybersecurty")[:3] == [
        "us-concern-cybersecurity", "us-objection-cybersecurity",
        "United States concern over cybersecurity (India)"]
    assert suggested("Inida", kind="sector") == []  # only names of the kind asked for
    assert suggested("xyz") == []
    # Spelled otherwise (case, hyphens) but the same folded: found, with its label and id.
    claim = resolve_entity(graph, "INDIA seeks technology access parity from the united states")
    assert (claim.iri, claim.label, claim.kind, claim.id) == (
        TECH, "India seeks technology-access parity from the United States", "demand",
        "india-us-bta-tech-parity/india-technology-access-parity")
    assert resolve_entity(graph, "the united states").iri == str(PARTY.US)


def test_limits_out_of_range_are_usage_errors(graph) -> None:
    with pytest.raises(UsageError):
        shortest_paths(graph, "India", "Japan", k=0)
    with pytest.raises(UsageError):
        shortest_paths(graph, "India", "Japan", max_hops=99)


def test_blockers_of_the_technology_demand(graph) -> None:
    result = blockers_of(graph, "india-technology-access-parity")
    (demand,) = result["demands"]
    assert demand["iri"] == TECH
    assert demand["by"]["iri"] == str(PARTY.IN)
    assert [p["iri"] for p in demand["to"]] == [str(PARTY.US)]
    assert [(c["relation"], c["topic"]["label"], c["holder"]["label"]) for c in demand["concerns"]] == [
        ("conditions", "cybersecurity", "United States"),
        ("conditions", "defence ties", "United States"),
        ("conditions", "export controls", "United States"),
        ("conditions", "intellectual property standards", "United States"),
    ]
    for concern in demand["concerns"]:
        assert [a["form"]["label"] for a in concern["alternatives"]] == [
            "project-specific licences", "trusted partner programmes"]
        for a in concern["alternatives"]:
            assert a["instead_of_form"]["label"] == "blanket exemptions"
            assert a["proposer"]["label"] == "United States"
        assert concern["quotes"][0]["text"].startswith("The US may introduce alternatives")
        assert concern["source"]["iri"] == ID + "source/india-us-bta-tech-parity"
    assert [q["start"] for q in demand["quotes"]] == [97, 759, 1944, 2070, 2236]


_INDIA = {"india-duty-concessions": 0, "india-technology-access-parity": 4,
          "india-duty-concessions-plastics": 0, "india-tech-parity-key-allies": 0}
_US_BY_APRIL = {"us-concessions": 0, "us-agriculture-market-access": 0, "us-aim-additional-commitments": 0,
                "us-aim-lower-non-tariff-barriers": 0, "us-aim-lower-tariffs": 0, "us-aim-market-access": 0,
                "us-concessions-petrochemicals": 0}
_US_AIMS = {"us-agriculture-market-access": 0, "us-aim-additional-commitments": 0,
            "us-aim-lower-non-tariff-barriers": 0, "us-aim-lower-tariffs": 0, "us-aim-market-access": 0}
_ON_CONCESSIONS = {"india-duty-concessions": 0, "us-concessions": 0, "us-agriculture-market-access": 0,
                   "us-aim-lower-non-tariff-barriers": 0, "us-aim-lower-tariffs": 0, "us-aim-market-access": 0,
                   "india-duty-concessions-plastics": 0, "us-concessions-petrochemicals": 0}


@pytest.mark.parametrize(("name", "as_of", "expected"), [
    ("India", None, _INDIA),
    ("United States", None, {**_US_BY_APRIL, "us-farm-demands": 0}),
    ("semiconductors", None, {"india-technology-access-parity": 4}),
    ("critical technologies", None, {"india-technology-access-parity": 4, "india-tech-parity-key-allies": 0}),
    ("agriculture and food", None, {"india-duty-concessions": 0, "us-concessions": 0,
                                    "us-agriculture-market-access": 0, "us-farm-demands": 0}),
    ("shrimp", None, {"india-duty-concessions": 0}),
    ("technology access", None, {"india-technology-access-parity": 4, "india-tech-parity-key-allies": 0}),
    ("concessions", None, {**_ON_CONCESSIONS, "us-farm-demands": 0}),
    # As of a day: only what sources published by then report. The seed and the PTI story
    # it restates are of 27 April 2025; the USTR fact sheet (the US aims) of 21 April; the
    # Rural Voice report of the US farm demands of August.
    ("India", "2025-04-26", {}),
    ("United States", "2025-04-26", _US_AIMS),
    ("India", "2025-04-27", _INDIA),
    ("United States", "2025-04-27", _US_BY_APRIL),
    ("concessions", "2025-07-31", _ON_CONCESSIONS),
])
def test_blockers_of_parties_and_sectors_cover_their_demands(graph, name, as_of, expected) -> None:
    result = blockers_of(graph, name, as_of=as_of)
    found = {d["iri"].rsplit("/", 1)[-1]: len(d["concerns"]) for d in result["demands"]}
    assert found == expected


def test_tradeoffs_put_every_named_sector_on_its_side(graph) -> None:
    result = tradeoffs(graph, "India", "United States")

    def sectors(side: str) -> set[str]:
        return {s["label"] for g in result[side] for d in g["demands"] for s in d["sectors"]}

    assert sectors("a_asks_b") == {
        "telecom equipment", "biotechnology", "artificial intelligence", "pharmaceuticals", "quantum computing",
        "semiconductors", "textiles", "gems and jewellery", "leather goods", "garments", "chemicals", "shrimp",
        "oilseeds", "grapes", "bananas", "plastics", "critical technologies"}
    assert sectors("b_asks_a") == {
        "industrial goods", "automobiles", "electric vehicles", "wine", "dairy products", "apples", "tree nuts",
        "agriculture and food", "genetically modified crops", "petrochemicals"}
    # The USTR fact sheet's aims name no sector: they are grouped apart, first.
    assert [g["category"]["label"] for g in result["b_asks_a"]] == [
        "(no sector named)", "agriculture and food", "industrial goods"]
    assert [(s["demand"]["iri"].rsplit("/", 1)[-1], s["cue"], s["in_exchange_for"]) for s in result["stated"]] == [
        ("india-duty-concessions", "In return", None)]
    india = ["india-tech-parity-key-allies", "india-duty-concessions", "india-technology-access-parity",
             "india-duty-concessions-plastics"]  # by label
    us_all = ["us-farm-demands", "us-aim-additional-commitments", "us-aim-lower-non-tariff-barriers",
              "us-aim-lower-tariffs", "us-aim-market-access", "us-agriculture-market-access", "us-concessions",
              "us-concessions-petrochemicals"]  # by label
    same_category = [
        ("india-duty-concessions", "us-concessions", ["agriculture and food", "industrial goods"]),
        ("india-duty-concessions", "us-farm-demands", ["agriculture and food"]),
        ("india-duty-concessions", "us-agriculture-market-access", ["agriculture and food"]),
        ("india-duty-concessions", "us-concessions-petrochemicals", ["industrial goods"]),
        ("india-duty-concessions-plastics", "us-concessions", ["industrial goods"]),
        ("india-duty-concessions-plastics", "us-concessions-petrochemicals", ["industrial goods"]),
    ]
    paired = {(a, b) for a, b, _ in same_category}
    expected = [("same-category", *p) for p in same_category] + [
        ("same-negotiation", a, b, []) for a in india for b in us_all if (a, b) not in paired]
    assert [(p["rule"], p["a_demand"]["iri"].rsplit("/", 1)[-1], p["b_demand"]["iri"].rsplit("/", 1)[-1],
             p["shared_categories"]) for p in result["inferred"]] == expected
    assert (result["inferred_total"], result["inferred_truncated"]) == (32, False)
    swapped = tradeoffs(graph, "US", "IN")
    assert swapped["a_asks_b"] == result["b_asks_a"]
    # A cap keeps the strongest pairings and counts the rest; None lists them all.
    first = tradeoffs(graph, "India", "United States", limit=1)
    assert first["inferred"] == result["inferred"][:1]
    assert (first["inferred_total"], first["inferred_truncated"]) == (32, True)
    assert {k: v for k, v in first.items() if not k.startswith("inferred")} == {
        k: v for k, v in result.items() if not k.startswith("inferred")}
    assert tradeoffs(graph, "India", "United States", limit=None)["inferred"] == result["inferred"]
    assert tradeoffs(graph, "India", "United States", limit=0)["inferred"] == []


def tradeoffs_graph(extra: tuple[str, ...] = ()):
    """Alpha and Beta in one negotiation: 3 demands each, on sectors under two top categories
    (plus ``extra`` Turtle statements)."""
    tk, skos = "https://w3id.org/tradekg/ontology#", "http://www.w3.org/2004/02/skos/core#"
    lines = [f"@prefix tk: <{tk}> .", f"@prefix skos: <{skos}> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .", f"@prefix ex: <{EX}> .",
             "ex:p1 a tk:Party ; rdfs:label \"Alpha\" .", "ex:p2 a tk:Party ; rdfs:label \"Beta\" .",
             "ex:t a tk:Agreement ; rdfs:label \"Talks\" .",
             "ex:food a tk:Sector ; skos:prefLabel \"food\" .", "ex:metal a tk:Sector ; skos:prefLabel \"metal\" .",
             "ex:fish a tk:Sector ; skos:prefLabel \"fish\" ; skos:broader ex:food .",
             "ex:tin a tk:Sector ; skos:prefLabel \"tin\" ; skos:broader ex:metal ."]
    sectors = {"a0": "ex:fish, ex:tin", "a1": "ex:fish", "a2": "", "b0": "ex:tin", "b1": "ex:fish, ex:tin", "b2": ""}
    for name, on in sectors.items():
        by, to = ("ex:p1", "ex:p2") if name[0] == "a" else ("ex:p2", "ex:p1")
        lines.append(f"ex:{name} a tk:Claim, tk:Demand ; rdfs:label \"demand {name}\" ; tk:demandedBy {by} ; "
                     f"tk:addressedTo {to} ; tk:inNegotiation ex:t" + (f" ; tk:onSector {on}" if on else "") + " .")
    store = ox.Store()
    store.load("\n".join([*lines, *extra]).encode(), format=ox.RdfFormat.TURTLE)
    return graph_over(store)


def test_tradeoffs_state_the_exchanges_between_their_demands_in_order() -> None:
    g = tradeoffs_graph((
        "ex:b1 tk:inExchangeFor ex:a0 .", "ex:a1 tk:inExchangeFor ex:b0 .", "ex:a0 tk:inExchangeFor ex:b2 .",
        "ex:a0 tk:inExchangeFor ex:b0 .",
        # A counterpart outside the two parties' demands is not a trade-off between them.
        "ex:a2 tk:inExchangeFor ex:c0 .", "ex:c0 a tk:Claim, tk:Demand ; rdfs:label \"demand c0\" .",
        "ex:b2 tk:reciprocityCue \"In return\" .", "ex:b1 tk:reciprocityCue \"In return\" ."))
    result = tradeoffs(g, "Alpha", "Beta")
    # (No quotation in this graph: a claim's label falls back to its IRI.)
    assert [(s["demand"]["iri"][-2:], s["in_exchange_for"] and s["in_exchange_for"]["iri"][-2:], s["cue"])
            for s in result["stated"]] == [
        ("a0", "b0", None), ("a0", "b2", None), ("a1", "b0", None), ("b1", "a0", None),
        ("b2", None, "In return"),  # b1 has a cue too, but its counterpart is stated
    ]


def test_tradeoffs_list_the_strongest_pairings_first_and_count_them_all() -> None:
    g = tradeoffs_graph()
    every = tradeoffs(g, "Alpha", "Beta", limit=None)
    pairs = [(p["a_demand"]["label"][-2:], p["b_demand"]["label"][-2:], p["shared_categories"])
             for p in every["inferred"]]
    assert pairs == [
        ("a0", "b1", ["food", "metal"]),  # two categories shared
        ("a0", "b0", ["metal"]), ("a1", "b1", ["food"]),
        ("a0", "b2", []), ("a1", "b0", []), ("a1", "b2", []), ("a2", "b0", []), ("a2", "b1", []), ("a2", "b2", []),
    ]
    assert (every["inferred_total"], every["inferred_truncated"]) == (9, False)
    three = tradeoffs(g, "Alpha", "Beta", limit=3)
    assert three["inferred"] == every["inferred"][:3]
    assert (three["inferred_total"], three["inferred_truncated"]) == (9, True)
    with pytest.raises(UsageError, match="pairing limit"):
        tradeoffs(g, "Alpha", "Beta", limit=-1)


def test_tradeoffs_need_two_parties(graph) -> None:
    with pytest.raises(UsageError):
        tradeoffs(graph, "India", "IND")


# ---------------------------------------------------------------- hand-written graphs


def test_cycles_give_every_simple_path_once() -> None:
    g = fixture_graph("cycle")
    result = shortest_paths(g, "Alpha", "Beta worries about Alpha", k=20)
    # 5 nodes, 9 relations: 1 path of 1 hop, 2 of 2, 4 of 3, 4 of 4; none repeats a node.
    assert [p["hops"] for p in result["paths"]] == [1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4]
    walked = [walk(p) for p in result["paths"]]
    assert len({tuple(w) for w in walked}) == 11
    for p in result["paths"]:
        nodes = [p["edges"][0]["from"]["iri"]] + [h["to"]["iri"] for h in p["edges"]]
        assert len(nodes) == len(set(nodes))
    assert walked[:7] == [
        ["Alpha", "←about—", "Beta worries about Alpha"],
        ["Alpha", "—demands→", "Alpha asks Beta", "←conditions—", "Beta worries about Alpha"],
        ["Alpha", "←addressed to—", "Beta offers a licence", "—addresses→", "Beta worries about Alpha"],
        ["Alpha", "—demands→", "Alpha asks Beta", "—addressed to→", "Beta", "—holds→", "Beta worries about Alpha"],
        ["Alpha", "—demands→", "Alpha asks Beta", "←instead of—", "Beta offers a licence", "—addresses→",
         "Beta worries about Alpha"],
        ["Alpha", "←addressed to—", "Beta offers a licence", "—instead of→", "Alpha asks Beta", "←conditions—",
         "Beta worries about Alpha"],
        ["Alpha", "←addressed to—", "Beta offers a licence", "—proposed by→", "Beta", "—holds→",
         "Beta worries about Alpha"],
    ]
    # k cuts inside a group of equal length by label order, not by networkx's internal order.
    cut = shortest_paths(g, "Alpha", "Beta worries about Alpha", k=10)
    assert [walk(p) for p in cut["paths"]] == walked[:10]


def test_disconnected_parts_and_isolated_nodes_have_no_path() -> None:
    g = fixture_graph("disconnected")
    assert shortest_paths(g, "Alpha", "Delta")["paths"] == []
    assert shortest_paths(g, "Alpha", "Epsilon")["paths"] == []
    assert shortest_paths(g, "Epsilon", "Epsilon")["paths"] == [{"hops": 0, "edges": []}]
    assert [p["hops"] for p in shortest_paths(g, "Gamma", "Delta")["paths"]] == [2]


def test_parallel_edges_make_one_hop_not_two_paths() -> None:
    g = fixture_graph("parallel")
    result = shortest_paths(g, "Beta objects", "Alpha asks Beta", k=5, max_hops=1)
    (only,) = result["paths"]
    (hop,) = only["edges"]
    assert hop["predicate"]["label"] == "blocks"
    assert hop["also"] == [{"predicate": {"iri": "https://w3id.org/tradekg/ontology#conditions",
                                          "label": "conditions"}, "forward": True}]


def test_dense_component_is_bounded_by_k_and_by_time() -> None:
    g = fixture_graph("dense")
    result = shortest_paths(g, "concern 0", "concern 1", k=5)
    assert [p["hops"] for p in result["paths"]] == [2, 2, 2, 2, 2]
    assert result["truncated"] is False
    # Nine equally short paths (through Beta, who holds both, or through any of eight
    # demands): the five returned are the first by label.
    assert [p["edges"][0]["to"]["label"] for p in result["paths"]] == ["Beta"] + [f"demand {i}" for i in range(4)]
    stopped = shortest_paths(g, "concern 0", "concern 1", k=5, timeout=0.0)
    assert stopped["truncated"] is True
    assert stopped["reason"] == "time limit"


def random_graph(seed: int):
    """Parties, demands and concerns tied at random, with few distinct labels (so that many
    paths tie on length and on labels) and parallel edges; also returned as plain edges."""
    import random

    rng = random.Random(seed)
    tk = "https://w3id.org/tradekg/ontology#"
    store = ox.Store()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    nodes = [f"{EX}n{i}" for i in range(rng.randint(6, 14))]
    quads = [ox.Quad(ox.NamedNode(n), label, ox.Literal(rng.choice("abc"))) for n in nodes]
    quads += [ox.Quad(ox.NamedNode(n), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                      ox.NamedNode(tk + "Demand")) for n in nodes]
    edges = set()
    for _ in range(rng.randint(len(nodes), 3 * len(nodes))):
        a, b = rng.sample(nodes, 2)
        p = tk + rng.choice(["conditions", "blocks", "addressedTo"])
        edges.add((a, b))
        quads.append(ox.Quad(ox.NamedNode(a), ox.NamedNode(p), ox.NamedNode(b)))
    store.extend(quads)
    labels = {str(q.subject.value): q.object.value for q in quads if q.predicate == label}
    return graph_over(store), nodes, edges, labels


@pytest.mark.parametrize("seed", range(40))
def test_k_shortest_paths_are_the_first_by_length_then_labels_then_iris(seed) -> None:
    import networkx as nx

    g, nodes, edges, labels = random_graph(seed)
    for directed in (False, True):
        simple = nx.DiGraph(list(edges)) if directed else nx.Graph(list(edges))
        for a, b in [(nodes[0], nodes[-1]), (nodes[1], nodes[2])]:
            everything = [] if a not in simple or b not in simple else list(nx.all_simple_paths(simple, a, b, 4))
            everything.sort(key=lambda path: (len(path), [labels[n] for n in path], path))
            for k in (1, 2, 3, 7):
                result = shortest_paths(g, a, b, k=k, max_hops=4, directed=directed)
                found = [[p["edges"][0]["from"]["iri"]] + [h["to"]["iri"] for h in p["edges"]]
                         for p in result["paths"]]
                assert found == everything[:k], (directed, a, b, k)


def chain_graph(spokes: int = 0):
    """x -> m1 -> m2 -> y (conditions), plus ``spokes`` demands addressed to y: a hub whose
    incoming relations a directed search from x never needs."""
    tk = "https://w3id.org/tradekg/ontology#"
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    demand = ox.NamedNode(tk + "Demand")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    names = ["x", "m1", "m2", "y"] + [f"spoke{i}" for i in range(spokes)]
    quads = [q for n in names for q in (ox.Quad(ox.NamedNode(EX + n), label, ox.Literal(n)),
                                         ox.Quad(ox.NamedNode(EX + n), rdf_type, demand))]
    for a, b in itertools.pairwise(["x", "m1", "m2", "y"]):
        quads.append(ox.Quad(ox.NamedNode(EX + a), ox.NamedNode(tk + "conditions"), ox.NamedNode(EX + b)))
    for i in range(spokes):
        quads.append(ox.Quad(ox.NamedNode(f"{EX}spoke{i}"), ox.NamedNode(tk + "addressedTo"), ox.NamedNode(EX + "y")))
    store = ox.Store()
    store.extend(quads)
    return graph_over(store)


def test_directed_search_follows_relations_only_forward() -> None:
    g = chain_graph(spokes=3)
    forward = shortest_paths(g, EX + "x", EX + "y", k=3, directed=True)
    assert [walk(p) for p in forward["paths"]] == [
        ["x", "—conditions→", "m1", "—conditions→", "m2", "—conditions→", "y"]]
    assert forward["truncated"] is False
    # Only the reverse direction connects y to x: no directed path, and the answer is certain.
    backward = shortest_paths(g, EX + "y", EX + "x", k=3, directed=True)
    assert backward["paths"] == [] and backward["truncated"] is False
    undirected = shortest_paths(g, EX + "y", EX + "x", k=3)
    assert [walk(p) for p in undirected["paths"]] == [
        ["y", "←conditions—", "m2", "←conditions—", "m1", "←conditions—", "x"]]


def test_directed_search_fetches_out_edges_from_the_source_and_in_edges_to_the_target(monkeypatch) -> None:
    g = chain_graph(spokes=30)
    calls: list[tuple[frozenset[str], str]] = []
    real = edges_touching

    def spy(graph, nodes, direction="both"):
        nodes = frozenset(nodes)
        calls.append((nodes, direction))
        return real(graph, nodes, direction)

    monkeypatch.setattr(paths, "edges_touching", spy)
    monkeypatch.setattr(paths, "MAX_NODES", 20)  # fewer than the hub's 30 spokes
    # y has no outgoing relation: one fetch of its out-edges settles it (nothing leads on from
    # it), so the hub's incoming spokes are never fetched and the node budget is not reached.
    result = shortest_paths(g, EX + "y", EX + "x", directed=True)
    assert result["paths"] == [] and result["truncated"] is False
    assert calls == [(frozenset({EX + "y"}), "out")]
    calls.clear()
    found = shortest_paths(g, EX + "x", EX + "y", directed=True)
    assert [p["hops"] for p in found["paths"]] == [3] and found["truncated"] is False
    assert {d for _, d in calls} <= {"out", "in"}
    assert calls[0] == (frozenset({EX + "x"}), "out")
    # Undirected, both directions are fetched.
    calls.clear()
    shortest_paths(g, EX + "x", EX + "y")
    assert {d for _, d in calls} == {"both"}


def test_edges_touching_in_one_direction() -> None:
    from tradekg.graph.analysis.projection import edges_touching

    g = chain_graph()
    cond = "https://w3id.org/tradekg/ontology#conditions"
    m1 = {EX + "m1"}
    assert edges_touching(g, m1, "out") == {(EX + "m1", cond, EX + "m2")}
    assert edges_touching(g, m1, "in") == {(EX + "x", cond, EX + "m1")}
    assert edges_touching(g, m1) == edges_touching(g, m1, "out") | edges_touching(g, m1, "in")
    with pytest.raises(ValueError):
        edges_touching(g, m1, "sideways")


# ---------------------------------------------------------------- SPARQL agrees with networkx


def test_property_path_queries_agree_with_the_networkx_projection(graph) -> None:
    from tradekg.graph.store.catalogue import get_query
    from tradekg.graph.store.queries import run_query

    tk = "https://w3id.org/tradekg/ontology#"
    projected = projection_graph(graph)
    unblock = set()
    obstacles = set()
    for alt, concern, key in projected.edges(keys=True):
        if key == tk + "addresses":
            for _, demand, k2 in projected.out_edges(concern, keys=True):
                if k2 in (tk + "blocks", tk + "conditions"):
                    unblock.add((demand, alt))
    for concern, demand, key in projected.edges(keys=True):
        if key in (tk + "blocks", tk + "conditions"):
            for _, party, k2 in projected.out_edges(demand, keys=True):
                if k2 == tk + "demandedBy":
                    holder = next(o for _, o, k3 in projected.out_edges(concern, keys=True) if k3 == tk + "heldBy")
                    obstacles.add((party, concern, holder))
    sparql_unblock = {(str(r[0]), str(r[1])) for r in run_query(graph, get_query("unblockers"))}
    sparql_obstacles = {(str(r[0]), str(r[1]), str(r[2])) for r in run_query(graph, get_query("obstacles-by-party"))}
    assert sparql_unblock == unblock
    assert sparql_obstacles == obstacles
    assert len(unblock) == 2 and len(obstacles) == 4
    # blockers_of answers the same question from the other side.
    tech = blockers_of(graph, TECH)["demands"][0]
    assert {(TECH, a["iri"]) for c in tech["concerns"] for a in c["alternatives"]} == unblock
