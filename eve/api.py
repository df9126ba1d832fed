"""EVE's JSON API: chat (POST /api/chat/, alias /chat) and the suggested questions."""

from dataclasses import asdict

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from cloudforgex.clients import client_hash
from cloudforgex.cross_site import SameSiteJson
from cloudforgex.schema import ErrorSerializer
from cloudforgex.throttling import ClientRateLimits, FloodRateLimits
from eve.guard import CHAT_REQUEST_SCHEMA
from eve.providers import get_provider
from eve.selectors import suggested_question_list
from eve.services import chat_turn_begin, chat_turn_complete, chat_turn_stream
from eve.sse import event_stream_response, wants_event_stream


class ChatReplyCreateApi(APIView):
    """Ask EVE a question about the portfolio."""

    # The service asks both limiters where the pipeline puts them: the flood
    # cap first, burst/sustained only after the guard, canned answers and the cache
    # (answers that cost nothing never use up a visitor's allowance).
    throttle_classes = []
    # Cross-site pages must not spend tokens through a visitor's browser.
    permission_classes = [SameSiteJson]

    @extend_schema_serializer(component_name="ChatReply")
    class OutputSerializer(serializers.Serializer):
        @extend_schema_serializer(component_name="ChatCitation")
        class CitationSerializer(serializers.Serializer):
            kind = serializers.ChoiceField(["project", "certificate", "knowledge", "profile"])
            title = serializers.CharField()
            slug = serializers.CharField(
                allow_null=True,
                help_text="null when there is nothing to open on this site (e.g. a "
                "certificate without a file: only its url, the issuer's page, applies).",
            )
            url = serializers.CharField(allow_null=True)

        response = serializers.CharField()
        source = serializers.ChoiceField(["guard", "canned", "cache", "model", "knowledge_base"])
        blocked = serializers.ChoiceField(["too_short", "too_long", "wasteful"], allow_null=True)
        degraded = serializers.BooleanField()
        citations = CitationSerializer(many=True)
        status = serializers.CharField(help_text='Always "success" (for the original client).')
        request_id = serializers.CharField()
        conversation_id = serializers.CharField(
            help_text="Send it back with the next message to continue this conversation."
        )

    @extend_schema(
        description=(
            "With `Accept: text/event-stream` the reply is Server-Sent Events: `delta` "
            'events (data `{"text": "..."}`) as the answer is produced, then one `done` event '
            "whose data is exactly the JSON object below. Errors are JSON either way."
        ),
        # The request is parsed by eve.guard.chat_request_parse alone; this is its description.
        request={"application/json": CHAT_REQUEST_SCHEMA},
        responses={
            200: OutputSerializer,
            400: OpenApiResponse(
                ErrorSerializer, "invalid_json, empty_message or invalid_message."
            ),
            403: OpenApiResponse(
                ErrorSerializer,
                "origin_not_allowed: the Origin is neither this site nor in CORS_ALLOWED_ORIGINS.",
            ),
            413: OpenApiResponse(ErrorSerializer, "payload_too_large: the body is over 16 KiB."),
            415: OpenApiResponse(
                ErrorSerializer, "unsupported_media_type: Content-Type is not application/json."
            ),
            429: OpenApiResponse(ErrorSerializer, "throttled: see Retry-After."),
        },
    )
    def post(self, request):
        provider = get_provider()
        request_id = getattr(request, "id", "")
        # Every refusal (shape, 429) happens here, before any streaming starts.
        turn = chat_turn_begin(
            body=request.body,
            client=client_hash(request),
            request_id=request_id,
            provider=provider,
            flood_limiter=lambda: FloodRateLimits().check(request),
            rate_limiter=lambda: ClientRateLimits().check(request),
        )
        if wants_event_stream(request):
            return event_stream_response(
                chat_turn_stream(turn, provider=provider),
                done=lambda reply: JSONRenderer().render(self._reply_data(reply, request_id)),
                request_id=request_id,
            )
        reply = chat_turn_complete(turn, provider=provider)
        return Response(self._reply_data(reply, request_id))

    def perform_content_negotiation(self, request, force=False):
        # JSON whatever Accept says (errors included); post() builds the event stream itself.
        renderer = JSONRenderer()
        return renderer, renderer.media_type

    def _reply_data(self, reply, request_id: str) -> dict:
        data = {**asdict(reply), "status": "success", "request_id": request_id}
        return self.OutputSerializer(data).data


@extend_schema(exclude=True)
class ChatAliasApi(ChatReplyCreateApi):
    """The original CloudForgeX client's address (same operation: kept out of the schema)."""


@extend_schema(exclude=True)
class ChatNoSlashApi(ChatReplyCreateApi):
    """/api/chat without the slash: APPEND_SLASH cannot redirect a POST, so answer here."""


class SuggestedQuestionListApi(APIView):
    """The questions offered to visitors as chips, in order."""

    @extend_schema_serializer(component_name="SuggestedQuestion")
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        question = serializers.CharField()

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request):
        return Response(self.OutputSerializer(suggested_question_list(), many=True).data)
