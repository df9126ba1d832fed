"""The sentences EVE composes herself, in each of her languages (record text is never translated).

Placeholders: {name} (the owner's first name), {topic}, {items}, {location},
{role}, {company}, {period}, {how}, {title}, {date}. English first; every
language has every key (a test checks).
"""

from __future__ import annotations

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "yes": "Yes",
        "not_yet": "Not yet",
        "no": "No",
        "or": "or",
        "and": "and",
        "email": "email",
        "dont_know": (
            "I don't have that information in {name}'s portfolio. "
            "You're welcome to ask {name} directly: {how}."
        ),
        "missing_some": (
            "I don't have anything about {topic} in {name}'s portfolio; here's what is related:"
        ),
        "found": "Here's what I found in {name}'s portfolio:",
        "projects": "Here are the most relevant of {name}'s projects:",
        "yes_topic": "Yes — {name}'s work shows {topic}: {items}.",
        "cert_held": "Yes — {name} holds {items}.",
        "cert_in_progress": "Not yet — {items}: in progress, not yet earned.",
        "cert_expired": "No — {name} earned {items}, but it has EXPIRED, so it is not current.",
        "certs": "{name}'s certificates:",
        "certs_valid": "{name}'s current certificates are listed first:",
        "certs_none_valid": "None of the matching certificates is current for {name}:",
        "heading_current": "Current",
        "heading_in_progress": "In progress (not yet earned)",
        "heading_expired": "Expired (no longer current)",
        "more_certs": "…and {topic} more in the {where} section.",
        "certs_section": "certifications",
        "location": "{name} is based in {location}. From the profile:",
        "no_time_zone": (
            "The portfolio doesn't state a time zone, but {name} is based in {location}. "
            "From the profile:"
        ),
        "current_role": "{name} is currently {role} at {company} ({period}).",
        "worked_at": "{name} has worked at {items}.",
        "projects_using": "{name}'s projects that use {topic}: {items}.",
        "no_project_uses": "None of {name}'s projects lists {topic} in its tech stack.",
        "tech_stack": "{title} uses {items}.",
        "ranked_none": (
            "The portfolio doesn't rank them, but these are the results it highlights:"
        ),
        "featured": "The portfolio doesn't rank projects; the featured ones are {items}.",
        "summary": "{name} in brief:",
        "job_lead": (
            "Here's how {name}'s portfolio lines up with the {topic} requirements I found in "
            "that description (an assessment of the evidence, not a score):"
        ),
        "job_evidenced": "Shown in the portfolio",
        "job_missing": "Not mentioned in the portfolio",
        "job_none": "I couldn't pick out specific technologies or skills in that text.",
        "job_close": (
            "The portfolio can't show everything: to discuss the role, get in touch with "
            "{name}: {how}."
        ),
    },
    "es": {
        "yes": "Sí",
        "not_yet": "Todavía no",
        "no": "No",
        "or": "o",
        "and": "y",
        "email": "correo",
        "dont_know": (
            "No tengo esa información en el portafolio de {name}. "
            "Puedes preguntarle directamente: {how}."
        ),
        "missing_some": (
            "No tengo nada sobre {topic} en el portafolio de {name}; esto es lo relacionado:"
        ),
        "found": "Esto es lo que encontré en el portafolio de {name}:",
        "projects": "Estos son los proyectos de {name} más relevantes:",
        "yes_topic": "Sí — el trabajo de {name} muestra {topic}: {items}.",
        "cert_held": "Sí — {name} tiene {items}.",
        "cert_in_progress": "Todavía no — {items}: en curso, aún no obtenida.",
        "cert_expired": "No — {name} obtuvo {items}, pero ha caducado y ya no está vigente.",
        "certs": "Las certificaciones de {name}:",
        "certs_valid": "Las certificaciones vigentes de {name} aparecen primero:",
        "certs_none_valid": "Ninguna de las certificaciones correspondientes de {name} está vigente:",
        "heading_current": "Vigentes",
        "heading_in_progress": "En curso (aún no obtenidas)",
        "heading_expired": "Caducadas (ya no vigentes)",
        "more_certs": "…y {topic} más en la sección de {where}.",
        "certs_section": "certificaciones",
        "location": "{name} está en {location}. Del perfil:",
        "no_time_zone": (
            "El portafolio no indica una zona horaria, pero {name} está en {location}. Del perfil:"
        ),
        "current_role": "Actualmente {name} es {role} en {company} ({period}).",
        "worked_at": "{name} ha trabajado en {items}.",
        "projects_using": "Los proyectos de {name} que usan {topic}: {items}.",
        "no_project_uses": "Ninguno de los proyectos de {name} incluye {topic}.",
        "tech_stack": "{title} usa {items}.",
        "ranked_none": "El portafolio no los clasifica, pero estos son los resultados que destaca:",
        "featured": "El portafolio no clasifica los proyectos; los destacados son {items}.",
        "summary": "{name} en resumen:",
        "job_lead": (
            "Así se corresponde el portafolio de {name} con los {topic} requisitos que encontré "
            "(una valoración de la evidencia, no una puntuación):"
        ),
        "job_evidenced": "Demostrado en el portafolio",
        "job_missing": "No mencionado en el portafolio",
        "job_none": "No pude identificar tecnologías o habilidades concretas en ese texto.",
        "job_close": "Para hablar del puesto, ponte en contacto con {name}: {how}.",
    },
    "fr": {
        "yes": "Oui",
        "not_yet": "Pas encore",
        "no": "Non",
        "or": "ou",
        "and": "et",
        "email": "e-mail",
        "dont_know": (
            "Je n'ai pas cette information dans le portfolio de {name}. "
            "Vous pouvez le lui demander directement : {how}."
        ),
        "missing_some": (
            "Je n'ai rien sur {topic} dans le portfolio de {name} ; voici ce qui s'en rapproche :"
        ),
        "found": "Voici ce que j'ai trouvé dans le portfolio de {name} :",
        "projects": "Voici les projets de {name} les plus pertinents :",
        "yes_topic": "Oui — le travail de {name} montre {topic} : {items}.",
        "cert_held": "Oui — {name} détient {items}.",
        "cert_in_progress": "Pas encore — {items} : en cours, pas encore obtenue.",
        "cert_expired": "Non — {name} a obtenu {items}, mais elle a expiré et n'est plus valide.",
        "certs": "Les certifications de {name} :",
        "certs_valid": "Les certifications valides de {name} sont listées en premier :",
        "certs_none_valid": "Aucune des certifications correspondantes de {name} n'est valide :",
        "heading_current": "Valides",
        "heading_in_progress": "En cours (pas encore obtenues)",
        "heading_expired": "Expirées (plus valides)",
        "more_certs": "…et {topic} de plus dans la section {where}.",
        "certs_section": "certifications",
        "location": "{name} est basé à {location}. D'après le profil :",
        "no_time_zone": (
            "Le portfolio n'indique pas de fuseau horaire, mais {name} est basé à {location}. "
            "D'après le profil :"
        ),
        "current_role": "{name} est actuellement {role} chez {company} ({period}).",
        "worked_at": "{name} a travaillé chez {items}.",
        "projects_using": "Les projets de {name} qui utilisent {topic} : {items}.",
        "no_project_uses": "Aucun projet de {name} n'utilise {topic}.",
        "tech_stack": "{title} utilise {items}.",
        "ranked_none": (
            "Le portfolio ne les classe pas, mais voici les résultats qu'il met en avant :"
        ),
        "featured": "Le portfolio ne classe pas les projets ; ceux mis en avant sont {items}.",
        "summary": "{name} en bref :",
        "job_lead": (
            "Voici comment le portfolio de {name} correspond aux {topic} exigences trouvées "
            "(une évaluation des preuves, pas une note) :"
        ),
        "job_evidenced": "Démontré dans le portfolio",
        "job_missing": "Non mentionné dans le portfolio",
        "job_none": "Je n'ai pas trouvé de technologies ou compétences précises dans ce texte.",
        "job_close": "Pour parler du poste, contactez {name} : {how}.",
    },
    "de": {
        "yes": "Ja",
        "not_yet": "Noch nicht",
        "no": "Nein",
        "or": "oder",
        "and": "und",
        "email": "E-Mail",
        "dont_know": (
            "Diese Information habe ich nicht in {name}s Portfolio. "
            "Fragen Sie {name} gern direkt: {how}."
        ),
        "missing_some": ("Zu {topic} steht nichts in {name}s Portfolio; das hier ist verwandt:"),
        "found": "Das habe ich in {name}s Portfolio gefunden:",
        "projects": "Das sind die passendsten Projekte von {name}:",
        "yes_topic": "Ja — {name}s Arbeit zeigt {topic}: {items}.",
        "cert_held": "Ja — {name} hat {items}.",
        "cert_in_progress": "Noch nicht — {items}: in Arbeit, noch nicht erworben.",
        "cert_expired": "Nein — {name} hat {items} erworben, aber es ist abgelaufen.",
        "certs": "Die Zertifikate von {name}:",
        "certs_valid": "Die gültigen Zertifikate von {name} stehen zuerst:",
        "certs_none_valid": "Keines der passenden Zertifikate von {name} ist gültig:",
        "heading_current": "Gültig",
        "heading_in_progress": "In Arbeit (noch nicht erworben)",
        "heading_expired": "Abgelaufen (nicht mehr gültig)",
        "more_certs": "…und {topic} weitere im Abschnitt {where}.",
        "certs_section": "Zertifikate",
        "location": "{name} lebt in {location}. Aus dem Profil:",
        "no_time_zone": (
            "Das Portfolio nennt keine Zeitzone, aber {name} lebt in {location}. Aus dem Profil:"
        ),
        "current_role": "{name} ist derzeit {role} bei {company} ({period}).",
        "worked_at": "{name} hat bei {items} gearbeitet.",
        "projects_using": "Die Projekte von {name}, die {topic} nutzen: {items}.",
        "no_project_uses": "Keines der Projekte von {name} nutzt {topic}.",
        "tech_stack": "{title} nutzt {items}.",
        "ranked_none": (
            "Das Portfolio bewertet sie nicht, aber das sind die Ergebnisse, die es hervorhebt:"
        ),
        "featured": "Das Portfolio bewertet keine Projekte; hervorgehoben sind {items}.",
        "summary": "{name} in Kürze:",
        "job_lead": (
            "So passt {name}s Portfolio zu den {topic} Anforderungen, die ich gefunden habe "
            "(eine Einschätzung der Belege, keine Note):"
        ),
        "job_evidenced": "Im Portfolio belegt",
        "job_missing": "Im Portfolio nicht erwähnt",
        "job_none": "Ich konnte in dem Text keine konkreten Technologien oder Fähigkeiten finden.",
        "job_close": "Um über die Stelle zu sprechen, kontaktieren Sie {name}: {how}.",
    },
    "pt": {
        "yes": "Sim",
        "not_yet": "Ainda não",
        "no": "Não",
        "or": "ou",
        "and": "e",
        "email": "e-mail",
        "dont_know": (
            "Não tenho essa informação no portfólio de {name}. Pode perguntar diretamente: {how}."
        ),
        "missing_some": (
            "Não tenho nada sobre {topic} no portfólio de {name}; isto é o que está relacionado:"
        ),
        "found": "Isto é o que encontrei no portfólio de {name}:",
        "projects": "Estes são os projetos de {name} mais relevantes:",
        "yes_topic": "Sim — o trabalho de {name} mostra {topic}: {items}.",
        "cert_held": "Sim — {name} tem {items}.",
        "cert_in_progress": "Ainda não — {items}: em andamento, ainda não obtida.",
        "cert_expired": "Não — {name} obteve {items}, mas expirou e já não é válida.",
        "certs": "As certificações de {name}:",
        "certs_valid": "As certificações válidas de {name} aparecem primeiro:",
        "certs_none_valid": "Nenhuma das certificações correspondentes de {name} é válida:",
        "heading_current": "Válidas",
        "heading_in_progress": "Em andamento (ainda não obtidas)",
        "heading_expired": "Expiradas (já não válidas)",
        "more_certs": "…e mais {topic} na secção de {where}.",
        "certs_section": "certificações",
        "location": "{name} está em {location}. Do perfil:",
        "no_time_zone": (
            "O portfólio não indica um fuso horário, mas {name} está em {location}. Do perfil:"
        ),
        "current_role": "Atualmente {name} é {role} na {company} ({period}).",
        "worked_at": "{name} trabalhou em {items}.",
        "projects_using": "Os projetos de {name} que usam {topic}: {items}.",
        "no_project_uses": "Nenhum projeto de {name} usa {topic}.",
        "tech_stack": "{title} usa {items}.",
        "ranked_none": "O portfólio não os classifica, mas estes são os resultados que destaca:",
        "featured": "O portfólio não classifica os projetos; os destacados são {items}.",
        "summary": "{name} em resumo:",
        "job_lead": (
            "Assim o portfólio de {name} corresponde aos {topic} requisitos que encontrei "
            "(uma avaliação das evidências, não uma nota):"
        ),
        "job_evidenced": "Demonstrado no portfólio",
        "job_missing": "Não mencionado no portfólio",
        "job_none": "Não consegui identificar tecnologias ou competências concretas nesse texto.",
        "job_close": "Para falar sobre a vaga, entre em contacto com {name}: {how}.",
    },
}


def phrase(language: str, key: str, **values) -> str:
    """The sentence ``key`` in ``language`` (English when the language is not one of EVE's)."""
    table = PHRASES.get(language) or PHRASES["en"]
    return table[key].format(**values)


def listed(language: str, items, *, conjunction: str = "and") -> str:
    """ "A, B and C" in the language's own conjunction."""
    items = [str(item) for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    word = phrase(language, conjunction)
    return ", ".join(items[:-1]) + f" {word} {items[-1]}"


def owner_label(owner) -> str:
    return getattr(owner, "first_name", "") or getattr(owner, "name", "") or "the site owner"


def contact_route(owner, language: str) -> str:
    routes = []
    if getattr(owner, "email", ""):
        routes.append(f"{phrase(language, 'email')} [{owner.email}](mailto:{owner.email})")
    if getattr(owner, "linkedin_url", ""):
        routes.append(f"[LinkedIn]({owner.linkedin_url})")
    if not routes:
        return "the contact details on this site"
    return listed(language, routes, conjunction="or")


def dont_know(owner, language: str) -> str:
    return phrase(
        language, "dont_know", name=owner_label(owner), how=contact_route(owner, language)
    )
