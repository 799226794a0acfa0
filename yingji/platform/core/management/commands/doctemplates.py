"""yingji doctemplates build [--check] | list

build: write each app's shipped 文书 templates (<app>/doc_templates/<name>.docx) from the builders in
<app>/doc_templates/__init__.py (TEMPLATES = {name: build}), laid out per GB/T 9704-2012 by
yingji.platform.core.documents.TemplateBuilder. The generated files are committed; run this after changing a builder.
--check: write nothing, fail if a committed template differs from what its builder makes (CI and tests).
list: the templates, and which ones the bureau has replaced in YINGJI_DOC_TEMPLATES_DIR.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yingji.platform.core import documents


class Command(BaseCommand):
    requires_system_checks = ()  # files only: runs even while a URL conf is being edited
    help = "生成或检查随程序发布的文书模板（.docx，GB/T 9704-2012 版式）；列出本局替换过的模板"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="由各应用的 doc_templates/__init__.py 生成 .docx 模板")
        build.add_argument("--check", action="store_true", help="只检查已提交的模板是否与生成结果一致，不写文件")
        sub.add_parser("list", help="列出文书模板及本局替换情况")

    def handle(self, *args, action, **options):
        if action == "list":
            for app_label, name, title in documents.shipped_templates():
                override = documents.override_path(app_label, name)
                where = str(override) if override.is_file() else "随程序发布"
                self.stdout.write(f"{app_label}/{name}.docx\t{title}\t{where}")
            return
        stale = []
        for app_label, name, build in documents.template_builders():
            content = build().content()
            path = documents.shipped_path(app_label, name)
            current = path.is_file() and documents.template_parts(path.read_bytes()) == documents.template_parts(content)
            if current:  # the same layout and text: leave the committed file as it is (zip times differ)
                continue
            if options["check"]:
                stale.append(str(path))
                continue
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            self.stdout.write(f"已生成 {path}")
        if stale:
            raise CommandError("以下模板与生成结果不一致，请运行 yingji doctemplates build 并提交：\n" + "\n".join(stale))
