"""The load test's users (bench/load.py starts locust with this file): bureau staff with API tokens, mixing what a
bureau's day does — ledger lists and filters, record details, statistics, and a few writes (new hazards).

Read from the environment (bench/load.py sets them): LOAD_TOKENS (comma-separated API tokens of in-scope users),
LOAD_HAZARDS and LOAD_ENTERPRISES (comma-separated ids to open), LOAD_YEAR (the statistics year), LOAD_PAGES
(how many pages of the enterprise list exist)."""

import datetime
import os
import random

from locust import FastHttpUser, between, task

TOKENS = os.environ["LOAD_TOKENS"].split(",")
HAZARDS = os.environ["LOAD_HAZARDS"].split(",")
ENTERPRISES = os.environ["LOAD_ENTERPRISES"].split(",")
PAGES = int(os.environ.get("LOAD_PAGES", 1))
YEAR = int(os.environ.get("LOAD_YEAR", datetime.date.today().year - 1))
STATES = ["pending", "in_progress", "awaiting_acceptance", "closed"]


class Staff(FastHttpUser):
    # FastHttpUser (geventhttpclient): the load generator shares the server's two cores, and requests' HTTP client
    # costs several times its CPU per request (bench/load.py prints each side's CPU per request)
    wait_time = between(1, 3)  # a person reads the page before the next click

    def on_start(self):
        self.auth = {"Authorization": f"Token {random.choice(TOKENS)}"}

    @task(5)
    def hazard_list(self):
        self.client.get(f"/api/v1/hazards/?state={random.choice(STATES)}", name="/api/v1/hazards/?state=", headers=self.auth)

    @task(3)
    def hazard_detail(self):
        self.client.get(f"/api/v1/hazards/{random.choice(HAZARDS)}/", name="/api/v1/hazards/<id>/", headers=self.auth)

    @task(3)
    def enterprise_list(self):
        self.client.get(f"/api/v1/enterprises/?page={random.randint(1, PAGES)}", name="/api/v1/enterprises/?page=", headers=self.auth)

    @task(2)
    def enterprise_detail(self):
        self.client.get(f"/api/v1/enterprises/{random.choice(ENTERPRISES)}/", name="/api/v1/enterprises/<id>/", headers=self.auth)

    @task(1)
    def supervision_stats(self):
        self.client.get(f"/api/v1/supervision-stats/?start={YEAR}-01-01&end={YEAR}-12-31",
                        name="/api/v1/supervision-stats/", headers=self.auth)

    @task(1)
    def accident_stats(self):
        self.client.get(f"/api/v1/accident-stats/?start={YEAR}-01-01&end={YEAR}-12-31", name="/api/v1/accident-stats/", headers=self.auth)

    @task(1)
    def new_hazard(self):
        today = datetime.date.today()
        self.client.post("/api/v1/hazards/", json={
            "enterprise": int(random.choice(ENTERPRISES)), "description": "压力表未定期校验", "category": "equipment",
            "source": "department", "found_on": str(today), "deadline": str(today + datetime.timedelta(days=7))},
            name="POST /api/v1/hazards/", headers=self.auth)

    @task(1)
    def health(self):
        # the floor under the same load: a request that only asks the database for SELECT 1
        self.client.get("/healthz", name="/healthz", headers=self.auth)
