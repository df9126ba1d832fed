"""Seed the editable wasteful-prompt term list and the content version row.

The list is frozen here (not imported from the app) so this migration keeps
meaning the same thing forever; the owner edits the live list in the admin.
Phrases are matched as whole words after case, accent and elongation folding.
"""

from django.db import migrations

GREETINGS = """
hi|hey|hello|helo|hallo|hullo|hiya|heya|howdy|yo|sup|wassup|whassup|whatsup|whats up|what's up
hey there|hi there|hello there|hello world|good morning|good afternoon|good evening|good day|gm
morning|evening|greetings|salutations|howzit|howzit bru|sawubona|molo|dumela|aloha|shalom|namaste
how are you|how are you doing|how r u|how ru|hows it going|how is it going|how do you do
hola|buenas|buenos dias|buenas tardes|buenas noches|que tal|que pasa|hola que tal
bonjour|bonsoir|salut|coucou|allo|ca va|comment ca va|bonjour a tous
guten tag|guten morgen|guten abend|servus|moin|moin moin|gruss gott|gruezi|wie gehts|wie geht es dir
ola|oi|bom dia|boa tarde|boa noite|tudo bem|e ai|tudo bom
ciao|buongiorno|buonasera|salve|hoi|goedemorgen|hej|hei|hej hej|god morgon|dzien dobry|ahoj|merhaba|selam
привет|здравствуйте|你好|您好|こんにちは|안녕하세요|مرحبا|السلام عليكم|नमस्ते|γεια|γεια σας|שלום|xin chao|sawasdee
"""

FILLER = """
ok|okay|k|kk|okey|oki|alright|fine|cool|nice|great|awesome|sweet|neat|wow|oh|ah|aha|hmm|hm|huh|meh|um|uh|erm
lol|lmao|rofl|haha|hahaha|hehe|jaja|jajaja|kkk|kkkk|rsrs|mdr|xd|xoxo
thanks|thank you|thank you so much|thanks a lot|thx|ty|tysm|cheers|ta|much appreciated
gracias|muchas gracias|merci|merci beaucoup|danke|danke schon|vielen dank|obrigado|obrigada|grazie
bye|goodbye|good bye|see you|see ya|cya|later|adios|au revoir|tschuss|tchau|ciao ciao
nvm|never mind|nevermind|np|no problem|yw|you are welcome|youre welcome|de nada|bitte|de rien
yes|no|yeah|yep|yup|nope|nah|sure|maybe|idk|dunno|whatever|k thx|ok thanks|ok thank you
blah|blah blah|bla|bla bla|blablabla|etc|stuff|nothing|random|anything|something
lorem ipsum|foo|bar|foobar|baz|qux|asdf|qwerty|abc|xyz|abcd|abcdef
si|oui|non|ja|nein|nee|sim|nao|claro|vale|bueno|bien|bom|bon|gut
"""

TESTS = """
test|tests|testing|test test|testing testing|test 123|testing 123|test message|test msg
this is a test|just a test|just testing|only a test|testing one two three|mic check|check check
ping|pong|hello test|test hello|echo|prueba|probando|essai|teste|testando|probe
"""

PROBES = """
are you real|are you a bot|are you human|are you a human|are you a real person|are you a robot
are you an ai|are you ai|are you alive|are you there|you there|anyone there|anybody there|is anyone there
can you talk|can you hear me|can you speak|do you work|does this work|is this working|is this thing on
does it work|it works|working|just checking|checking|just looking|just browsing|just curious
who are you|what are you|what is this|whats this|what can you do|what do you do|help|help me
eres real|eres un bot|es-tu reel|tu es un robot|bist du echt|bist du ein bot|voce e real|e um robo
"""


def _rows():
    for kind, block in (
        ("greeting", GREETINGS),
        ("filler", FILLER),
        ("test", TESTS),
        ("probe", PROBES),
    ):
        for line in block.strip().splitlines():
            for term in line.split("|"):
                if term.strip():
                    yield term.strip().lower(), kind


def seed(apps, schema_editor):
    WastefulTerm = apps.get_model("eve", "WastefulTerm")
    ContentVersion = apps.get_model("eve", "ContentVersion")
    seen = set()
    terms = []
    for term, kind in _rows():
        if term not in seen:
            seen.add(term)
            terms.append(WastefulTerm(term=term, kind=kind))
    existing = set(WastefulTerm.objects.values_list("term", flat=True))
    WastefulTerm.objects.bulk_create([t for t in terms if t.term not in existing])
    ContentVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def unseed(apps, schema_editor):
    WastefulTerm = apps.get_model("eve", "WastefulTerm")
    WastefulTerm.objects.filter(term__in=[term for term, _ in _rows()]).delete()


class Migration(migrations.Migration):
    dependencies = [("eve", "0002_content_version_token_usage")]

    operations = [migrations.RunPython(seed, unseed)]
