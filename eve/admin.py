"""EVE in the admin: editable knowledge, suggestions, term and alias lists; a read-only chat log."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.text import Truncator

from cloudforgex.admin import ReadOnlyAdmin
from eve.models import (
    ChatLog,
    KnowledgeEntry,
    SearchAlias,
    SuggestedQuestion,
    TokenUsage,
    WastefulTerm,
)
from eve.selectors import tokens_used_today
from portfolio.forms import LinesField


class KnowledgeEntryAdminForm(forms.ModelForm):
    tags = LinesField(
        max_item_length=80,
        help_text="Words visitors might use for this topic, one per line, e.g. degree.",
    )

    class Meta:
        model = KnowledgeEntry
        fields = ["title", "body", "tags", "order", "published"]


@admin.register(KnowledgeEntry)
class KnowledgeEntryAdmin(admin.ModelAdmin):
    form = KnowledgeEntryAdminForm
    list_display = ["title", "published", "order", "updated_at"]
    list_editable = ["published", "order"]
    list_filter = ["published"]
    search_fields = ["title", "body"]


@admin.register(SuggestedQuestion)
class SuggestedQuestionAdmin(admin.ModelAdmin):
    list_display = ["question", "has_answer", "active", "order"]
    list_editable = ["active", "order"]
    list_filter = ["active"]
    search_fields = ["question", "answer"]

    @admin.display(boolean=True, description="canned answer")
    def has_answer(self, obj) -> bool:
        return bool(obj.answer)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "chips_shown": SuggestedQuestion.CHIPS_SHOWN,
            "active_count": SuggestedQuestion.objects.active().count(),
        }
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(WastefulTerm)
class WastefulTermAdmin(admin.ModelAdmin):
    list_display = ["term", "kind", "active"]
    list_editable = ["kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["term"]


@admin.register(SearchAlias)
class SearchAliasAdmin(admin.ModelAdmin):
    """Synonyms and acronyms for EVE's search, next to the wasteful terms: the owner's vocabulary."""

    list_display = ["term", "means", "active"]
    list_editable = ["means", "active"]
    list_filter = ["active"]
    search_fields = ["term", "means"]


@admin.register(ChatLog)
class ChatLogAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "short_message",
        "source",
        "blocked",
        "degraded",
        "fallback_reason",
        "input_tokens",
        "output_tokens",
        "latency_ms",
    ]
    list_filter = ["source", "blocked", "degraded", "fallback_reason", "created_at"]
    search_fields = ["message", "response", "client_hash", "session_id", "request_id"]
    date_hierarchy = "created_at"
    list_per_page = 50

    @admin.display(description="message")
    def short_message(self, obj) -> str:
        return Truncator(obj.message).chars(80)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "token_budget": token_budget_status()}
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(TokenUsage)
class TokenUsageAdmin(ReadOnlyAdmin):
    list_display = ["day", "input_tokens", "output_tokens", "total_tokens", "calls"]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "token_budget": token_budget_status()}
        return super().changelist_view(request, extra_context=extra_context)


def token_budget_status() -> dict:
    budget = settings.EVE_DAILY_TOKEN_BUDGET
    used = tokens_used_today()
    return {
        "used": used,
        "budget": budget,
        "remaining": max(budget - used, 0),
        "spent": used >= budget,
        "provider": settings.EVE_PROVIDER,
    }
