"""EVE's JSON API: chat (POST /api/chat/, alias /chat) and the suggested questions."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from cloudforgex.clients import client_hash
from cloudforgex.throttling import CLIENT_THROTTLES
from eve.guard import chat_request_parse
from eve.selectors import suggested_question_list
from eve.services import chat_reply_create


class ChatReplyCreateApi(APIView):
    """Ask EVE a question about the portfolio."""

    throttle_classes = CLIENT_THROTTLES

    class InputSerializer(serializers.Serializer):
        message = serializers.CharField(max_length=1000)
        session_id = serializers.CharField(max_length=64, required=False)

    class OutputSerializer(serializers.Serializer):
        class CitationSerializer(serializers.Serializer):
            kind = serializers.ChoiceField(["project", "certificate", "knowledge", "profile"])
            title = serializers.CharField()
            slug = serializers.CharField()
            url = serializers.CharField(allow_null=True)

        response = serializers.CharField()
        source = serializers.ChoiceField(["guard", "canned", "cache", "model", "knowledge_base"])
        blocked = serializers.ChoiceField(["too_short", "too_long", "wasteful"], allow_null=True)
        degraded = serializers.BooleanField()
        citations = CitationSerializer(many=True)

    def check_throttles(self, request):
        """Deferred: the pipeline throttles after the guard, so guard blocks stay free."""

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def post(self, request):
        chat = chat_request_parse(request.body, max_bytes=settings.API_MAX_BODY_BYTES)
        reply = chat_reply_create(
            message=chat.message,
            session_id=chat.session_id,
            client=client_hash(request),
            request_id=getattr(request, "id", ""),
            throttle=lambda: APIView.check_throttles(self, request),
        )
        data = self.OutputSerializer(reply).data
        return Response({**data, "status": "success", "request_id": getattr(request, "id", "")})


class SuggestedQuestionListApi(APIView):
    """The questions offered to visitors as chips, in order."""

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        question = serializers.CharField()

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request):
        return Response(self.OutputSerializer(suggested_question_list(), many=True).data)
