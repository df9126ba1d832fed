"""The owner's EVE pages in the admin: insights, the unanswered inbox, a conversation,
"Try EVE as a visitor" and the CSV exports.

Staff only: an anonymous visitor is sent to the admin login, a signed-in user
who is not staff (or may not view chat logs) gets a 403. The views are thin:
read through eve.insights / eve.inbox / eve.transcripts, act through the
services, render.
"""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from eve import charts, exports, inbox, insights
from eve.rehearsal import rehearsal_build, rehearsal_send
from eve.transcripts import chat_thread_get

VIEW_PERMISSION = "eve.view_chatlog"


def owner_view(view):
    """Admin login for strangers, 403 for signed-in users who may not read EVE's logs."""

    @wraps(view)
    def inner(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not (user.is_active and user.is_staff and user.has_perm(VIEW_PERMISSION)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return never_cache(csrf_protect(inner))


def _page(request, template: str, title: str, **context):
    base = {**admin.site.each_context(request), "title": title, "periods": insights.PERIODS}
    return render(request, template, {**base, **context})


@owner_view
def insights_view(request):
    days = insights.period_days(request.GET.get("days"))
    rows = insights.daily_rows(days=days)
    labels = [row.day.strftime("%d %b") for row in rows]
    how = [
        charts.Series(insights.HOW_LABELS[key], [row.counts[key] for row in rows])
        for key in insights.HOW_ANSWERED
    ]
    return _page(
        request,
        "admin/eve/insights.html",
        "EVE insights",
        days=days,
        rows=rows,
        how_labels=[insights.HOW_LABELS[key] for key in insights.HOW_ANSWERED],
        how_legend=charts.legend(how),
        how_chart=charts.stacked_bars(labels=labels, series=how, title="Questions per day"),
        tokens_chart=charts.stacked_bars(
            labels=labels,
            series=[charts.Series("Tokens", [row.tokens for row in rows])],
            title="Model tokens per day",
        ),
        cost_chart=charts.stacked_bars(
            labels=labels,
            series=[charts.Series("Cost", [float(row.cost_usd) for row in rows])],
            title="Model cost per day (USD)",
            unit=" $",
        ),
        summary=insights.summary(days=days, rows=rows),
        top_questions=insights.top_questions(days=days),
        top_cited=insights.top_cited(days=days),
        top_certificates=insights.top_certificates(days=days),
    )


@owner_view
def inbox_view(request):
    days = insights.period_days(request.GET.get("days"))
    return _page(
        request,
        "admin/eve/inbox.html",
        "Unanswered questions",
        days=days,
        groups=inbox.inbox_groups(days=days),
    )


@owner_view
@require_POST
def inbox_dismiss_view(request):
    inbox.inbox_dismiss(question_key=request.POST.get("question_key", ""))
    messages.success(request, "Dismissed. It comes back only if a visitor asks it again.")
    days = insights.period_days(request.POST.get("days"))
    return HttpResponseRedirect(f"{reverse('admin:eve_inbox')}?days={days}")


@owner_view
def conversation_view(request, pk: int):
    log, turns = chat_thread_get(pk=pk)
    return _page(request, "admin/eve/conversation.html", "Conversation", log=log, turns=turns)


class TryForm(forms.Form):
    message = forms.CharField(
        label="Your question, as a visitor would type it",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )


@owner_view
def try_view(request):
    """GET shows the form; POST explains the answer; POST with "send" also calls the model."""
    form = TryForm(request.POST or None)
    rehearsal = None
    if request.method == "POST" and form.is_valid():
        message = form.cleaned_data["message"]
        if "send" in request.POST:
            rehearsal = rehearsal_send(message=message)
        else:
            rehearsal = rehearsal_build(message=message)
    return _page(
        request, "admin/eve/try.html", "Try EVE as a visitor", form=form, rehearsal=rehearsal
    )


@owner_view
def export_view(request, kind: str):
    days = insights.period_days(request.GET.get("days"))
    lines = (
        exports.feedback_csv(days=days) if kind == "feedback" else exports.chat_log_csv(days=days)
    )
    name = "eve-feedback" if kind == "feedback" else "eve-chat-logs"
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="{name}-{days}d-{stamp}.csv"'
    return response
