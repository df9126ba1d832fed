"""The site's pages: each view asks a selector for its data and renders a template."""

from django.http import FileResponse, Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from frontend import selectors
from portfolio.exceptions import ProfileNotFound, ProjectNotFound
from portfolio.images import image_info
from portfolio.selectors import profile_get


@require_safe
def home(request):
    return render(request, "frontend/home.html", selectors.home_page_data())


@require_safe
def project_detail(request, slug: str):
    try:
        data = selectors.project_page_data(slug=slug)
    except ProjectNotFound as exc:
        raise Http404("No published project here.") from exc
    return render(request, "frontend/project_detail.html", data)


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin, Swagger UI, PDFs)."""
    return HttpResponsePermanentRedirect(static("frontend/img/favicon.svg"))


@require_safe
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("frontend:sitemap"))
    return render(request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain")


@require_safe
def resume(request):
    """The owner's résumé, streamed from storage (a private bucket in production)."""
    try:
        profile = profile_get()
    except ProfileNotFound as exc:
        raise Http404("No résumé yet.") from exc
    if not profile.resume or not profile.resume.storage.exists(profile.resume.name):
        raise Http404("No résumé yet.")
    response = FileResponse(
        profile.resume.open("rb"), content_type="application/pdf", filename="resume.pdf"
    )
    response["Content-Disposition"] = 'inline; filename="resume.pdf"'
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def profile_photo(request):
    """The owner's photo, streamed from storage; its type is read from its bytes, not its name."""
    try:
        profile = profile_get()
    except ProfileNotFound as exc:
        raise Http404("No photo yet.") from exc
    if not profile.photo or not profile.photo.storage.exists(profile.photo.name):
        raise Http404("No photo yet.")
    handle = profile.photo.open("rb")
    info = image_info(handle.read(256 * 1024))
    handle.seek(0)
    if info is None:
        handle.close()
        raise Http404("No photo yet.")
    response = FileResponse(handle, content_type=info.content_type)
    # The address carries ?v=<last change>, so a new photo is a new URL.
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
