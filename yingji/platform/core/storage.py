"""Static files in production: hashed names (cached for a year), gzip-compressed, served by the app (WhiteNoise).

The vendored libraries are kept byte-for-byte as published, and some name source maps they do not ship
(tom-select's `sourceMappingURL`): URLs inside the files are therefore left as they are (`patterns = ()`); their
neighbours (Leaflet's marker images) are served under their plain names, which WhiteNoise serves as well.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    patterns = ()
    manifest_strict = False  # a template naming a file that was not collected gets its plain URL, not a 500

    def create_compressor(self, **kwargs):
        # gzip only, whatever else is installed: WhiteNoise adds Brotli when the `brotli` package happens to be
        # there (the load test's client brings it), which made `collectstatic` (run by `yingji serve` at every
        # start) take 40 s instead of a few on 2 cores, for files a bureau's intranet serves gzip-compressed anyway
        return super().create_compressor(**{**kwargs, "use_brotli": False})
