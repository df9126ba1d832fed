"""The OpenAPI document as readers meet it: a summary and an example on every operation,
and a schema address that a browser shows instead of downloading.

Summaries and examples live here, keyed by operation id, rather than in each
app's API module: they are documentation, and one table keeps them consistent.
An operation's own ``extend_schema(summary=...)`` wins over this table.
"""

from drf_spectacular.renderers import OpenApiJsonRenderer2
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView

_PROJECT_SUMMARY = {
    "title": "Serverless order API",
    "slug": "serverless-order-api",
    "summary": "An order-processing API on API Gateway, Lambda and DynamoDB.",
    "tech_stack": ["AWS Lambda", "API Gateway", "DynamoDB"],
    "highlights": ["p99 under 120 ms at 2,000 requests/s"],
    "category": "Serverless",
    "github_url": "https://github.com/jordan/order-api",
    "live_url": None,
    "featured": True,
    "url": "https://example.com/projects/serverless-order-api/",
}
_PROJECT = {
    **_PROJECT_SUMMARY,
    "description": "Built with **AWS SAM**; handles Black Friday peaks without a server.",
}
_NOT_FOUND = {"error": "That project is not available.", "code": "not_found"}
_REQUEST_ID = "5f0c6f0e-3b0a-4d43-9a53-2f3c2b8f9d11"

# operation id -> (summary, tag or None, {status: example body})
OPERATIONS: dict[str, tuple[str, str | None, dict[int, object]]] = {
    "api_chat_create": (
        "Ask EVE a question about the portfolio",
        "eve",
        {
            200: {
                "response": "Jordan's certificates:\n\n**Current**\n- AWS Certified Solutions "
                "Architect – Associate (valid until Sep 2028)",
                "source": "knowledge_base",
                "blocked": None,
                "degraded": False,
                "citations": [
                    {
                        "kind": "certificate",
                        "title": "AWS Certified Solutions Architect – Associate",
                        "slug": "aws-saa",
                        "url": None,
                    }
                ],
                "status": "success",
                "request_id": _REQUEST_ID,
            },
            400: {"error": "Please type a question for EVE.", "code": "empty_message"},
            429: {
                "error": "You're sending requests a little fast. Please try again in 20 seconds.",
                "code": "throttled",
            },
        },
    ),
    "chat_feedback_create": (
        "Say whether one of EVE's replies helped",
        "eve",
        {
            200: {
                "request_id": _REQUEST_ID,
                "helpful": True,
                "comment": "Clear and to the point.",
                "created": True,
            },
            404: {"error": "That reply is not known.", "code": "not_found"},
        },
    ),
    "api_suggested_questions_list": (
        "Questions offered to visitors, in order",
        "eve",
        {200: [{"id": 1, "question": "What AWS services has Jordan used?"}]},
    ),
    "profile_retrieve": (
        None,
        None,
        {
            200: {
                "name": "Jordan Reyes",
                "headline": "Cloud engineer · AWS · Kubernetes · Terraform",
                "location": "Cape Town, South Africa",
                "bio": "I design and run cloud platforms that stay boring in production.",
                "email": "jordan.reyes@example.com",
                "linkedin_url": "https://www.linkedin.com/in/jordan-reyes",
                "github_url": "https://github.com/jordan",
                "website_url": None,
                "resume_url": "https://example.com/resume.pdf",
                "updated_at": "2026-11-30T09:15:00Z",
            }
        },
    ),
    "projects_list": (None, None, {200: [_PROJECT_SUMMARY]}),
    "projects_retrieve": (None, None, {200: _PROJECT, 404: _NOT_FOUND}),
    "experience_list": (
        None,
        None,
        {
            200: [
                {
                    "company": "Karoo Payments",
                    "role": "Senior Cloud Engineer",
                    "period": "2023 – present",
                    "summary": "Led the platform team's move from EC2 fleets to EKS and Lambda.",
                }
            ]
        },
    ),
    "skills_list": (
        None,
        None,
        {200: [{"name": "Terraform", "category": "Infrastructure as code"}]},
    ),
    "certificates_list": (
        None,
        None,
        {
            200: [
                {
                    "name": "AWS Certified Solutions Architect – Associate",
                    "slug": "aws-saa",
                    "issuer": "Amazon Web Services",
                    "status": "earned",
                    "issued_on": "2025-09-01",
                    "expires_on": "2028-09-01",
                    "is_expired": False,
                    "credential_id": "AWS-SAA-7F3K2Q",
                    "verify_url": "https://aws.amazon.com/verification",
                    "has_file": True,
                }
            ]
        },
    ),
    "certificates_url_create": (
        None,
        None,
        {
            200: {
                "certificate": "aws-saa",
                "url": "https://example.com/certificates/files/eyJzIjoiYXdzLXNhYSJ9:1t0abc:sig/",
                "expires_in": 300,
            },
            404: {"error": "That certificate is not available.", "code": "not_found"},
        },
    ),
}


# operation id -> example request body
REQUESTS: dict[str, dict] = {
    "api_chat_create": {"message": "Which AWS certificates does Jordan hold?"},
    "chat_feedback_create": {
        "request_id": _REQUEST_ID,
        "helpful": True,
        "comment": "Clear and to the point.",
    },
}

# Values for fields an operation's schema requires but an example above leaves
# out (added by features documented after the example was written).
_FIELD_EXAMPLES = {"conversation_id": "c_3kq9w2v7x1", "comment": ""}


def _resolved(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    return schema


def _fitted(body, schema: dict, components: dict):
    """The example shaped to the schema: unknown keys dropped, known required ones filled."""
    schema = _resolved(schema, components)
    if isinstance(body, list) and "items" in schema:
        return [_fitted(item, schema["items"], components) for item in body]
    if not isinstance(body, dict) or "properties" not in schema:
        return body
    fitted = {key: value for key, value in body.items() if key in schema["properties"]}
    for name in schema.get("required", []):
        if name not in fitted and name in _FIELD_EXAMPLES:
            fitted[name] = _FIELD_EXAMPLES[name]
    return fitted


def _example_for(content: dict, body, components: dict) -> None:
    media = content.get("application/json")
    if media is not None and "example" not in media and "examples" not in media:
        media["example"] = _fitted(body, media.get("schema", {}), components)


def add_summaries_and_examples(result, generator, request, public):
    """drf-spectacular postprocessing hook: fill in what an operation does not say itself."""
    components = result.get("components", {}).get("schemas", {})
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            request_example = REQUESTS.get(operation.get("operationId"))
            if request_example is not None:
                content = operation.get("requestBody", {}).get("content", {})
                _example_for(content, request_example, components)
            entry = OPERATIONS.get(operation.get("operationId"))
            if entry is None:
                continue
            summary, tag, examples = entry
            if summary and not operation.get("summary"):
                operation["summary"] = summary
            if tag and operation.get("tags") in (None, ["api"]):
                operation["tags"] = [tag]
            for status, body in examples.items():
                response = operation.get("responses", {}).get(str(status))
                if response:
                    _example_for(response.get("content", {}), body, components)
    return result


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema: YAML for tools (as before), JSON a browser displays for people.

    A browser names text/html in Accept and would otherwise be handed a YAML
    download; API clients (no Accept, */*, or an OpenAPI type) are unaffected,
    and ``?format=json|yaml`` still picks explicitly.
    """

    def perform_content_negotiation(self, request, force=False):
        accept = request.META.get("HTTP_ACCEPT", "")
        if "format" not in request.query_params and "text/html" in accept:
            renderer = OpenApiJsonRenderer2()
            return renderer, renderer.media_type
        return super().perform_content_negotiation(request, force)

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Disposition"] = "inline"
        return response
