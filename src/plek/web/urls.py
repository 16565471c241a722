from django.urls import path

from plek.web import charts, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("grafieken/vega-interpreter.js", charts.vega_interpreter, name="vega-interpreter"),
]
