"""Run inside a production-mode process: sign in to the admin over HTTPS and report cookies.

Used by test_production_cookies.py as ``python -m tests.security.production_probe``
with DJANGO_DEBUG=false; prints one JSON object describing what a browser gets.
"""

import json
import os

import django


def _morsel(cookie) -> dict:
    return {
        "name": cookie.key,
        "secure": bool(cookie["secure"]),
        "httponly": bool(cookie["httponly"]),
        "samesite": cookie["samesite"],
        "path": cookie["path"],
        "domain": cookie["domain"],
    }


def main() -> None:
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0, interactive=False)
    password = os.environ["PROBE_PASSWORD"]
    get_user_model().objects.create_superuser("owner", "owner@example.com", password)
    client = Client(HTTP_HOST="portfolio.example.com")
    login_url = f"/{settings.ADMIN_URL}login/"
    page = client.get(login_url, secure=True)
    cookies = {name: _morsel(c) for name, c in page.cookies.items()}
    token = page.cookies[settings.CSRF_COOKIE_NAME].value
    signed_in = client.post(
        login_url,
        {"username": "owner", "password": password, "csrfmiddlewaretoken": token},
        secure=True,
        HTTP_REFERER=f"https://portfolio.example.com{login_url}",
    )
    cookies.update({name: _morsel(c) for name, c in signed_in.cookies.items()})
    plain_http = client.get("/api/profile/")
    print(
        json.dumps(
            {
                "login_page_status": page.status_code,
                "sign_in_status": signed_in.status_code,
                "cookies": cookies,
                "session_cookie_name": settings.SESSION_COOKIE_NAME,
                "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
                "headers": {
                    key: page.headers.get(key)
                    for key in (
                        "Strict-Transport-Security",
                        "X-Frame-Options",
                        "X-Content-Type-Options",
                        "Referrer-Policy",
                        "Content-Security-Policy",
                    )
                },
                "plain_http_status": plain_http.status_code,
                "plain_http_location": plain_http.headers.get("Location", ""),
            }
        )
    )


if __name__ == "__main__":
    main()
