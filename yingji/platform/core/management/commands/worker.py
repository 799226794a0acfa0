"""yingji worker: run the background-job worker (django.tasks with the django-tasks-db backend).

Any number of workers may run, on this machine or others sharing the PostgreSQL database; each claims jobs
safely. Options are db_worker's (e.g. --batch to drain the queue and exit, --queue-name '*').
"""

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand


class Command(DBWorkerCommand):
    help = "运行后台任务工作进程（导入、报告生成、预警发送等）。可在多台机器上同时运行多个。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)
