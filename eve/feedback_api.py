"""POST /api/chat/feedback/: a visitor's thumbs up or down on one of EVE's replies."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from cloudforgex.cross_site import SameSiteJson
from cloudforgex.schema import ErrorSerializer
from cloudforgex.throttling import ClientRateLimits
from eve.feedback import chat_feedback_record
from eve.models import ChatFeedback


class FeedbackRateLimits(ClientRateLimits):
    """The chat's rates, counted separately: voting never spends a visitor's chat allowance."""

    bucket = "feedback"


class StrictBooleanField(serializers.BooleanField):
    """JSON true or false only: "yes", 1 or "false" are refused rather than guessed at."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)


class ChatFeedbackCreateApi(APIView):
    """Say whether one of EVE's replies helped (send again to change your answer)."""

    throttle_classes = [FeedbackRateLimits]
    # Another site's page must not cast votes through a visitor's browser.
    permission_classes = [SameSiteJson]

    @extend_schema_serializer(component_name="ChatFeedbackVote")
    class InputSerializer(serializers.Serializer):
        request_id = serializers.RegexField(
            r"^[A-Za-z0-9-]{1,64}$", help_text="The request_id of the reply, as EVE returned it."
        )
        helpful = StrictBooleanField(help_text="true for a thumbs up, false for a thumbs down.")
        comment = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=ChatFeedback.COMMENT_CHARS,
            trim_whitespace=True,
            help_text=f"Optional, at most {ChatFeedback.COMMENT_CHARS} characters.",
        )

    @extend_schema_serializer(component_name="ChatFeedback")
    class OutputSerializer(serializers.Serializer):
        request_id = serializers.CharField()
        helpful = serializers.BooleanField()
        comment = serializers.CharField(allow_blank=True)
        created = serializers.BooleanField(help_text="false when an earlier verdict was replaced.")

    @extend_schema(
        operation_id="chat_feedback_create",
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: OpenApiResponse(
                ErrorSerializer, "invalid_json, or invalid_request naming the field."
            ),
            403: OpenApiResponse(ErrorSerializer, "origin_not_allowed: a foreign Origin."),
            404: OpenApiResponse(ErrorSerializer, "not_found: no reply has that request_id."),
            415: OpenApiResponse(ErrorSerializer, "Only application/json is accepted."),
            429: OpenApiResponse(ErrorSerializer, "throttled: see Retry-After."),
        },
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        saved = chat_feedback_record(**serializer.validated_data)
        data = {
            "request_id": serializer.validated_data["request_id"],
            "helpful": saved.feedback.helpful,
            "comment": saved.feedback.comment,
            "created": saved.created,
        }
        return Response(self.OutputSerializer(data).data)
