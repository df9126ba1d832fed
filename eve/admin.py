"""EVE in the admin: editable knowledge, suggestions, term and alias lists; a read-only chat log,
visitor feedback, and the owner's pages (insights, inbox, conversations, Try EVE, exports)."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from cloudforgex.admin import ReadOnlyAdmin
from eve import admin_views
from eve.inbox import inbox_dismiss
from eve.models import (
    ChatFeedback,
    ChatLog,
    KnowledgeEntry,
    SearchAlias,
    SuggestedQuestion,
    TokenUsage,
    WastefulTerm,
)
from eve.selectors import spend_summary
from eve.templatetags.eve_admin import citation_links, reply_markdown
from portfolio.forms import LinesField

# The admin index links the owner's EVE pages (insights, inbox, Try EVE).
admin.site.index_template = "admin/eve/index.html"


class InboxAnswerMixin:
    """Saving a form opened from the inbox ("?inbox_key=...") takes that question out of it."""

    def response_add(self, request, obj, post_url_continue=None):
        key = request.GET.get("inbox_key", "")
        if key:
            inbox_dismiss(question_key=key)
        return super().response_add(request, obj, post_url_continue)


class KnowledgeEntryAdminForm(forms.ModelForm):
    tags = LinesField(
        max_item_length=80,
        help_text="Words visitors might use for this topic, one per line, e.g. degree.",
    )

    class Meta:
        model = KnowledgeEntry
        fields = ["title", "body", "tags", "order", "published"]


@admin.register(KnowledgeEntry)
class KnowledgeEntryAdmin(InboxAnswerMixin, admin.ModelAdmin):
    form = KnowledgeEntryAdminForm
    list_display = ["title", "published", "order", "updated_at"]
    list_editable = ["published", "order"]
    list_filter = ["published"]
    search_fields = ["title", "body"]


@admin.register(SuggestedQuestion)
class SuggestedQuestionAdmin(InboxAnswerMixin, admin.ModelAdmin):
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
    # Few, narrow columns: the list fits a 1366-px screen without scrolling sideways.
    list_display = [
        "created_at",
        "short_message",
        "how_answered",
        "tokens",
        "cost",
        "latency",
        "visitor_feedback",
        "thread",
    ]
    list_display_links = ["created_at", "short_message"]
    list_filter = ["source", "blocked", "degraded", "fallback_reason", "created_at"]
    list_select_related = ["feedback"]
    search_fields = [
        "message",
        "response",
        "client_hash",
        "session_id",
        "request_id",
        "conversation_id",
    ]
    # No date_hierarchy: its month list is a DISTINCT over every row (seconds at 100,000
    # rows on SQLite); the "created at" filter offers today / 7 days / this month instead.
    list_per_page = 50

    class Media:
        css = {"all": ["eve/admin.css"]}

    fieldsets = [
        (None, {"fields": ["created_at", "message", "reply", "citation_links", "thread"]}),
        (
            "How it was answered",
            {
                "fields": [
                    "source",
                    "blocked",
                    "degraded",
                    "fallback_reason",
                    "model_id",
                    ("input_tokens", "output_tokens", "cost_usd", "latency_ms"),
                    "visitor_feedback",
                ]
            },
        ),
        (
            "Identifiers",
            {
                "fields": ["request_id", "conversation_id", "session_id", "client_hash"],
                "classes": ["collapse"],
            },
        ),
    ]
    readonly_fields = ["reply", "citation_links", "thread", "visitor_feedback"]

    @admin.display(description="message")
    def short_message(self, obj) -> str:
        return Truncator(obj.message).chars(70)

    @admin.display(description="answered by", ordering="source")
    def how_answered(self, obj) -> str:
        label = obj.get_source_display()
        if obj.blocked:
            return f"{label}: {obj.blocked}"
        if obj.degraded:
            return format_html('{} <span title="{}">(degraded)</span>', label, obj.fallback_reason)
        return label

    @admin.display(description="tokens")
    def tokens(self, obj) -> int | str:
        return (obj.input_tokens + obj.output_tokens) or "–"

    @admin.display(description="USD", ordering="cost_usd")
    def cost(self, obj) -> str:
        return f"{obj.cost_usd:.4f}" if obj.cost_usd else "–"

    @admin.display(description="ms", ordering="latency_ms")
    def latency(self, obj) -> int:
        return obj.latency_ms

    @admin.display(description="feedback")
    def visitor_feedback(self, obj) -> str:
        feedback = getattr(obj, "feedback", None)
        if feedback is None:
            return "–"
        verdict = "helpful" if feedback.helpful else "not helpful"
        if feedback.comment:
            return format_html('{} <span class="eve-comment">{}</span>', verdict, feedback.comment)
        return verdict

    @admin.display(description="conversation")
    def thread(self, obj):
        url = reverse("admin:eve_conversation", args=[obj.pk])
        return format_html('<a href="{}">view</a>', url)

    @admin.display(description="reply")
    def reply(self, obj):
        return format_html('<div class="eve-reply">{}</div>', reply_markdown(obj.response))

    @admin.display(description="citations")
    def citation_links(self, obj):
        return citation_links(obj.citations)

    def get_urls(self):
        owner = [
            path("insights/", admin_views.insights_view, name="eve_insights"),
            path("inbox/", admin_views.inbox_view, name="eve_inbox"),
            path("inbox/dismiss/", admin_views.inbox_dismiss_view, name="eve_inbox_dismiss"),
            path("try/", admin_views.try_view, name="eve_try"),
            path(
                "export/chat-logs.csv",
                admin_views.export_view,
                {"kind": "chat_logs"},
                name="eve_export_chat_logs",
            ),
            path(
                "export/feedback.csv",
                admin_views.export_view,
                {"kind": "feedback"},
                name="eve_export_feedback",
            ),
            path(
                "<int:pk>/conversation/",
                admin_views.conversation_view,
                name="eve_conversation",
            ),
        ]
        return owner + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "token_budget": token_budget_status()}
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(ChatFeedback)
class ChatFeedbackAdmin(ReadOnlyAdmin):
    list_display = ["updated_at", "verdict", "comment", "question"]
    list_filter = ["helpful", "updated_at"]
    list_select_related = ["chat_log"]
    search_fields = ["comment", "chat_log__message", "chat_log__request_id"]
    date_hierarchy = "updated_at"

    @admin.display(description="helpful", boolean=True, ordering="helpful")
    def verdict(self, obj) -> bool:
        return obj.helpful

    @admin.display(description="question")
    def question(self, obj):
        url = reverse("admin:eve_conversation", args=[obj.chat_log_id])
        return format_html('<a href="{}">{}</a>', url, Truncator(obj.chat_log.message).chars(70))


@admin.register(TokenUsage)
class TokenUsageAdmin(ReadOnlyAdmin):
    list_display = ["day", "input_tokens", "output_tokens", "total_tokens", "calls", "cost_usd"]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "token_budget": token_budget_status()}
        return super().changelist_view(request, extra_context=extra_context)


def token_budget_status() -> dict:
    """Spend against the budgets, in tokens and dollars (reservations in flight included)."""
    spend = spend_summary()
    budget = settings.EVE_DAILY_TOKEN_BUDGET
    monthly = settings.EVE_MONTHLY_BUDGET
    price_in = Decimal(str(settings.EVE_PRICE_INPUT_PER_MTOK))
    price_out = Decimal(str(settings.EVE_PRICE_OUTPUT_PER_MTOK))
    # The daily budget is in tokens; in dollars it is at most all-output pricing.
    budget_usd_max = (Decimal(budget) * max(price_in, price_out) / 1_000_000).quantize(
        Decimal("0.01")
    )
    monthly_usd = Decimal(str(monthly)) if monthly is not None else None
    return {
        "used": spend["today_tokens"],
        "budget": budget,
        "remaining": max(budget - spend["today_tokens"], 0),
        "spent": spend["today_tokens"] >= budget,
        "today_cost_usd": spend["today_cost_usd"],
        "budget_usd_max": budget_usd_max,
        "month_tokens": spend["month_tokens"],
        "month_cost_usd": spend["month_cost_usd"],
        "monthly_budget_usd": monthly_usd,
        "month_spent": monthly_usd is not None and spend["month_cost_usd"] >= monthly_usd,
        "provider": settings.EVE_PROVIDER,
        "model_id": settings.EVE_MODEL_ID,
    }
