"""The OpenAPI schema view, generated once per process, API version and language.

The schema is the same for every account allowed to read it (SERVE_PUBLIC; SERVE_PERMISSIONS decides who may), and
generating it walks every operation of every module (seconds of CPU), so each request after the first serves the
stored result. A deployment serves new code from new processes, which generate it again.
"""

from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response


class SchemaView(SpectacularAPIView):
    _generated = {}

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (version, translation.get_language())
        if key not in self._generated:
            generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
            self._generated[key] = generator.get_schema(request=request, public=self.serve_public)
        return Response(data=self._generated[key],
                        headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'})
