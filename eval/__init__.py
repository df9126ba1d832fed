"""EVE's answer-quality evaluation: labelled questions run through the real chat endpoint."""
