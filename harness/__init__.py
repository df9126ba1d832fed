"""The test and benchmark harness: real servers on loopback, shared by tests/ and bench/.

``harness.services`` starts PostgreSQL, Redis and gunicorn; ``harness.bedrock``
is the fake Bedrock HTTP server boto3 talks to (Converse and ConverseStream);
``harness.sse`` reads a chat reply's Server-Sent Events; ``harness.zappa`` builds and
invokes the Lambda package; ``python -m harness.run`` runs a command with
servers started for it. Nothing here imports tests/ or bench/, and no app
imports this package (it is not shipped).
"""
