"""Direct answers: what kind of question it is, its evidence, and the reply composed from records.

``evidence.evidence_gather`` (retrieval read in the light of the question's
kind) feeds both providers; ``compose.answer_compose`` is the knowledge-base
provider's deterministic answer. Nothing here invents: every sentence is a
template around the records' own fields, quoted as the owner wrote them.
"""
