"""Forecast-linked steps: warnings whose onset lies ahead become prepared notices and checklist items."""

from yingji.platform.core import sweeper


@sweeper.sweep("response.forecast", every=60)
def forecast(now):
    from .services import prepare_forecast_steps

    return prepare_forecast_steps(now)
