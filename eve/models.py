"""EVE's knowledge, its suggested questions, its wasteful-prompt terms and its log."""

from django.db import models


class KnowledgeEntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class KnowledgeEntry(models.Model):
    """A fact EVE may use in an answer (education, goals, availability, ...)."""

    title = models.CharField(max_length=200, help_text='A short topic, e.g. "Education".')
    body = models.TextField(help_text="What EVE should know about this topic, in plain sentences.")
    tags = models.JSONField(
        default=list, blank=True, help_text="Words visitors might use for this topic, one per line."
    )
    order = models.PositiveIntegerField(default=0, help_text="Smaller numbers come first.")
    published = models.BooleanField(default=True, help_text="Untick and EVE forgets this entry.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = KnowledgeEntryQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = "knowledge entry"
        verbose_name_plural = "knowledge base"

    def __str__(self) -> str:
        return self.title


class SuggestedQuestionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class SuggestedQuestion(models.Model):
    """A question offered to visitors as a chip; with an answer, EVE replies without a model call."""

    # The chat widget offers every active question: this many as chips, the
    # rest behind a "More questions" toggle (the admin list says so).
    CHIPS_SHOWN = 3

    question = models.CharField(max_length=200)
    answer = models.TextField(
        blank=True,
        help_text="Optional. If set, EVE gives exactly this answer (Markdown) for free.",
    )
    order = models.PositiveIntegerField(default=0, help_text="Smaller numbers come first.")
    active = models.BooleanField(default=True, help_text="Untick to stop offering this question.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = SuggestedQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.question


class WastefulTerm(models.Model):
    """A word or phrase that, on its own, is not worth a model call."""

    class Kind(models.TextChoices):
        GREETING = "greeting", "Greeting"
        FILLER = "filler", "Filler"
        TEST = "test", "Test"
        PROBE = "probe", "Bot probe"

    term = models.CharField(
        max_length=80, unique=True, help_text="Lower case; matched as a whole message."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FILLER)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "term"]
        verbose_name = "wasteful-prompt term"

    def __str__(self) -> str:
        return self.term


class SearchAlias(models.Model):
    """Another way visitors say something: EVE also searches ``means`` when ``term`` is asked."""

    term = models.CharField(
        max_length=80,
        unique=True,
        help_text='A word or phrase visitors use, e.g. "k8s" or "brushing up on".',
    )
    means = models.CharField(
        max_length=200,
        help_text='What the portfolio calls it, e.g. "kubernetes" or "currently learning".',
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["term"]
        verbose_name = "search alias"
        verbose_name_plural = "search aliases"

    def __str__(self) -> str:
        return f"{self.term} → {self.means}"


class ChatLog(models.Model):
    """One row per chat request that got past the shape check. Read-only in the admin."""

    class Source(models.TextChoices):
        GUARD = "guard", "Guard"
        CANNED = "canned", "Canned answer"
        CACHE = "cache", "Cache"
        MODEL = "model", "Model"
        KNOWLEDGE_BASE = "knowledge_base", "Knowledge base"

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    session_id = models.CharField(max_length=64, blank=True)
    # The server-issued thread id: a conversation is the ChatLog rows sharing it.
    conversation_id = models.CharField(max_length=64, blank=True, db_index=True)
    client_hash = models.CharField(max_length=64, blank=True, db_index=True)
    message = models.TextField()
    # eve.text.match_key(message): what makes two messages the same question, so the
    # insights and the inbox group them in the database. Indexed as the last column of
    # eve_chatlog_insights (an index of its own lures SQLite into scanning every row).
    question_key = models.CharField(max_length=200, blank=True)
    response = models.TextField(blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    blocked = models.CharField(max_length=20, blank=True)
    degraded = models.BooleanField(default=False)
    fallback_reason = models.CharField(max_length=120, blank=True)
    model_id = models.CharField(max_length=120, blank=True)
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    latency_ms = models.PositiveIntegerField(default=0)
    # What the model call cost in US dollars (Bedrock prices in USD); 0 when no model was called.
    cost_usd = models.DecimalField(max_digits=12, decimal_places=6, default=0)
    citations = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "chat log"
        indexes = [
            # Covers the owner's insights (eve.insights): a period's counts, tokens, cost,
            # latencies and top questions are read from this index alone, not the rows.
            models.Index(
                fields=[
                    "created_at",
                    "blocked",
                    "source",
                    "degraded",
                    "latency_ms",
                    "input_tokens",
                    "output_tokens",
                    "cost_usd",
                    "question_key",
                ],
                name="eve_chatlog_insights",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.source}"


class ContentVersion(models.Model):
    """One row whose number goes up on every content save or delete.

    It lives in the database, not the cache: every process and Lambda reads the
    same number, so an edit invalidates cached answers everywhere at once (a
    per-process memory cache would let other processes serve stale answers).
    """

    version = models.PositiveBigIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "content version"

    def __str__(self) -> str:
        return f"v{self.version}"


class TokenUsage(models.Model):
    """Model tokens spent per UTC day, counted from Bedrock's reported usage."""

    day = models.DateField(unique=True)
    input_tokens = models.PositiveBigIntegerField(default=0)
    output_tokens = models.PositiveBigIntegerField(default=0)
    calls = models.PositiveIntegerField(default=0)
    cost_usd = models.DecimalField(max_digits=14, decimal_places=6, default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = "daily token usage"
        verbose_name_plural = "daily token usage"

    def __str__(self) -> str:
        return f"{self.day}: {self.total_tokens} tokens"

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens


class ChatFeedback(models.Model):
    """A visitor's thumbs up or down on one EVE reply (one per reply: a second vote updates it)."""

    COMMENT_CHARS = 500

    chat_log = models.OneToOneField(ChatLog, on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField()
    comment = models.CharField(max_length=COMMENT_CHARS, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "visitor feedback"
        verbose_name_plural = "visitor feedback"

    def __str__(self) -> str:
        return f"{'helpful' if self.helpful else 'not helpful'} on {self.chat_log_id}"


class InboxDismissal(models.Model):
    """An unanswered question the owner dismissed from the inbox (by its match key).

    Only questions seen again after ``dismissed_at`` come back to the inbox.
    """

    question_key = models.CharField(max_length=200, unique=True)
    dismissed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "dismissed unanswered question"

    def __str__(self) -> str:
        return self.question_key
