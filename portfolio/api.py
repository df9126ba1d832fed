"""The portfolio's read API: one thin view per operation, serializers nested inside."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from cloudforgex.schema import BlankAsNullEmailField, BlankAsNullURLField, ErrorSerializer
from portfolio import selectors

NOT_FOUND = {404: ErrorSerializer}


class ProfileDetailApi(APIView):
    @extend_schema_serializer(component_name="Profile")
    class OutputSerializer(serializers.Serializer):
        name = serializers.CharField()
        headline = serializers.CharField()
        location = serializers.CharField()
        bio = serializers.CharField(help_text="Markdown.")
        email = BlankAsNullEmailField()
        linkedin_url = BlankAsNullURLField()
        github_url = BlankAsNullURLField()
        website_url = BlankAsNullURLField()
        resume_url = serializers.SerializerMethodField()
        updated_at = serializers.DateTimeField()

        @extend_schema_field(serializers.URLField(allow_null=True))
        def get_resume_url(self, profile) -> str | None:
            if not profile.resume:
                return None
            return self.context["request"].build_absolute_uri(reverse("frontend:resume"))

    @extend_schema(
        operation_id="profile_retrieve",
        summary="The owner's profile",
        responses={200: OutputSerializer, **NOT_FOUND},
        tags=["portfolio"],
    )
    def get(self, request):
        profile = selectors.profile_get()
        return Response(self.OutputSerializer(profile, context={"request": request}).data)


@extend_schema_serializer(component_name="ProjectSummary")
class ProjectSummarySerializer(serializers.Serializer):
    title = serializers.CharField()
    slug = serializers.SlugField()
    summary = serializers.CharField()
    tech_stack = serializers.ListField(child=serializers.CharField())
    highlights = serializers.ListField(child=serializers.CharField())
    category = serializers.CharField()
    github_url = BlankAsNullURLField()
    live_url = BlankAsNullURLField()
    featured = serializers.BooleanField()
    url = serializers.CharField(
        source="get_absolute_url", help_text="The project's page on the site."
    )


class ProjectListApi(APIView):
    class FilterSerializer(serializers.Serializer):
        featured = serializers.BooleanField(
            required=False,
            allow_null=True,
            default=None,
            error_messages={"invalid": "Use featured=true or featured=false."},
        )
        category = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=100,
            error_messages={"max_length": "Keep category under 100 characters."},
        )
        tech = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=100,
            error_messages={"max_length": "Keep tech under 100 characters."},
        )

    @extend_schema(
        operation_id="projects_list",
        summary="Published projects, in the owner's order",
        parameters=[
            OpenApiParameter(
                "featured", OpenApiTypes.BOOL, description="Only featured (true) or not (false)."
            ),
            OpenApiParameter(
                "category", OpenApiTypes.STR, description="Exact category, any letter case."
            ),
            OpenApiParameter(
                "tech",
                OpenApiTypes.STR,
                description=(
                    "Projects whose tech stack mentions this technology as whole words, any "
                    'letter case: "lambda", "aws" and "AWS Lambda" all match "AWS Lambda"; '
                    '"ambd" does not. Several words must appear together and in order.'
                ),
            ),
        ],
        responses={200: ProjectSummarySerializer(many=True), 400: ErrorSerializer},
        tags=["portfolio"],
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        projects = selectors.project_list(**filters.validated_data)
        return Response(ProjectSummarySerializer(projects, many=True).data)


class ProjectDetailApi(APIView):
    @extend_schema_serializer(component_name="Project")
    class OutputSerializer(ProjectSummarySerializer):
        description = serializers.CharField(help_text="Markdown.")

    @extend_schema(
        operation_id="projects_retrieve",
        summary="One published project",
        parameters=[
            OpenApiParameter(
                "slug", OpenApiTypes.STR, OpenApiParameter.PATH, pattern=r"^[-a-zA-Z0-9_]+$"
            )
        ],
        responses={200: OutputSerializer, **NOT_FOUND},
        tags=["portfolio"],
    )
    def get(self, request, slug: str):
        project = selectors.project_get(slug=slug)
        return Response(self.OutputSerializer(project).data)


class ExperienceListApi(APIView):
    @extend_schema_serializer(component_name="Experience")
    class OutputSerializer(serializers.Serializer):
        company = serializers.CharField()
        role = serializers.CharField()
        period = serializers.CharField()
        summary = serializers.CharField()

    @extend_schema(
        operation_id="experience_list",
        summary="Published work experience, in the owner's order",
        responses={200: OutputSerializer(many=True)},
        tags=["portfolio"],
    )
    def get(self, request):
        return Response(self.OutputSerializer(selectors.experience_list(), many=True).data)


class SkillListApi(APIView):
    @extend_schema_serializer(component_name="Skill")
    class OutputSerializer(serializers.Serializer):
        name = serializers.CharField()
        category = serializers.CharField()

    @extend_schema(
        operation_id="skills_list",
        summary="Published skills, in the owner's order",
        responses={200: OutputSerializer(many=True)},
        tags=["portfolio"],
    )
    def get(self, request):
        return Response(self.OutputSerializer(selectors.skill_list(), many=True).data)
