from django.urls import path

from cloudforgex.api_paths import API_PREFIX, CHAT_ALIAS
from eve.api import ChatAliasApi, ChatNoSlashApi, ChatReplyCreateApi, SuggestedQuestionListApi
from eve.feedback_api import ChatFeedbackCreateApi

app_name = "eve"

urlpatterns = [
    path(f"{API_PREFIX}chat/", ChatReplyCreateApi.as_view(), name="chat"),
    path(f"{API_PREFIX}chat/feedback/", ChatFeedbackCreateApi.as_view(), name="chat-feedback"),
    # The original CloudForgeX client posts to /chat; /api/chat without the
    # slash must not hit APPEND_SLASH (it cannot redirect a POST).
    path(CHAT_ALIAS, ChatAliasApi.as_view(), name="chat-alias"),
    path(f"{API_PREFIX}chat", ChatNoSlashApi.as_view(), name="chat-no-slash"),
    path(
        f"{API_PREFIX}suggested-questions/",
        SuggestedQuestionListApi.as_view(),
        name="suggested-questions",
    ),
]
