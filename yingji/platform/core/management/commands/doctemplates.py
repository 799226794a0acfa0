"""yingji doctemplates build [--check] | list | export APP/NAME FILE [--shipped] | install APP/NAME FILE | revert APP/NAME

build: write each app's shipped 文书 templates (<app>/doc_templates/<name>.docx) from the builders in
<app>/doc_templates/__init__.py (TEMPLATES = {name: build}), laid out per GB/T 9704-2012 by
yingji.platform.core.documents.TemplateBuilder. The generated files are committed; run this after changing a builder.
--check: write nothing, fail if a committed template differs from what its builder makes (CI and tests).
list: the templates, and which ones the bureau has replaced in YINGJI_DOC_TEMPLATES_DIR.
export: write the template in use (the bureau's, or with --shipped the one shipped) to FILE, to restyle it in Word.
install: make FILE the bureau's template (checked; the previous one archived; an audit event).
revert: go back to the shipped template (the bureau's copy archived, not deleted; an audit event).
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
        export = sub.add_parser("export", help="导出正在使用的模板，供在 Word 中修改")
        export.add_argument("template", help="如 enforcement/decision")
        export.add_argument("file")
        export.add_argument("--shipped", action="store_true", help="导出随程序发布的模板")
        install = sub.add_parser("install", help="启用本局模板（检查后生效，原模板归档，记入审计）")
        install.add_argument("template")
        install.add_argument("file")
        install.add_argument("--user", required=True, help="操作人用户名（记入审计）")
        revert = sub.add_parser("revert", help="恢复随程序发布的模板（本局模板归档，记入审计）")
        revert.add_argument("template")
        revert.add_argument("--user", required=True, help="操作人用户名（记入审计）")

    @staticmethod
    def _template(value):
        app_label, _sep, name = value.partition("/")
        if (app_label, name) not in {(a, n) for a, n, _title in documents.shipped_templates()}:
            raise CommandError(f"没有名为 {value} 的文书模板（yingji doctemplates list 列出全部）")
        return app_label, name

    @staticmethod
    def _user(username):
        if not username:
            return None
        from django.contrib.auth import get_user_model

        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"没有用户 {username}")

    def handle(self, *args, action, **options):
        if action == "list":
            for app_label, name, title in documents.shipped_templates():
                override = documents.override_path(app_label, name)
                where = str(override) if override.is_file() else "随程序发布"
                self.stdout.write(f"{app_label}/{name}.docx\t{title}\t{where}")
            return
        if action in ("export", "install", "revert"):
            return self._manage(action, **options)
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

    def _manage(self, action, *, template, **options):
        from django.core.exceptions import ValidationError

        app_label, name = self._template(template)
        try:
            if action == "export":
                source = (documents.shipped_path if options["shipped"] else documents.template_path)(app_label, name)
                Path(options["file"]).write_bytes(source.read_bytes())
                self.stdout.write(f"已导出 {source} → {options['file']}")
            elif action == "install":
                path = documents.install_template(app_label, name, Path(options["file"]).read_bytes(),
                                                  actor=self._user(options["user"]))
                self.stdout.write(f"已启用本局模板 {path}")
            else:
                archived = documents.revert_template(app_label, name, actor=self._user(options["user"]))
                self.stdout.write(f"已恢复随程序发布的模板；本局模板归档为 {archived}")
        except ValidationError as e:
            raise CommandError("；".join(e.messages))
        except OSError as e:
            raise CommandError(f"无法读写文件：{e}")
