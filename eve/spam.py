"""Waste the word-based filter cannot see: adverts with links, injection strings, small talk.

Pure functions over the normalised message, called by ``eve.guard.check_message``
before the word filter. Each rule is narrow on purpose (zero real questions
refused is the requirement):

* **advert** — a link, e-mail address, @handle or phone number, and either
  nothing else worth reading, or advertising words without any mention of the
  owner ("he", "his", "sein", ...). "Is https://github.com/x his GitHub?" passes.
* **injection** — SQL, XSS, template, JNDI, shell or code fragments *sent
  alone*: once the fragments and code words are removed, at most one ordinary
  word is left. "Does he know SQL injection?" has no fragment; "Does he write
  print('hello') scripts?" keeps its words, and both pass.
* **lorem ipsum** — mostly words of the standard placeholder passages.
* **small talk** — only chit-chat and function words ("how's your day going",
  "tell me a joke", "is this thing on", "¿cómo estás?"), nothing about the owner.
"""

from __future__ import annotations

import re

from eve import lexicon
from eve.text import fold, words

ADVERT = "advert"
INJECTION = "injection"
SMALL_TALK = "small_talk"

_PRONOUNS = frozenset(fold(word) for word in lexicon.OWNER_PRONOUNS)
_STOPWORDS = frozenset(fold(word) for word in lexicon.STOPWORDS)

# ------------------------------------------------------------------ adverts
_LINK = re.compile(
    r"""
    (?:https?://|www\.)\S+                                   # URLs
    | \b(?:bit\.ly|t\.me|wa\.me|tinyurl\.com)/\S*             # shorteners and chat links
    | \b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b                       # e-mail addresses
    | (?<![\w@])@[A-Za-z0-9_][A-Za-z0-9_.]{2,}               # @handles
    | \b(?:[a-z0-9-]+\.)+(?:com|org|biz|info|xyz|shop|store|online|site|club|top|ru|cn
        |es|fr|de|br|pt|uk|example)\b(?:/\S*)?               # bare domains (not .net/.io:
                                                            # ASP.NET and socket.io are tech)
    | \+\d[\d\s().-]{7,}\d                                   # phone numbers
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Words that sell: with a link and no mention of the owner, an advert.
_AD_WORDS = frozenset(
    """
    buy cheap cheapest seo backlink backlinks follower followers likes casino bonus betting
    crypto bitcoin investment earn earning money cash discount promo promote promotion onlyfans
    singles dating essay essays traffic boost loan loans gratis prize giftcard gains income
    compra compre baratos barato seguidores ganar ganhe dinero dinheiro oferta
    gagnez gagner argent achetez acheter chers gratuit
    gunstige gunstig kaufen verdienen geld angebot rabatt kostenlos
    """.split()  # noqa: SIM905
)
# Words that invite: an advert only when the message asks nothing ("visit x.example").
_INVITE_WORDS = frozenset(
    """
    visit click join subscribe follow dm check channel profile whatsapp telegram offer deal
    deals free win gift sale sales agency order shop store limited contact now today
    visita visite acesse visitez jetzt
    """.split()  # noqa: SIM905
)

# ---------------------------------------------------------------- injection
_FRAGMENTS = re.compile(
    r"""
    '\s*(?:or|and)\s+['"]?\w*['"]?\s*=\s*['"]?\w*           # ' OR 1=1, ' OR '1'='1
    | "\s*or\s*""\s*=\s*"                                    # " OR ""="
    | ['"]\s*(?:--|\#|;)                                     # admin'--  '; ...
    | ;\s*--
    | \bunion\s+(?:all\s+)?select\b
    | \bselect\s+.+?\s+from\s+\w+
    | \b(?:drop|truncate|alter)\s+table\b
    | \b(?:insert\s+into|delete\s+from)\b
    | \bwaitfor\s+delay\b | \bsleep\s*\(\s*\d+\s*\)
    | <\s*/?\s*(?:script|img|svg|iframe|body|object|embed)\b[^>]*>?
    | \bon[a-z]+\s*=
    | javascript\s*:
    | \{\{.*?\}\} | \{%.*?%\} | \$\{.*\} | <%.*?%> | \#\{.*?\}
    | \bjndi\s*:
    | (?:\.\./){2,} | /etc/(?:passwd|shadow)
    | (?:^|[;|&])\s*(?:cat|ls|id|whoami|rm|wget|curl|nc|bash|sh)\b
    | \$\([^)]*\) | `[^`]*`
    | <\?php | <!--.*?--> | %00
    | \{\s*"\$\w+"\s*:
    | \bimport\s+\w+\s*; | \bfunction\s+\w*\s*\(
    | \b(?:[a-z_]\w*\.)+[a-z_]\w*\s*\([^()]*\)                 # dotted calls: console.log(...)
    | \b(?:print|alert|eval|exec|system|popen|sleep|require|prompt|include)\s*\([^()]*\)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_CODE_WORDS = frozenset(
    """
    select from where union all drop table insert into values delete update set or and
    users user username password passwd admin root id cmd exec alert document cookie script
    img src onerror onload svg config class init globals os popen read system rm rf print
    console log hello world function return test php echo shell get sleep waitfor delay ls la
    cat etc whoami gt lower jndi ldap rmi debug x obj a true false null var let const def
    """.split()  # noqa: SIM905
)

# ------------------------------------------------- small talk and bot probes
# Chit-chat words: a message made only of these (and function words) says
# nothing about the portfolio: "how's your day going", "is this thing on".
_CHIT_CHAT = frozenset(
    fold(word)
    for word in """
    day going today weather joke jokes funny pizza lunch dinner breakfast eat ate eaten
    name old age dream dreams bored boring night morning nice good great awesome amazing
    meaning life sleep tired feel feeling mood weekend sup hows whats going doing fine
    favourite favorite colour color like love yourself thing work working works on
    anyone anybody someone somebody read hear see there here alive real bot human
    hello world ping test testing
    chiste día dia tal estás estas bien alguien ahí ahi
    blague raconte racontez journée ça ca va quelqu'un quelquun
    gehts geht's witz tag jemand da erzähl erzahl einen
    piada vai você voce alguém alguem aí ai conta
    """.split()  # noqa: SIM905
)
_GLUE = frozenset(
    fold(word)
    for word in """
    u ur youre i im am my me toi moi vous dich dir teu seu te ti y a tem
    """.split()  # noqa: SIM905
)
_LOREM = frozenset(
    """
    lorem ipsum dolor sit amet consectetur consectetuer adipiscing adipisicing elit sed do
    eiusmod tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam quis
    nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute
    irure in reprehenderit voluptate velit esse cillum eu fugiat nulla pariatur excepteur
    sint occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est
    laborum perspiciatis unde omnis iste natus error voluptatem accusantium doloremque
    laudantium totam rem aperiam eaque ipsa quae ab illo inventore veritatis quasi
    architecto beatae vitae dicta explicabo nemo ipsam quia voluptas aspernatur aut odit
    fugit consequuntur magni dolores eos ratione sequi nesciunt neque porro quisquam
    dolorem numquam eius modi tempora incidunt magnam quaerat vel illum quo
    """.split()  # noqa: SIM905
)
LOREM_IPSUM = "lorem_ipsum"


def spam_category(message: str) -> str | None:
    """``advert``, ``injection``, ``lorem_ipsum`` or ``small_talk``, else None."""
    if _LINK.search(message) and _is_advert(message):
        return ADVERT
    if _FRAGMENTS.search(message) and _is_injection(message):
        return INJECTION
    tokens = words(message)
    if not tokens or any(word in _PRONOUNS for word in tokens):
        return None  # about the owner: "How is he doing?", "Is he real?"
    if _is_lorem(tokens):
        return LOREM_IPSUM
    if _is_small_talk(tokens):
        return SMALL_TALK
    return None


def _is_advert(message: str) -> bool:
    rest = words(_LINK.sub(" ", message))
    if any(word in _PRONOUNS for word in rest):
        return False  # about the owner: "is this his GitHub?"
    if any(word in _AD_WORDS for word in rest):
        return True
    if "?" not in message and any(word in _INVITE_WORDS for word in rest):
        return True
    content = [word for word in rest if word not in _STOPWORDS and not word.isdigit()]
    return not content and "?" not in message  # only the link(s), asking nothing


def _is_injection(message: str) -> bool:
    rest = words(_FRAGMENTS.sub(" ", message))
    natural = [
        word
        for word in rest
        if word not in _CODE_WORDS and word not in _STOPWORDS and not word.isdigit()
    ]
    return len(natural) <= 1


def _is_lorem(tokens: list[str]) -> bool:
    lorem = sum(word in _LOREM for word in tokens)
    return lorem >= 3 and lorem * 10 >= len(tokens) * 7


def _is_small_talk(tokens: list[str]) -> bool:
    """Only chit-chat and function words, with at least one chit-chat word."""
    return any(word in _CHIT_CHAT for word in tokens) and all(
        word in _CHIT_CHAT or word in _STOPWORDS or word in _GLUE for word in tokens
    )
