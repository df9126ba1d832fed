from django.urls import path

from eve.api import ChatAliasApi, ChatNoSlashApi, ChatReplyCreateApi, SuggestedQuestionListApi

app_name = "eve"

urlpatterns = [
    path("api/chat/", ChatReplyCreateApi.as_view(), name="chat"),
    # The original CloudForgeX client posts to /chat; /api/chat without the
    # slash must not hit APPEND_SLASH (it cannot redirect a POST).
    path("chat", ChatAliasApi.as_view(), name="chat-alias"),
    path("api/chat", ChatNoSlashApi.as_view(), name="chat-no-slash"),
    path(
        "api/suggested-questions/",
        SuggestedQuestionListApi.as_view(),
        name="suggested-questions",
    ),
]
